// Trunk post_build hook (release only): minifies wasm-bindgen's JS glue with esbuild, which
// Trunk's own minifier cannot parse, and updates its subresource-integrity hash in index.html.
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { transformSync } from 'esbuild';

const staging = process.env.TRUNK_STAGING_DIR;
if (!staging) throw new Error('minify-js: run me as a Trunk hook (TRUNK_STAGING_DIR is unset)');
if (process.env.TRUNK_PROFILE !== 'release') process.exit(0);

const sri = (bytes) => `sha384-${createHash('sha384').update(bytes).digest('base64')}`;
const indexPath = join(staging, 'index.html');
let index = readFileSync(indexPath, 'utf8');
for (const file of readdirSync(staging).filter((f) => f.endsWith('.js'))) {
  const path = join(staging, file);
  const source = readFileSync(path);
  const { code } = transformSync(source.toString('utf8'), { minify: true, format: 'esm', target: 'es2020' });
  writeFileSync(path, code);
  const before = sri(source);
  if (!index.includes(before)) throw new Error(`minify-js: index.html has no integrity ${before} for ${file}`);
  index = index.replaceAll(before, sri(code));
  console.log(`minify-js: ${file} ${source.length} -> ${code.length} bytes`);
}
writeFileSync(indexPath, index);
