/**
 * Build of the widget loader: ONE self-contained script, dist/widget/widget.js
 * (an IIFE without imports or chunks), which the API serves at /widget.js for
 * site owners to embed. Runs after the frame build (vite.widget.config.ts),
 * so it must not empty dist/widget.
 */
import { defineConfig } from 'vite';

export default defineConfig({
  publicDir: false,
  build: {
    outDir: 'dist/widget',
    emptyOutDir: false,
    target: 'es2020',
    minify: true,
    sourcemap: false,
    copyPublicDir: false,
    lib: {
      entry: 'widget/loader/main.ts',
      formats: ['iife'],
      name: 'LivechatLoader',
      fileName: () => 'widget.js',
    },
  },
});
