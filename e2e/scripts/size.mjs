// Prints what the browser downloads for the first view, before any data: index.html and every
// JS, wasm and CSS file it loads (the top level of dist/ and wasm-bindgen's snippets/; not
// dist/lazy/, which is fetched after the article is shown), each brotli-compressed at the
// highest quality (as a CDN or a precompressing server would send it). Fails over budget.
// Usage: node scripts/size.mjs [dist] [budget-in-KB]
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { brotliCompressSync, constants } from 'node:zlib';

const dist = process.argv[2] ?? 'dist';
const budgetKb = Number(process.argv[3] ?? 150);
const snippets = existsSync(join(dist, 'snippets'))
  ? readdirSync(join(dist, 'snippets'), { recursive: true }).filter((f) => f.endsWith('.js')).map((f) => join('snippets', f))
  : [];
const firstView = [...readdirSync(dist).filter((f) => f === 'index.html' || /\.(js|wasm|css)$/.test(f)), ...snippets].sort();
if (!firstView.includes('index.html')) {
  console.error(`size: ${dist}/index.html is missing: build the front end first (make build)`);
  process.exit(2);
}

const rows = firstView.map((file) => {
  const raw = readFileSync(join(dist, file));
  const br = brotliCompressSync(raw, {
    params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: raw.length },
  });
  return { file, raw: raw.length, br: br.length };
});
const kb = (n) => (n / 1000).toFixed(1).padStart(7);
for (const { file, raw, br } of rows) console.log(`${kb(raw)} KB raw ${kb(br)} KB brotli  ${file}`);
const total = rows.reduce((sum, r) => sum + r.br, 0);
const rawTotal = rows.reduce((sum, r) => sum + r.raw, 0);
console.log(`${kb(rawTotal)} KB raw ${kb(total)} KB brotli  total (budget ${budgetKb} KB)`);
if (total > budgetKb * 1000) {
  console.error(`size: over budget by ${((total - budgetKb * 1000) / 1000).toFixed(1)} KB`);
  process.exit(1);
}
