// Prints gzipped sizes (level 9) and exits non-zero when one is over its budget:
// - the agent app's first-screen JS: the scripts and module preloads referenced by
//   dist/app/index.html (lazy chunks are not counted);
// - the chat widget: (a) the loader dist/widget/widget.js, (b) everything the frame
//   loads when opened (dist/widget/frame.html and the scripts, module preloads and
//   stylesheets it references), (c) the whole widget, a + b.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

const APP_BUDGET_BYTES = 200 * 1024;
const LOADER_BUDGET_BYTES = 5 * 1024;
const WIDGET_BUDGET_BYTES = 30 * 1024;

const distDir = new URL('../dist/', import.meta.url).pathname;
const kb = (n) => `${(n / 1024).toFixed(1)} KB`;
let failed = false;

function fail(message) {
  console.error(`report-size: ${message}`);
  failed = true;
}

/** Raw and gzipped bytes of files, summed (each file compressed on its own, as served). */
function measure(paths) {
  let raw = 0;
  let gz = 0;
  for (const path of paths) {
    const file = readFileSync(path);
    raw += file.length;
    gz += gzipSync(file, { level: 9 }).length;
  }
  return { raw, gz };
}

/** The files an HTML page loads at once: scripts, module preloads and (optionally) stylesheets. */
function referenced(html, { styles }) {
  const urls = new Set();
  for (const [, src] of html.matchAll(/<script[^>]*\ssrc="([^"]+)"/g)) urls.add(src);
  for (const [, href] of html.matchAll(/<link[^>]*rel="modulepreload"[^>]*href="([^"]+)"/g)) urls.add(href);
  if (styles) for (const [, href] of html.matchAll(/<link[^>]*rel="stylesheet"[^>]*href="([^"]+)"/g)) urls.add(href);
  return urls;
}

// The agent app.
{
  const appDir = join(distDir, 'app');
  const html = readFileSync(join(appDir, 'index.html'), 'utf8');
  const urls = [...referenced(html, { styles: false })].filter((url) => url.endsWith('.js'));
  if (urls.length === 0) fail('no scripts found in dist/app/index.html');
  else {
    const { raw, gz } = measure(urls.map((url) => join(appDir, url.replace(/^\//, ''))));
    console.log(`first-screen JS: ${urls.length} file(s), ${kb(raw)} raw, ${kb(gz)} gzipped (budget ${kb(APP_BUDGET_BYTES)})`);
    if (gz > APP_BUDGET_BYTES) fail('first-screen JS is over budget');
  }
}

// The chat widget (built by vite.widget.config.ts and vite.loader.config.ts).
{
  const widgetDir = join(distDir, 'widget');
  const loaderPath = join(widgetDir, 'widget.js');
  const framePath = join(widgetDir, 'frame.html');
  if (!existsSync(loaderPath) || !existsSync(framePath)) fail('dist/widget/widget.js or dist/widget/frame.html is missing');
  else {
    const loader = measure([loaderPath]);
    const html = readFileSync(framePath, 'utf8');
    // Asset URLs are absolute under the frame's base, /widget/.
    const urls = [...referenced(html, { styles: true })];
    const outside = urls.filter((url) => !url.startsWith('/widget/'));
    if (outside.length > 0) fail(`frame.html references files outside /widget/: ${outside.join(', ')}`);
    const frame = measure([framePath, ...urls.filter((url) => url.startsWith('/widget/')).map((url) => join(widgetDir, url.slice('/widget/'.length)))]);
    const whole = loader.gz + frame.gz;
    console.log(`widget loader (widget.js): ${kb(loader.raw)} raw, ${kb(loader.gz)} gzipped (budget ${kb(LOADER_BUDGET_BYTES)})`);
    console.log(`widget frame (frame.html + ${urls.length} file(s)): ${kb(frame.raw)} raw, ${kb(frame.gz)} gzipped`);
    console.log(`whole widget (loader + frame): ${kb(whole)} gzipped (budget ${kb(WIDGET_BUDGET_BYTES)})`);
    if (loader.gz > LOADER_BUDGET_BYTES) fail('the widget loader is over budget');
    if (whole > WIDGET_BUDGET_BYTES) fail('the whole widget is over budget');
    if (/\bimport\s*\(|^\s*(import|export)[\s{*]/m.test(readFileSync(loaderPath, 'utf8'))) {
      fail('widget.js must be one self-contained script without imports or exports');
    }
  }
}

if (failed) process.exit(1);
