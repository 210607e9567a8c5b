// Trunk's post_build hook:
// 1. in release builds, minifies wasm-bindgen's JS glue with esbuild (Trunk's own minifier
//    cannot parse it) and updates its subresource-integrity hash in index.html;
// 2. starts the app once the page has loaded rather than at once: pages arrive rendered by the
//    server, so what a reader reads first needs no script, and the wasm (the largest download by
//    far) no longer competes with the page's own image and text for a slow connection. Trunk's
//    preloads of the JS and the wasm go (Chromium also warns about the integrity attribute on the
//    wasm's), and its loader script imports the same files after the `load` event.
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

function startAfterLoad() {
  let index = readFileSync(indexPath, 'utf8');
  const loader = /<script type="?module"?>\s*import init, \* as bindings from '([^']+\.js)';[\s\S]*?module_or_path: '([^']+\.wasm)'[\s\S]*?<\/script>/;
  const found = loader.exec(index);
  if (!found) throw new Error("post-build: Trunk's loader script is not in index.html");
  const [, js, wasm] = found;
  const start = `<script type="module">const start = async () => {
  const bindings = await import('${js}');
  const wasm = await bindings.default({ module_or_path: '${wasm}' });
  window.wasmBindings = bindings;
  dispatchEvent(new CustomEvent('TrunkApplicationStarted', { detail: { wasm } }));
};
if (document.readyState === 'complete') start(); else addEventListener('load', start, { once: true });
</script>`;
  index = index.replace(loader, () => start).replace(/<link\b[^>]*\brel="?(modulepreload|preload)"?[^>]*>/g, '');
  writeFileSync(indexPath, index);
}

if (release) minifyGlue();
startAfterLoad();
