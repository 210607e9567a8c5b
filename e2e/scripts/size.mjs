// Prints everything the browser downloads for a page view, before images: the server-rendered
// HTML of the page and every JS, wasm and CSS file it loads, each brotli-compressed at the
// highest quality (as a CDN or a precompressing server would send it), for the front page and
// for an article with comments (whose comment section is part of the same module), a section
// and search results, and what a reader who only reads downloads of each; and the service worker,
// apart. Fails when a view is over either budget, or the worker over its own.
// Usage: node scripts/size.mjs [budget-in-KB]   (OKUR_BIN and OKUR_DIST as for the e2e tests)
import { join } from 'node:path';
import { brotliCompressSync, constants } from 'node:zlib';
import { startServer, tempDir } from '../tests/server.js';

const budgetKb = Number(process.argv[2] ?? 160);
/** A reader's page before the app wakes: HTML, styles and the loader, images aside (issue 20). */
const ASLEEP_KB = 15;
/** The service worker (issue 22), counted apart: a reader's browser fetches it once the app is live. */
const WORKER_KB = 10;
const PAGES = [
  ['front page', '/'],
  ['article with comments', '/articles/liman-kenti-yesil-donusum'],
  ['section page', '/sections/gundem'],
  ['search results', '/search?q=liman'],
];

const brotli = (bytes) =>
  brotliCompressSync(bytes, {
    params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: bytes.length },
  }).length;

/** The scripts, module, wasm and styles an HTML page loads (same origin). */
function assets(html) {
  const found = new Set();
  for (const [, url] of html.matchAll(/<link\b[^>]*\bhref="?([^"\s>]+)"?[^>]*>/g)) {
    if (/\.(css|js|wasm)$/.test(url)) found.add(url);
  }
  for (const [, url] of html.matchAll(/<script\b[^>]*\bsrc="?([^"\s>]+)"?/g)) found.add(url);
  for (const [, url] of html.matchAll(/(?:from|import)\s*\(?\s*['"]([^'"]+\.js)['"]/g)) found.add(url);
  for (const [, url] of html.matchAll(/module_or_path:\s*['"]([^'"]+\.wasm)['"]/g)) found.add(url);
  // The legible face (its sheet named in the early script) is the reader's choice: counted apart.
  return [...found].filter((url) => url.startsWith('/') && !url.startsWith('/fonts/')).sort();
}

const tmp = tempDir();
const server = await startServer({ db: join(tmp.dir, 'okur.db') });
let over = false;
try {
  for (const [name, path] of PAGES) {
    const response = await fetch(server.url + path);
    if (!response.ok) throw new Error(`size: ${path} answered ${response.status}`);
    const html = Buffer.from(await response.arrayBuffer());
    const rows = [{ file: `${path} (HTML)`, raw: html.length, br: brotli(html) }];
    const urls = assets(html.toString('utf8'));
    if (!urls.some((u) => u.endsWith('.wasm'))) throw new Error(`size: ${path} loads no wasm: is dist/ built?`);
    // The moderation page is a build of its own: nothing of it is in a reader's page.
    if (urls.some((u) => u.includes('moderation'))) throw new Error(`size: ${path} loads the moderation page's code`);
    for (const url of urls) {
      const bytes = Buffer.from(await (await fetch(server.url + url)).arrayBuffer());
      rows.push({ file: url, raw: bytes.length, br: brotli(bytes) });
    }
    const kb = (n) => (n / 1000).toFixed(1).padStart(7);
    console.log(`${name}:`);
    for (const { file, raw, br } of rows) console.log(`${kb(raw)} KB raw ${kb(br)} KB brotli  ${file}`);
    const total = rows.reduce((sum, r) => sum + r.br, 0);
    const rawTotal = rows.reduce((sum, r) => sum + r.raw, 0);
    console.log(`${kb(rawTotal)} KB raw ${kb(total)} KB brotli  total, ${total} bytes (budget ${budgetKb} KB)\n`);
    // What a reader who only reads downloads: the page and its styles; the glue and the wasm
    // wait for the reader's first intent (e2e/scripts/post-build.mjs, --wake-on-intent).
    const asleep = rows.filter((r) => !/\.(js|wasm)$/.test(r.file)).reduce((sum, r) => sum + r.br, 0);
    console.log(`${kb(asleep)} KB brotli before the first intent, ${asleep} bytes (budget ${ASLEEP_KB} KB)\n`);
    if (asleep > ASLEEP_KB * 1000) {
      console.error(`size: ${name} before the first intent is over budget by ${((asleep - ASLEEP_KB * 1000) / 1000).toFixed(1)} KB`);
      over = true;
    }
    if (total > budgetKb * 1000) {
      console.error(`size: ${name} is over budget by ${((total - budgetKb * 1000) / 1000).toFixed(1)} KB`);
      over = true;
    }
  }
  // The legible face, when a reader chooses it: its sheet and the files a Turkish page needs.
  const sheet = Buffer.from(await (await fetch(`${server.url}/fonts/legible.css`)).arrayBuffer());
  let face = brotli(sheet);
  const files = [...new Set([...sheet.toString('utf8').matchAll(/url\(([\w.-]+-(?:400|700)-normal\.woff2)\)/g)].map((m) => m[1]))];
  for (const file of files) face += (await (await fetch(`${server.url}/fonts/${file}`)).arrayBuffer()).byteLength;
  console.log(`legible face (sheet brotli, ${files.length} woff2 files as they are): ${(face / 1000).toFixed(1)} KB, when chosen\n`);
  const worker = Buffer.from(await (await fetch(`${server.url}/sw.js`)).arrayBuffer());
  const workerBr = brotli(worker);
  console.log(`service worker: ${(worker.length / 1000).toFixed(1)} KB raw, ${(workerBr / 1000).toFixed(1)} KB brotli, ${workerBr} bytes (budget ${WORKER_KB} KB)`);
  if (!worker.toString('utf8').includes('ASSETS')) throw new Error('size: /sw.js is not the service worker: is dist/ built?');
  if (workerBr > WORKER_KB * 1000) {
    console.error(`size: the service worker is over budget by ${((workerBr - WORKER_KB * 1000) / 1000).toFixed(1)} KB`);
    over = true;
  }
} finally {
  await server.stop();
  tmp.remove();
}
process.exit(over ? 1 : 0);
