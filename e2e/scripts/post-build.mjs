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
// 2. replaces Trunk's loader, which starts the app at once, and drops its preloads of the JS and
//    the wasm (Chromium also warns about the integrity attribute on the wasm's). Pages arrive
//    rendered by the server, so what a reader reads needs no script:
//    - `--wake-on-intent` (the reader's site): after the `load` event the app still sleeps, and
//      wakes (downloads the wasm and hydrates) on the reader's first sign of intent: a pointer,
//      touch, focus or key on a control, the pointer resting on a link the app handles (80 ms)
//      or focus on one, or the
//      comment section coming within a screen of the viewport. A click on a control before the
//      app is live is held (the control is `aria-busy`) and performed once it is; A−, A+ and reset
//      are answered by index.html's early script, links load as plain links, and form fields take
//      typing at once (the app keeps what was typed as the draft);
//    - otherwise (the moderation page, an app from its first screen): the app starts once the
//      page has loaded, so the wasm does not compete with the page's own first paint;
// 3. with `--service-worker` (the reader's site): writes this build's name and files at the top
//    of the service worker (worker/sw.js, copied by Trunk), minified in release, and has the
//    loader register it once the app is live: by then the reader has shown intent and the files
//    the worker keeps at install are already in the browser's cache, so a reader who only reads
//    downloads nothing more for it (issue 20's budget before the first intent holds);
// 4. with `--page-scripts` (the reader's site): the page's own scripts (page/*.js: the place
//    kept, saving for later) run in the loader, before and after the app wakes;
// 5. with `--legible-face`: the legible face's files (Fontsource's woff2 of Atkinson Hyperlegible,
//    an npm package of e2e/, and its licence) beside style/fonts/legible.css, which names them.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { copyFileSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { transformSync } from 'esbuild';

const staging = process.env.TRUNK_STAGING_DIR;
if (!staging) throw new Error('post-build: run me as a Trunk hook (TRUNK_STAGING_DIR is unset)');
const release = process.env.TRUNK_PROFILE === 'release';
/** The repository, for the page's scripts (page/). */
const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
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
    // As Trunk's data-wasm-opt="z" did; then twice the control flow taken apart and rebuilt
    // (--flatten --rereloop: Leptos's view code is nested matches that come back smaller, -1.4 KB
    // br), functions that differ only in constants merged, and optimized again until nothing
    // changes (-0.16 and -0.21 KB br); without the sections browsers never read.
    const passes = [
      '-Oz', '--flatten', '--rereloop', '-Oz', '--flatten', '--rereloop', '-Oz',
      '--merge-similar-functions', '-Oz', '--converge', '--strip-producers', '--strip-target-features',
    ];
    execFileSync('wasm-opt', [...FEATURES, ...passes, path, '-o', path], { stdio: 'inherit' });
    console.log(`post-build: ${file} without ${exports.length - kept.length} unused exports, optimized`);
  }
}

function minifyGlue() {
  const sri = (bytes) => `sha384-${createHash('sha384').update(bytes).digest('base64')}`;
  let index = readFileSync(indexPath, 'utf8');
  for (const file of readdirSync(staging).filter((f) => f.endsWith('.js') && f !== 'sw.js')) {
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

/**
 * The comment form before the app is live. The server sends it read-only, for readers without
 * JavaScript (their browser could not post it); with JavaScript it takes typing at once: the
 * stored draft is shown, and every change is stored in the app's own form (src/form_logic.rs,
 * whose test keeps these keys and fields in step), so the app finds it when it hydrates.
 */
const KEEP_TYPING = `const form = document.querySelector('[data-testid=comment-form]');
// Whatever is amiss here (storage refused, a page without some field), the app still wakes.
if (form) try {
  const $ = (id) => form.querySelector('[data-testid=comment-' + id + ']');
  const key = 'okur.draft.' + location.pathname.split('/')[2];
  const field = (stored, name) => {
    try {
      return decodeURIComponent((RegExp(';' + name + '=([^;]*)').exec(stored) || [])[1] || '');
    } catch {
      return '';
    }
  };
  const v1 = (stored) => (stored || '').startsWith('v1;') ? stored : '';
  const draft = v1(localStorage.getItem(key));
  // Name, email and "remember" from the commenter's remembered ones when the draft has neither.
  const who = field(draft, 'name') || field(draft, 'email') ? draft : v1(localStorage.getItem('okur.commenter'));
  for (const id of ['name', 'email', 'text']) {
    $(id).value = field(id == 'text' ? draft : who, id);
    $(id).removeAttribute('readonly');
  }
  $('remember').checked = field(who, 'remember') == '1';
  $('remember').removeAttribute('disabled');
  // Reply emails: offered with an address only (the app does the same once live).
  const notify = () => $('notify').toggleAttribute('disabled', !$('email').value.trim());
  $('notify').checked = field(who, 'notify') == '1';
  notify();
  $('submit').removeAttribute('disabled');
  $('needs-js').hidden = true;
  const keep = () => {
    if (window.wasmBindings) return;
    notify();
    const v = (id) => encodeURIComponent($(id).value);
    const parent = field(draft, 'parent');
    const edit = field(draft, 'edit');
    // A full or refused storage costs only the keeping, as in the app.
    try {
      localStorage.setItem(key, 'v1;name=' + v('name') + ';email=' + v('email') + ';text=' + v('text') + (parent ? ';parent=' + parent : '') + ($('remember').checked ? ';remember=1' : '') + ($('notify').checked ? ';notify=1' : '') + (edit ? ';edit=' + edit : ''));
    } catch {}
  };
  form.addEventListener('input', keep);
  form.addEventListener('change', keep);
} catch {}`;

/** The loader's body: `start()` imports the glue and hydrates; this decides when it runs. */
const WAKE_ON_INTENT = `${KEEP_TYPING}
let woken;
const wake = () => (woken ??= start());
const CONTROLS = 'button,input,textarea,select,summary';
// The page's own controls (in a \`data-page\` element: the place kept and saving, page/) need no app.
const control = (e) => { const c = e.target.closest?.(CONTROLS); return c && !c.closest('[data-page]') && c; };
const link = (e) => {
  const a = e.target.closest?.('a[href]');
  return a && a.origin == location.origin && !a.target && !a.hasAttribute('download');
};
const intent = (e) => (control(e) || link(e)) && wake();
const ready = () => {
  for (const type of ['pointerdown', 'touchstart', 'focusin', 'keydown']) addEventListener(type, intent, { capture: true, passive: true });
  // A link the pointer rests on, not one the page scrolls past under a still pointer.
  let resting;
  addEventListener('pointerover', (e) => link(e) && (resting = setTimeout(wake, 80)), { capture: true, passive: true });
  addEventListener('pointerout', () => clearTimeout(resting), { capture: true, passive: true });
  addEventListener('click', (e) => {
    const c = !window.wasmBindings && control(e);
    if (!c || c.matches('input,textarea,select,.tools__size *')) return;
    e.preventDefault();
    e.stopImmediatePropagation();
    c.setAttribute('aria-busy', 'true');
    // Once live, and once the app's first effects have run (the form is enabled by one).
    wake().then(() => setTimeout(() => {
      c.removeAttribute('aria-busy');
      c.click();
    }));
  }, true);
  const near = document.getElementById('comments');
  if (near) {
    const seen = new IntersectionObserver((entries) => {
      if (entries.some((entry) => entry.isIntersecting)) {
        seen.disconnect();
        wake();
      }
    }, { rootMargin: '100% 0px' });
    seen.observe(near);
  }
};
if (document.readyState === 'complete') ready(); else addEventListener('load', ready, { once: true });`;

/** The page's own scripts (page/*.js), each a block of its own. */
const PAGE_SCRIPTS = () => {
  const dir = join(ROOT, 'page');
  return readdirSync(dir).filter((f) => f.endsWith('.js')).sort().map((f) => `\n${readFileSync(join(dir, f), 'utf8')}`).join('');
};

const AFTER_LOAD = `if (document.readyState === 'complete') start(); else addEventListener('load', start, { once: true });`;

function replaceLoader(wakeOnIntent, worker, pageScripts) {
  let index = readFileSync(indexPath, 'utf8');
  const loader = /<script type="?module"?>\s*import init, \* as bindings from '([^']+\.js)';[\s\S]*?module_or_path: '([^']+\.wasm)'[\s\S]*?<\/script>/;
  const found = loader.exec(index);
  if (!found) throw new Error("post-build: Trunk's loader script is not in index.html");
  const [, js, wasm] = found;
  const start = `const start = async () => {
  const bindings = await import('${js}');
  const wasm = await bindings.default({ module_or_path: '${wasm}' });
  window.wasmBindings = bindings;
  dispatchEvent(new CustomEvent('TrunkApplicationStarted', { detail: { wasm } }));${worker ? `
  navigator.serviceWorker?.register('/sw.js').catch(() => {});` : ''}
};
${wakeOnIntent ? WAKE_ON_INTENT : AFTER_LOAD}${pageScripts ? PAGE_SCRIPTS() : ''}`;
  const script = `<script type="module">${release ? minify(start) : start}</script>`;
  index = index.replace(loader, () => script).replace(/<link\b[^>]*\brel="?(modulepreload|preload)"?[^>]*>/g, '');
  writeFileSync(indexPath, index);
}

/**
 * The service worker's copy in dist/: `BUILD` (a name for this build's files, from their names,
 * which carry their content's hash) and `ASSETS` (the files it keeps at install) first.
 */
function writeWorker() {
  const path = join(staging, 'sw.js');
  const hashed = readdirSync(staging).filter((f) => /-[0-9a-f]{12,16}(_bg)?\.(js|wasm|css|svg)$/.test(f));
  if (!hashed.some((f) => f.endsWith('.wasm'))) throw new Error(`post-build: no hashed wasm among ${readdirSync(staging)} for the service worker`);
  const icons = readdirSync(join(staging, 'icons')).map((f) => `/icons/${f}`);
  const assets = [...hashed.map((f) => `/${f}`), '/manifest.webmanifest', ...icons].sort();
  const build = createHash('sha256').update(assets.join('\n')).digest('hex').slice(0, 16);
  const code = `const BUILD = '${build}';\nconst ASSETS = ${JSON.stringify(assets)};\n${readFileSync(path, 'utf8')}`;
  writeFileSync(path, release ? transformSync(code, { minify: true, target: 'es2020' }).code : code);
  console.log(`post-build: service worker for build ${build}, ${assets.length} files kept at install`);
}

/** The legible face's files, from the npm package, into dist/fonts/ (copied there from style/fonts/). */
function copyLegibleFace() {
  const from = join(dirname(fileURLToPath(import.meta.url)), '..', 'node_modules', '@fontsource', 'atkinson-hyperlegible');
  const sheet = readFileSync(join(staging, 'fonts', 'legible.css'), 'utf8');
  const files = [...sheet.matchAll(/url\(([\w.-]+\.woff2)\)/g)].map((m) => m[1]);
  if (files.length === 0) throw new Error('post-build: fonts/legible.css names no font file');
  for (const file of files) copyFileSync(join(from, 'files', file), join(staging, 'fonts', file));
  copyFileSync(join(from, 'LICENSE'), join(staging, 'fonts', 'LICENSE'));
  console.log(`post-build: the legible face, ${files.length} files`);
}

const worker = process.argv.includes('--service-worker');
if (optimize) optimizeWasm();
if (release) minifyGlue();
replaceLoader(process.argv.includes('--wake-on-intent'), worker, process.argv.includes('--page-scripts'));
if (worker) writeWorker();
if (process.argv.includes('--legible-face')) copyLegibleFace();
