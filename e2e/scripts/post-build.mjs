// Trunk's post_build hook:
// 1. drops the `integrity` attribute from Trunk's `<link rel=preload>` of the wasm: Chromium
//    ignores it there and says so in the console on every page (the module script that
//    instantiates the wasm keeps its own integrity check);
// 2. in release builds, minifies wasm-bindgen's JS glue with esbuild (Trunk's own minifier
//    cannot parse it) and updates its subresource-integrity hash in index.html.
import { createHash } from 'node:crypto';
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { transformSync } from 'esbuild';

const staging = process.env.TRUNK_STAGING_DIR;
if (!staging) throw new Error('post-build: run me as a Trunk hook (TRUNK_STAGING_DIR is unset)');
const release = process.env.TRUNK_PROFILE === 'release';
const indexPath = join(staging, 'index.html');
const minify = (code) => transformSync(code, { minify: true, format: 'esm', target: 'es2020' }).code;

function minifyGlue() {
  const sri = (bytes) => `sha384-${createHash('sha384').update(bytes).digest('base64')}`;
  let index = readFileSync(indexPath, 'utf8');
  for (const file of readdirSync(staging).filter((f) => f.endsWith('.js'))) {
    const path = join(staging, file);
    const source = readFileSync(path);
    const code = minify(source.toString('utf8'));
    writeFileSync(path, code);
    const before = sri(source);
    if (!index.includes(before)) throw new Error(`post-build: index.html has no integrity ${before} for ${file}`);
    index = index.replaceAll(before, sri(code));
    console.log(`post-build: minified ${file}, ${source.length} -> ${code.length} bytes`);
  }
  writeFileSync(indexPath, index);
}

function dropPreloadIntegrity() {
  const index = readFileSync(indexPath, 'utf8');
  const fixed = index.replace(/<link\b[^>]*\brel="?preload"?[^>]*>/g, (link) =>
    link.replace(/\s+integrity=("[^"]*"|[^\s>]+)/, ''));
  writeFileSync(indexPath, fixed);
}

if (release) minifyGlue();
dropPreloadIntegrity();
