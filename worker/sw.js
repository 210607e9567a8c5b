// okur's service worker (issue 22): the site readable offline, never stale online.
// - The build's own files (hashed names, the manifest and icons) are kept at install; a new
//   build's worker takes over at once (skipWaiting, clients.claim), and its install removes
//   the files of older builds.
// - Pages go to the network first. An article that answers is kept (the newest 50 of the last
//   7 days), with the JSON the app reads to open it and its pictures; when the network fails or
//   is slower than 2 s, the kept copy is shown, marked as one. Any other page offline is the
//   offline page, which lists what can be read.
// - Images are kept within 20 MB, the least recently kept leaving first; the legible face, once
//   chosen, with the build's files.
// - Saved for later (asked by the page's script, page/saved.js, by message): an article with its
//   JSON and pictures, and the /saved page, kept apart (okur-saved) until the reader removes it;
//   offline, a saved article opens as a kept one does.
// - Nothing is ever sent for the reader: posts, the moderation page and live streams pass by.
// Registered by the loader once the app is live (e2e/scripts/post-build.mjs), which also writes
// BUILD and ASSETS (this build's file names) at the top of the copy in dist/.
/* global BUILD, ASSETS */

/**
 * The limits, in one object (which the minifier leaves as it is, so a test can change them in a
 * copy of the build): how long a page may take before the kept copy is shown, how many
 * articles of how many days are kept, how many bytes of images, and how long a kept page counts
 * as fresh when the app opens its story again.
 */
const LIMITS = { timeoutMs: 2000, keepDays: 7, keepArticles: 50, imageBytes: 20_000_000, refreshMs: 600_000 };
const FILES = `okur-files-${BUILD}`;
const PAGES = 'okur-pages';
const DATA = 'okur-data';
const IMAGES = 'okur-images';
const SAVED = 'okur-saved';
/** The headers a kept page carries about itself. */
const KEPT_AT = 'x-okur-kept-at';
const TITLE = 'x-okur-title';
const LANG = 'x-okur-lang';
const BYTES = 'x-okur-bytes';
const ANY = { ignoreVary: true };
const TEXTS = {
  tr: {
    copy: 'Çevrimdışı kopya',
    title: 'Çevrimdışısınız',
    lead: 'Bu sayfa bu cihazda kayıtlı değil. Bağlantı gelince yeniden deneyin.',
    readable: 'Çevrimdışı okuyabilecekleriniz',
    saved: 'Kaydedildi',
    none: 'Henüz çevrimdışı okunacak bir haber yok: açtığınız haberler burada yedi gün kalır.',
    home: 'Ana sayfa',
  },
  en: {
    copy: 'Offline copy',
    title: 'You are offline',
    lead: 'This page is not kept on this device. Try again once you are back online.',
    readable: 'What you can read offline',
    saved: 'Saved',
    none: 'Nothing to read offline yet: stories you open are kept here for seven days.',
    home: 'Home page',
  },
};
const texts = (lang) => TEXTS[lang] || TEXTS.tr;

addEventListener('install', (event) => {
  event.waitUntil(
    (async () => {
      const files = await caches.open(FILES);
      await files.addAll(ASSETS);
      for (const name of await caches.keys()) if (name.startsWith('okur-files-') && name !== FILES) await caches.delete(name);
      await skipWaiting();
    })(),
  );
});

addEventListener('activate', (event) => {
  event.waitUntil(
    (async () => {
      await clients.claim();
      // The story the reader had open when this worker arrived is one they opened, too.
      for (const client of await clients.matchAll({ type: 'window' })) {
        const url = new URL(client.url);
        if (articleSlug(url.pathname)) await keepArticle(url.pathname, await fetch(url.pathname)).catch(() => {});
      }
    })(),
  );
});

addEventListener('fetch', (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (request.method !== 'GET' || url.origin !== location.origin) return;
  const path = url.pathname;
  if (path === '/moderation' || path.startsWith('/moderation/') || path.startsWith('/api/moderation')) return;
  if (request.mode === 'navigate') answer(event, (later) => page(request, path, later));
  else if (ASSETS.includes(path) || HASHED.test(path)) answer(event, () => file(request, path));
  else if (path.startsWith('/fonts/')) answer(event, () => font(request));
  else if (ARTICLE_DATA.test(path)) answer(event, (later) => data(request, path, later));
  else if (request.destination === 'image') answer(event, (later) => image(request, later));
});

/**
 * Answers a fetch with `respond(later)`, keeping the worker alive for the work `respond` hands
 * to `later` (keeping a copy), which it must do before its first `await`.
 */
function answer(event, respond) {
  const pending = [];
  const response = respond((work) => pending.push(Promise.resolve(work).catch(() => {})));
  event.respondWith(response);
  event.waitUntil(Promise.allSettled([response, ...pending]));
}

/** Trunk's content-hashed names: `name-<hex digits>[_bg].ext` (a 64-bit hash, without leading zeros). */
const HASHED = /^\/[^/]+-[0-9a-f]{12,16}(_bg)?\.(js|wasm|css|svg)$/;
/** What the app reads to open an article: the story, its first comments, what comes next. */
const ARTICLE_DATA = /^\/api\/articles\/[^/]+(\/comments|\/related)?$/;

/** The slug of an article's address, if it is one. */
function articleSlug(path) {
  const found = /^\/articles\/([^/]+)\/?$/.exec(path);
  return found && found[1];
}

/** The API address of an article's address, under which the JSON the app reads for it is. */
function apiOf(path) {
  return `/api${path.replace(/\/$/, '')}`;
}

/** What the first of these caches keeps for `key`, if any does. */
async function keptIn(key, ...names) {
  for (const name of names) {
    const found = await (await caches.open(name)).match(key, ANY);
    if (found) return found;
  }
  return undefined;
}

/** `promise`, or `undefined` once `ms` have passed without it. */
function within(promise, ms) {
  let timer;
  const late = new Promise((resolve) => (timer = setTimeout(resolve, ms)));
  return Promise.race([promise, late]).finally(() => clearTimeout(timer));
}

/**
 * A page: the network's answer whenever it comes within the timeout (and kept, if an article);
 * else the kept copy, marked; else, if the network is slow rather than gone, its answer when it
 * comes; else the offline page.
 */
async function page(request, path, later) {
  const slug = articleSlug(path);
  const network = fetch(request);
  later(network.then((response) => slug && response.status === 200 && !response.redirected && keepArticle(path, response.clone())));
  if (path === SAVED_PAGE) later(network.then((response) => response.status === 200 && caches.open(SAVED).then((saved) => saved.put(path, response.clone()))));
  return networkFirst(network, async () => {
    if (path === SAVED_PAGE) return keptIn(path, SAVED);
    const kept = slug && (await keptIn(path, PAGES, SAVED));
    return kept && offlineCopy(kept);
  }, offlinePage);
}

/** The page that lists the saved stories (the page's script fills it in, from savedArticles). */
const SAVED_PAGE = '/saved';

/**
 * The network's answer when it comes within the timeout; else what `kept()` finds; else the
 * network's answer whenever it comes, or `offline(error)` when it fails.
 */
async function networkFirst(network, kept, offline) {
  const fresh = await within(network.catch(() => undefined), LIMITS.timeoutMs);
  return fresh || (await kept()) || network.catch(offline);
}

/**
 * Keeps an article's page, with the JSON the app reads to open it from another page and its
 * pictures; the page last, so that a kept page has all it needs. Saved (`saved`), all of it goes
 * to okur-saved, fetched anew or, offline, copied from what is kept, and nothing is pruned;
 * `shown` names the pictures' files the reader's screen chose (`srcset`), kept too.
 */
function keepArticle(path, response, saved = false, shown = []) {
  return serially(async () => {
    if (response?.status !== 200) throw new Error(`${path} is neither online nor kept`);
    const html = await response.text();
    const api = apiOf(path);
    const store = await caches.open(saved ? SAVED : DATA);
    // As the app asks for them (src/api.rs: article_url, comments_page_url in the default
    // order), unless the app has just read them itself.
    for (const url of [api, `${api}/comments?per_page=20&order=asc`]) {
      if (saved) await fetchOrKept(url).then((answer) => answer && store.put(url, answer));
      else if (!(await store.match(url, ANY))) await store.add(url).catch(() => {});
    }
    // Its pictures (this site's own), unless kept already.
    const images = await caches.open(saved ? SAVED : IMAGES);
    for (const src of pictures(html)) {
      if (saved) await fetchOrKept(src).then((picture) => picture && images.put(src, picture));
      else if (!(await images.match(src, ANY))) await fetch(src).then((picture) => putImage(src, picture)).catch(() => {});
    }
    // Of an upload's widths and formats, the ones the reader's screen showed (`shown`, from the
    // page): offline the browser chooses the same again.
    const offers = offered(html);
    for (const url of shown.map((src) => new URL(src, location.origin)).filter((url) => url.origin === location.origin && offers.includes(url.pathname))) {
      await fetchOrKept(url.pathname).then((picture) => picture && images.put(url.pathname, picture));
    }
    const headers = new Headers(response.headers);
    const title = /<meta property="og:title" content="([^"]*)"/.exec(html) || /<title>([^<]*)<\/title>/.exec(html);
    headers.set(KEPT_AT, String(Date.now()));
    headers.set(TITLE, encodeURIComponent(title ? title[1] : path));
    headers.set(LANG, (/^<!doctype html><html lang="?([a-z]+)/i.exec(html) || [])[1] || 'tr');
    await (await caches.open(saved ? SAVED : PAGES)).put(path, new Response(html, { status: 200, headers }));
    if (!saved) await prune();
  });
}

/** The site's own pictures a page shows. */
function pictures(html) {
  return [...html.matchAll(/<img [^>]*src="(\/[^/"][^"]*)"/g)].map((found) => found[1]);
}

/** The site's own files a page's pictures offer besides (`srcset`: an upload's widths and formats). */
function offered(html) {
  const urls = [...html.matchAll(/srcset="([^"]*)"/g)].flatMap((found) => found[1].split(',').map((c) => c.trim().split(/\s+/)[0]));
  return urls.filter((url) => /^\/[^/]/.test(url));
}

/** The network's answer, or offline what any cache keeps for `url`. */
async function fetchOrKept(url) {
  const fresh = await fetch(url).catch(() => undefined);
  return fresh?.status === 200 ? fresh : caches.match(url, ANY);
}

/**
 * Save for later, by message from the page's script: `{ save: path, shown }` (`shown`: the
 * addresses of the pictures the page shows) or `{ remove: path }` (an
 * article's address), or neither; the answer, on the port sent with it, is the saved stories
 * after the change (savedArticles), or `null` when the change failed.
 */
addEventListener('message', (event) => {
  const [port] = event.ports;
  const { save, remove, shown } = event.data || {};
  const work = (async () => {
    if (save && articleSlug(save)) {
      await keepArticle(save, await fetchOrKept(save), true, Array.isArray(shown) ? shown.filter((src) => typeof src === 'string') : []);
      // The list's page too, for a reader who opens it offline first.
      if (!(await keptIn(SAVED_PAGE, SAVED))) await fetchOrKept(SAVED_PAGE).then((page) => page && caches.open(SAVED).then((saved) => saved.put(SAVED_PAGE, page)));
    }
    if (remove && articleSlug(remove)) await unsave(remove);
    return keptArticles(SAVED);
  })();
  event.waitUntil(work.then((list) => port?.postMessage(list), () => port?.postMessage(null)));
});

/** Removes a saved article: its page, its JSON, and the pictures no other saved page shows. */
function unsave(path) {
  return serially(async () => {
    const saved = await caches.open(SAVED);
    await saved.delete(path, ANY);
    const api = apiOf(path);
    const shown = new Set();
    for (const article of await keptArticles(SAVED)) {
      const html = await (await saved.match(article.path, ANY)).text();
      [...pictures(html), ...offered(html)].forEach((src) => shown.add(src));
    }
    for (const request of await saved.keys()) {
      const { pathname } = new URL(request.url);
      const data = pathname === api || pathname.startsWith(`${api}/`);
      const picture = !pathname.startsWith('/api/') && !articleSlug(pathname) && pathname !== SAVED_PAGE && !shown.has(pathname);
      if (data || picture) await saved.delete(request, ANY);
    }
  });
}

/** The caches' bookkeeping, one change at a time (two keepings at once would each count the other's entries half-written). */
let queue = Promise.resolve();
function serially(task) {
  const run = queue.then(task);
  queue = run.catch(() => {});
  return run;
}

/** Keeps the articles of the last LIMITS.keepDays days, at most LIMITS.keepArticles, newest first. */
async function prune() {
  const pages = await caches.open(PAGES);
  const store = await caches.open(DATA);
  const oldest = Date.now() - LIMITS.keepDays * 86_400_000;
  const kept = await keptArticles(PAGES);
  for (const [index, article] of kept.entries()) {
    if (index < LIMITS.keepArticles && article.at >= oldest) continue;
    await pages.delete(article.path);
    const api = apiOf(article.path);
    for (const request of await store.keys()) {
      const path = new URL(request.url).pathname;
      if (path === api || path.startsWith(`${api}/`)) await store.delete(request);
    }
  }
}

/** The articles a cache keeps (PAGES, or SAVED), newest first: path, title (HTML text), language and when kept. */
async function keptArticles(name) {
  const pages = await caches.open(name);
  const found = [];
  for (const request of await pages.keys()) {
    const response = articleSlug(new URL(request.url).pathname) && (await pages.match(request, ANY));
    if (!response) continue;
    const at = Number(response.headers.get(KEPT_AT)) || 0;
    const title = decodeURIComponent(response.headers.get(TITLE) || '');
    found.push({ path: new URL(request.url).pathname, title, lang: response.headers.get(LANG) || 'tr', at });
  }
  return found.sort((a, b) => b.at - a.at);
}

/** "13.12.2025 09:30" / "December 13, 2025 at 09:30 AM", as the app writes a moment (src/format.rs). */
function moment(at, lang) {
  const date = lang === 'en' ? { day: 'numeric', month: 'long', year: 'numeric' } : { day: '2-digit', month: '2-digit', year: 'numeric' };
  return new Date(at).toLocaleString(lang === 'en' ? 'en-US' : 'tr-TR', { ...date, hour: '2-digit', minute: '2-digit' });
}

/**
 * A kept page, with the notice that it is one at the end of the body: outside what the app
 * hydrates (which ends with its data), so the app wakes on it as on the page it was.
 */
async function offlineCopy(kept) {
  const lang = kept.headers.get(LANG) || 'tr';
  const at = moment(Number(kept.headers.get(KEPT_AT)), lang);
  const notice = `<p class="offline-copy" data-testid="offline-copy" role="status">${texts(lang).copy} · ${at}</p>`;
  const html = (await kept.text()).replace(/<\/body>/, `${notice}</body>`);
  const headers = new Headers(kept.headers);
  headers.delete('content-length');
  headers.set('cache-control', 'no-store');
  return new Response(html, { status: 200, headers });
}

/** The offline page: what it is, and the saved and kept articles as links, newest first. */
async function offlinePage() {
  const saved = (await keptArticles(SAVED)).map((a) => ({ ...a, saved: true }));
  const kept = [...saved, ...(await keptArticles(PAGES)).filter((a) => !saved.some((s) => s.path === a.path))].sort((a, b) => b.at - a.at);
  const lang = kept.length ? kept[0].lang : 'tr';
  const t = texts(lang);
  const css = ASSETS.find((name) => name.endsWith('.css'));
  const items = kept
    .map((a) => `<li><a href="${a.path}" lang="${a.lang}">${a.title}</a> <span class="offline__when">${a.saved ? texts(a.lang).saved : t.copy} · ${moment(a.at, a.lang)}</span></li>`)
    .join('');
  const list = items ? `<h2>${t.readable}</h2><ul data-testid="offline-list">${items}</ul>` : `<p data-testid="offline-list">${t.none}</p>`;
  const html = `<!doctype html><html lang="${lang}"><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${t.title} — okur</title><link rel="stylesheet" href="${css}"><link rel="icon" href="${ASSETS.find((name) => name.endsWith('.svg'))}">
<body><header class="site-header"><div class="site-header__inner"><a href="/" class="brand"><span class="brand__name">okur</span></a></div></header>
<main id="main" class="main offline" data-testid="offline-page"><h1>${t.title}</h1><p>${t.lead}</p>${list}<p><a href="/">${t.home}</a></p></main></body></html>`;
  return new Response(html, {
    status: 503,
    headers: {
      'content-type': 'text/html; charset=utf-8',
      'cache-control': 'no-store',
      'content-security-policy': "default-src 'self'; script-src 'none'; object-src 'none'; base-uri 'none'",
    },
  });
}

/** A build's file: kept ones from the cache; a file of an older build that a kept page names is answered by this build's file of its kind. */
async function file(request, path) {
  const kept = await caches.match(request, ANY);
  if (kept) return kept;
  try {
    return await fetch(request);
  } catch (error) {
    const kind = /(_bg\.wasm|\.js|\.css|\.svg)$/.exec(path);
    const same = kind && ASSETS.find((name) => name.endsWith(kind[1]) && !name.startsWith('/icons/'));
    const current = same && (await caches.match(same, ANY));
    if (current) return current;
    throw error;
  }
}

/**
 * The app's reading of an article: the network first (its answer kept), the kept answer offline
 * or when the network is slow. An article the app opens is kept as if opened by its address.
 */
async function data(request, path, later) {
  const network = fetch(request);
  const slug = /^\/api\/articles\/([^/]+)$/.exec(path);
  later(
    network.then(async (response) => {
      if (response.status !== 200) return;
      // Before the app reads the body.
      const copy = response.clone();
      // Only first pages: later ones are read online.
      if (!new URL(request.url).searchParams.has('after')) await (await caches.open(DATA)).put(request, copy);
      const address = slug && `/articles/${slug[1]}`;
      const kept = address && (await keptIn(address, PAGES));
      if (address && !(kept && Number(kept.headers.get(KEPT_AT)) > Date.now() - LIMITS.refreshMs)) await keepArticle(address, await fetch(address));
    }),
  );
  return networkFirst(network, () => keptIn(request, DATA, SAVED), (error) => {
    throw error;
  });
}

/**
 * An image: the kept copy at once (refreshed behind it), a saved story's too, else the network's,
 * kept within the budget.
 */
async function image(request, later) {
  const network = fetch(request);
  later(network.then((response) => keepImage(request, response.clone())));
  const kept = await keptIn(request, IMAGES, SAVED);
  return kept || network;
}

/** Keeps an image at the end of the keys' order (so the least recently kept leave first), unless it is over half the budget. */
function keepImage(request, response) {
  return serially(() => putImage(request, response));
}

/** What keepImage does, for a task already in the queue. */
async function putImage(request, response) {
  if (response.status !== 200) return;
  const body = await response.blob();
  if (body.size > LIMITS.imageBytes / 2) return;
  const headers = new Headers(response.headers);
  headers.set(BYTES, String(body.size));
  const store = await caches.open(IMAGES);
  await store.delete(request, ANY);
  await store.put(request, new Response(body, { headers }));
  await trimImages();
}

/** Drops the least recently kept images until the rest fit LIMITS.imageBytes (keys come in the order they were put). */
async function trimImages() {
  const store = await caches.open(IMAGES);
  const requests = await store.keys();
  const sizes = await Promise.all(requests.map(async (r) => Number((await store.match(r, ANY))?.headers.get(BYTES)) || 0));
  let total = sizes.reduce((sum, n) => sum + n, 0);
  for (const [index, request] of requests.entries()) {
    if (total <= LIMITS.imageBytes) break;
    await store.delete(request, ANY);
    total -= sizes[index];
  }
}
