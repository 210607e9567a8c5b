// Trunk's post_build hook (Trunk runs hooks of one stage side by side, so both steps that
// rewrite index.html live here, one after the other):
// 1. builds the comment section's own wasm module (crate okur-comments), which the article page
//    imports once the article is on screen, into dist/lazy/ with a content hash in its name, and
//    names it in <meta name="okur-comments">;
// 2. in release builds, minifies wasm-bindgen's JS glue with esbuild (Trunk's own minifier
//    cannot parse it) and updates its subresource-integrity hash in index.html.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { transformSync } from 'esbuild';

const staging = process.env.TRUNK_STAGING_DIR;
if (!staging) throw new Error('post-build: run me as a Trunk hook (TRUNK_STAGING_DIR is unset)');
const release = process.env.TRUNK_PROFILE === 'release';
const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const target = process.env.CARGO_TARGET_DIR ? resolve(process.env.CARGO_TARGET_DIR) : join(root, 'target');
const indexPath = join(staging, 'index.html');
const run = (cmd, args) => execFileSync(cmd, args, { cwd: root, stdio: ['ignore', 'inherit', 'inherit'] });
const minify = (code) => transformSync(code, { minify: true, format: 'esm', target: 'es2020' }).code;

function buildComments() {
  run('cargo', ['build', '--target', 'wasm32-unknown-unknown', '-p', 'okur-comments', ...(release ? ['--release'] : [])]);
  const built = join(target, 'wasm32-unknown-unknown', release ? 'release' : 'debug', 'okur_comments.wasm');
  const out = mkdtempSync(join(tmpdir(), 'okur-comments-'));
  try {
    run('wasm-bindgen', ['--target', 'web', '--no-typescript', '--out-dir', out, built]);
    let wasmPath = join(out, 'okur_comments_bg.wasm');
    let js = readFileSync(join(out, 'okur_comments.js'), 'utf8');
    if (release) {
      // The optimization Trunk gives the main module (Trunk.toml: wasm-opt z).
      const optimized = join(out, 'optimized.wasm');
      run('wasm-opt', ['-Oz', '--enable-bulk-memory', '--enable-nontrapping-float-to-int', '--enable-sign-ext',
        '--enable-mutable-globals', '--enable-reference-types', '--enable-multivalue', wasmPath, '-o', optimized]);
      wasmPath = optimized;
      js = minify(js);
    }
    const wasm = readFileSync(wasmPath);
    const name = `okur-comments-${createHash('sha256').update(wasm).update(js).digest('hex').slice(0, 16)}`;
    mkdirSync(join(staging, 'lazy'), { recursive: true });
    writeFileSync(join(staging, 'lazy', `${name}.js`), js);
    writeFileSync(join(staging, 'lazy', `${name}_bg.wasm`), wasm);
    const meta = `<meta name="okur-comments" content="/lazy/${name}.js" data-wasm="/lazy/${name}_bg.wasm">`;
    const index = readFileSync(indexPath, 'utf8').replace(/<meta name="?okur-comments"?[^>]*>/, '');
    writeFileSync(indexPath, index.replace('</head>', `${meta}</head>`));
    console.log(`post-build: comment module /lazy/${name}_bg.wasm, ${wasm.length} bytes`);
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}

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

buildComments();
if (release) minifyGlue();
