/**
 * Build of the widget's chat frame: widget/frame.html and its code, into
 * dist/widget (frame.html, assets/*). The API serves frame.html at
 * /widget/frame?key=… and the assets under /widget/assets/ (long cache, the
 * names carry a hash), hence `base: '/widget/'`. Only dist/widget is emptied;
 * the loader build (vite.loader.config.ts) adds widget.js after this one.
 */
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));

export default defineConfig({
  root: here('widget'),
  base: '/widget/',
  publicDir: false,
  oxc: {
    jsx: { runtime: 'automatic', importSource: 'preact' },
  },
  build: {
    outDir: here('dist/widget'),
    emptyOutDir: true,
    assetsDir: 'assets',
    target: 'es2020',
    // One small entry: no preload helper, no polyfill.
    modulePreload: { polyfill: false },
    rolldownOptions: {
      input: { frame: here('widget/frame.html') },
    },
  },
  // `vite -c vite.widget.config.ts` serves the frame at /widget/frame.html?key=wk_… (it starts on its own
  // without a loader) and proxies the API to a locally running `livechat api`.
  server: {
    proxy: {
      '/api': { target: process.env.LIVECHAT_API_URL ?? 'http://127.0.0.1:8080', ws: true },
    },
  },
});
