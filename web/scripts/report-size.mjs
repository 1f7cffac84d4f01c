// Prints the gzipped size of the JavaScript the first screen needs: the
// scripts and module preloads referenced by dist/app/index.html (lazy chunks
// are not counted). Exits non-zero when over the budget.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

const BUDGET_BYTES = 200 * 1024;
const distDir = new URL('../dist/app/', import.meta.url).pathname;

const html = readFileSync(join(distDir, 'index.html'), 'utf8');
const urls = new Set();
for (const [, src] of html.matchAll(/<script[^>]*\ssrc="([^"]+\.js)"/g)) urls.add(src);
for (const [, href] of html.matchAll(/<link[^>]*rel="modulepreload"[^>]*href="([^"]+\.js)"/g)) urls.add(href);

if (urls.size === 0) {
  console.error('report-size: no scripts found in dist/app/index.html');
  process.exit(1);
}

let raw = 0;
let gz = 0;
for (const url of urls) {
  const file = readFileSync(join(distDir, url.replace(/^\//, '')));
  raw += file.length;
  gz += gzipSync(file, { level: 9 }).length;
}

const kb = (n) => `${(n / 1024).toFixed(1)} KB`;
console.log(`first-screen JS: ${urls.size} file(s), ${kb(raw)} raw, ${kb(gz)} gzipped (budget ${kb(BUDGET_BYTES)})`);
if (gz > BUDGET_BYTES) {
  console.error('report-size: first-screen JS is over budget');
  process.exit(1);
}
