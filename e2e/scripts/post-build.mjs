// Trunk's post_build hook:
// 0. with `--optimize`, in release builds (the reader's site; Trunk's own wasm-opt is off there):
//    optimizes the wasm itself, after dropping what the app never calls but the linker had to
//    keep: the classes of `wasm-streams`, linked through Leptos's server functions (which turn on
//    `server_fn`'s browser side on every target), are `#[wasm_bindgen]` exports, and an export
//    keeps its code and all it reaches. binaryen's wasm-metadce removes those exports and their
//    code before wasm-opt runs (-0.8 KB br of wasm; run after wasm-opt instead, it finds a
//    seventh of that), and their JS classes leave the glue with them;
// 1. in release builds, minifies wasm-bindgen's JS glue with esbuild (Trunk's own minifier
//    cannot parse it) and updates its subresource-integrity hash in index.html;
// 2. starts the app once the page has loaded rather than at once: pages arrive rendered by the
//    server, so what a reader reads first needs no script, and the wasm (the largest download by
//    far) no longer competes with the page's own image and text for a slow connection. Trunk's
//    preloads of the JS and the wasm go (Chromium also warns about the integrity attribute on the
//    wasm's), and its loader script imports the same files after the `load` event.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { transformSync } from 'esbuild';

const staging = process.env.TRUNK_STAGING_DIR;
if (!staging) throw new Error('post-build: run me as a Trunk hook (TRUNK_STAGING_DIR is unset)');
const release = process.env.TRUNK_PROFILE === 'release';
const indexPath = join(staging, 'index.html');
const optimize = release && process.argv.includes('--optimize');
const minify = (code) => transformSync(code, { minify: true, format: 'esm', target: 'es2020', treeShaking: true }).code;
/** The exports of classes the app never uses (wasm-streams' IntoUnderlyingSource, …Sink, …ByteSource). */
const UNUSED_EXPORT = /^(__wbg_)?intounderlying/;
/** The wasm features rustc's wasm32-unknown-unknown target enables (wasm-metadce does not read them from the module). */
const FEATURES = ['--enable-bulk-memory', '--enable-multivalue', '--enable-mutable-globals', '--enable-nontrapping-float-to-int', '--enable-reference-types', '--enable-sign-ext'];

function optimizeWasm() {
  for (const file of readdirSync(staging).filter((f) => f.endsWith('_bg.wasm'))) {
    const path = join(staging, file);
    const exports = WebAssembly.Module.exports(new WebAssembly.Module(readFileSync(path))).map((e) => e.name);
    const kept = exports.filter((name) => !UNUSED_EXPORT.test(name));
    if (kept.length === exports.length) throw new Error(`post-build: ${file} no longer exports wasm-streams' classes: drop the step that removes them`);
    const graphPath = join(staging, 'metadce.json');
    const graph = [{ name: 'glue', root: true, reaches: kept }, ...exports.map((name) => ({ name, export: name }))];
    writeFileSync(graphPath, JSON.stringify(graph));
    execFileSync('wasm-metadce', [...FEATURES, path, '--graph-file', graphPath, '-o', path], { stdio: ['ignore', 'ignore', 'inherit'] });
    rmSync(graphPath);
    // As Trunk's data-wasm-opt="z" did, and functions that differ only in constants merged, then
    // optimized again (-0.16 KB br); without the sections browsers never read.
    execFileSync('wasm-opt', [...FEATURES, '-Oz', '--merge-similar-functions', '-Oz', '--strip-producers', '--strip-target-features', path, '-o', path], { stdio: 'inherit' });
    console.log(`post-build: ${file} without ${exports.length - kept.length} unused exports, optimized`);
  }
}

function minifyGlue() {
  const sri = (bytes) => `sha384-${createHash('sha384').update(bytes).digest('base64')}`;
  let index = readFileSync(indexPath, 'utf8');
  for (const file of readdirSync(staging).filter((f) => f.endsWith('.js'))) {
    const path = join(staging, file);
    const source = readFileSync(path);
    // Not exported, the removed classes go with esbuild's tree shaking.
    const glue = optimize ? source.toString('utf8').replace(/^export class (IntoUnderlying\w+)/gm, 'class $1') : source.toString('utf8');
    const code = minify(glue);
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

if (optimize) optimizeWasm();
if (release) minifyGlue();
startAfterLoad();
