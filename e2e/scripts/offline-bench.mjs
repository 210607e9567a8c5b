// Offline figures (issue 22), on the release build:
// 1. an article read before opens offline: the time from navigation to its first paint, with the
//    server stopped (so the page and the service worker both lose the network), median of 5;
//    each run is a new tab of the same browser profile, as a reader opening the site again;
//    and with a network that takes the connection and never answers (a lost signal that the
//    device does not know of): the worker's 2-second timeout, then the kept copy;
// 2. an online reader after something new: with the article kept by the worker, a new comment
//    is posted and the story itself corrected (re-imported with a new title, the server
//    restarted, as a newsroom's update); the first load after each shows the new page, never
//    the kept copy (no "offline copy" notice).
// Figures, not a test. Writes bench/offline.md and .json. Usage: node scripts/offline-bench.mjs
// (OKUR_BIN, OKUR_DIST)
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createServer } from 'node:net';
import { chromium } from '@playwright/test';
import { freePort, importFiles, startServer, tempDir } from '../tests/server.js';

const here = dirname(fileURLToPath(import.meta.url));
const out = resolve(here, '..', 'bench');
const SLUG = 'liman-kenti-yesil-donusum';
const ARTICLE = `/articles/${SLUG}`;
const RUNS = 5;
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

const tmp = tempDir();
const db = join(tmp.dir, 'okur.db');
const addr = `127.0.0.1:${await freePort()}`;
let server = await startServer({ db, addr });
const profile = join(tmp.dir, 'profile');
const context = await chromium.launchPersistentContext(profile, {
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-background-networking', '--disable-component-update'],
  viewport: { width: 412, height: 823 },
});
const results = { date: new Date().toISOString(), runs: RUNS, offlinePaint: [], silentPaint: [], notice: [], fresh: {} };

/** Reads the article as a reader does: the page, then a pointer over a link wakes the app, which registers the worker. */
async function read(page) {
  await page.goto(server.url + ARTICLE);
  for (let i = 0; i < 100 && !(await page.evaluate(() => !!navigator.serviceWorker.controller)); i++) {
    await page.locator('a.brand').dispatchEvent('pointerover');
    await page.waitForTimeout(100);
  }
  await page.waitForFunction(
    async (path) => !!(await (await caches.open('okur-pages')).match(path, { ignoreVary: true })),
    ARTICLE,
    { polling: 100 },
  );
}

const firstPaint = (page) =>
  page.evaluate(() => performance.getEntriesByType('paint').find((e) => e.name === 'first-paint')?.startTime);

try {
  const page = await context.newPage();
  await read(page);
  await page.close();
  await server.stop();
  // 1. Offline, a new tab each time.
  for (let i = 0; i < RUNS; i++) {
    const tab = await context.newPage();
    await tab.goto(`http://${addr}${ARTICLE}`);
    await tab.waitForFunction(() => performance.getEntriesByType('paint').length > 0);
    results.offlinePaint.push(await firstPaint(tab));
    results.notice.push(await tab.getByTestId('offline-copy').textContent());
    await tab.close();
  }
  // The same with a network that never answers: connections taken on the site's address, held.
  const held = [];
  const silent = createServer((socket) => held.push(socket));
  await new Promise((done) => silent.listen(Number(addr.split(':')[1]), '127.0.0.1', done));
  for (let i = 0; i < RUNS; i++) {
    const tab = await context.newPage();
    await tab.goto(`http://${addr}${ARTICLE}`);
    await tab.waitForFunction(() => performance.getEntriesByType('paint').length > 0);
    results.silentPaint.push(await firstPaint(tab));
    await tab.close();
  }
  for (const socket of held) socket.destroy();
  await new Promise((done) => silent.close(done));
  // 2. Online again: something new, and the first load.
  server = await startServer({ db, addr });
  const tab = await context.newPage();
  await read(tab);
  const posted = await fetch(`${server.url}/api${ARTICLE}/comments`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: server.url },
    body: JSON.stringify({ author_name: 'Bench', body: 'A comment posted after the page was kept.' }),
  });
  if (posted.status !== 201) throw new Error(`offline-bench: posting answered ${posted.status}`);
  await tab.goto(server.url + ARTICLE);
  results.fresh.comment = {
    shown: (await tab.getByTestId('comment-body').allTextContents()).includes('A comment posted after the page was kept.'),
    notice: await tab.getByTestId('offline-copy').count(),
  };
  // A correction: the story re-imported with a new title, the server restarted.
  const story = await (await fetch(`${server.url}/api${ARTICLE}`)).json();
  const corrected = { ...story, title: `${story.title} (düzeltildi)` };
  writeFileSync(join(tmp.dir, 'corrected.json'), JSON.stringify([corrected]));
  await server.stop();
  await importFiles(db, [join(tmp.dir, 'corrected.json')]);
  server = await startServer({ db, addr });
  await tab.goto(server.url + ARTICLE);
  results.fresh.correction = {
    shown: (await tab.getByTestId('article-title').textContent()) === corrected.title,
    notice: await tab.getByTestId('offline-copy').count(),
  };
} finally {
  await context.close();
  await server.stop();
  tmp.remove();
}

const ms = (x) => `${Math.round(x)} ms`;
const paint = median(results.offlinePaint);
const silentPaint = median(results.silentPaint);
results.median = { offlinePaint: paint, silentPaint };
const md = `# Offline (issue 22)

Measured ${results.date.slice(0, 10)} by \`node e2e/scripts/offline-bench.mjs\` on the release build.

| | figure | goal |
| --- | --- | --- |
| an article read before, opened offline: first paint, median of ${RUNS} | **${ms(paint)}** (${results.offlinePaint.map(ms).join(', ')}) | ≤ 500 ms |
| the same when the network takes the connection and never answers | ${ms(silentPaint)} (${results.silentPaint.map(ms).join(', ')}) | the 2 s timeout, then the copy |
| its notice | ${results.notice[0]} | "Çevrimdışı kopya · …" |
| online after a new comment: the first load shows it, no notice | ${results.fresh.comment.shown && !results.fresh.comment.notice ? 'yes' : 'NO'} | yes |
| online after a correction (re-import, restart): the first load shows it, no notice | ${results.fresh.correction.shown && !results.fresh.correction.notice ? 'yes' : 'NO'} | yes |

The server is stopped for the offline runs, so the page and the service worker both lose it;
each run is a new tab of the same browser profile (the worker and its caches stay, as for a
reader coming back). Pages go to the network first: the kept copy is only shown when the network
fails or takes more than 2 s.
`;
mkdirSync(out, { recursive: true });
writeFileSync(join(out, 'offline.json'), `${JSON.stringify(results, null, 2)}\n`);
writeFileSync(join(out, 'offline.md'), md);
console.log(md);
if (paint > 500 || !results.fresh.comment.shown || !results.fresh.correction.shown) process.exitCode = 1;
