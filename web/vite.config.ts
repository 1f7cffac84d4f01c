/**
 * Vite build and Vitest configuration for the agent web app.
 *
 * The build output in dist/app is embedded into the Go binary by embed.go and
 * served by the API at "/": index.html for every non-API GET, /assets/* with a
 * long cache (the file names carry a content hash).
 */
import { defineConfig } from 'vitest/config';

export default defineConfig({
  base: '/',
  // Preact's automatic JSX runtime (Vite 8 transforms TS/JSX with Oxc); no framework plugin needed.
  oxc: {
    jsx: { runtime: 'automatic', importSource: 'preact' },
  },
  build: {
    outDir: 'dist/app',
    emptyOutDir: true,
    assetsDir: 'assets',
    target: 'es2022',
  },
  server: {
    // `npm run dev` proxies the API to a locally running `livechat api`.
    proxy: {
      '/api': { target: process.env.LIVECHAT_API_URL ?? 'http://127.0.0.1:8080', ws: true },
    },
  },
  test: {
    environment: 'jsdom',
    include: ['tests/**/*.test.{ts,tsx}'],
    setupFiles: ['tests/setup.ts'],
    restoreMocks: true,
    unstubGlobals: true,
  },
});
