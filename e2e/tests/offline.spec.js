// Offline (issue 22): the service worker (worker/sw.js) against a real `okur serve` that each
// test stops to cut the network (the page and the worker both lose it) and starts again on the
// same address: a kept article opens offline marked as a copy, and the app wakes on it from the
// worker's files; any other page is the offline page listing what can be read; online the
// network's page is shown; the comment form offline keeps its text and posts on a press once
// online; a new build's worker takes over and removes the old files; the limits hold.
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, request as forward } from 'node:http';
import { join } from 'node:path';
import { controlled, cut, kept, OFFLINE_NOISE, setting, site } from './network.js';
import { expect, freePort, OKUR_DIST, test } from './server.js';

test.use({ serviceWorkers: 'allow' });

const ARTICLE = '/articles/liman-kenti-yesil-donusum';
const TITLE = 'Liman kentinde yeşil dönüşüm: sahil yolu yayalara açılıyor';
const OTHER = '/articles/dere-yatagi-gonullu-temizlik';
/** The paths kept for offline reading. */
const keptPaths = (page) =>
  page.evaluate(async () => (await (await caches.open('okur-pages')).keys()).map((r) => new URL(r.url).pathname).sort());

test('an article read online opens offline, marked as a copy, and the app wakes on it', async ({ page }) => {
  const s = await site();
  try {
    await page.goto(s.url + ARTICLE);
    await kept(page, ARTICLE);
    expect(await page.evaluate(() => caches.keys())).toEqual(
      expect.arrayContaining(['okur-pages', 'okur-data', 'okur-images', expect.stringMatching(/^okur-files-[0-9a-f]{16}$/)]),
    );
    await cut(page, s);
    // The fixture's reload wakes the app: its files come from the worker.
    await page.reload();
    await expect(page.getByTestId('offline-copy')).toHaveText(/^Çevrimdışı kopya · \d\d\.\d\d\.\d{4} \d\d:\d\d$/);
    await expect(page.getByTestId('offline-copy')).toHaveAttribute('role', 'status');
    await expect(page.getByTestId('article-title')).toHaveText(TITLE);
    await expect(page.getByTestId('comment')).toHaveCount(2);
    // Its pictures were kept with it.
    const lead = page.locator('.figure--lead img');
    await expect.poll(() => lead.evaluate((img) => img.complete && img.naturalWidth)).toBeGreaterThan(0);
    // The live app answers: A+ and a theme.
    await page.getByTestId('font-increase').click();
    await expect(page.getByTestId('font-level')).toContainText('112.5 %');
    await page.getByTestId('theme-dark').click();
    await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
  } finally {
    await s.close();
  }
});

test('a reader of the English site gets the notice and the offline page in English', async ({ page }) => {
  const s = await site();
  const english = '/articles/coastal-rail-line-reopens';
  try {
    await page.context().addCookies([{ name: 'okur_lang', value: 'en', url: s.url }]);
    await page.goto(s.url + english);
    await kept(page, english);
    await cut(page, s);
    await page.reload();
    await expect(page.getByTestId('offline-copy')).toHaveText(/^Offline copy · [A-Z][a-z]+ \d{1,2}, \d{4} at \d\d:\d\d [AP]M$/);
    page.noHydration = true;
    await page.goto(s.url + OTHER);
    await expect(page.locator('html')).toHaveAttribute('lang', 'en');
    await expect(page.getByTestId('offline-page').getByRole('heading', { level: 1 })).toHaveText('You are offline');
    await expect(page.getByTestId('offline-list').getByRole('link')).toHaveAttribute('lang', 'en');
  } finally {
    await s.close();
  }
});

test('any other page offline is the offline page, listing what can be read', async ({ page }) => {
  const s = await site();
  try {
    await page.goto(s.url + ARTICLE);
    await kept(page, ARTICLE);
    await cut(page, s);
    page.noHydration = true;
    for (const path of [OTHER, '/', '/sections/gundem']) {
      const answer = await page.goto(s.url + path);
      expect(answer.status()).toBe(503);
      await expect(page.getByTestId('offline-page').getByRole('heading', { level: 1 })).toHaveText('Çevrimdışısınız');
      await expect(page.getByTestId('offline-list').getByRole('link')).toHaveText([TITLE]);
    }
    await page.getByTestId('offline-list').getByRole('link', { name: TITLE }).click();
    await expect(page.getByTestId('offline-copy')).toBeVisible();
    await expect(page.getByTestId('article-title')).toHaveText(TITLE);
  } finally {
    await s.close();
  }
});

test('an article opened within the app is kept too, and opens within the app offline', async ({ page }) => {
  const s = await site();
  try {
    await page.goto(s.url + ARTICLE);
    await controlled(page);
    // Related stories link within the app: the app reads the story's JSON, the worker keeps it.
    await page.getByTestId('related').getByRole('link').first().click();
    await expect(page).toHaveURL(s.url + OTHER);
    await kept(page, OTHER);
    await page.goBack();
    await expect(page.getByTestId('article-title')).toHaveText(TITLE);
    await cut(page, s);
    await page.getByTestId('related').getByRole('link').first().click();
    await expect(page).toHaveURL(s.url + OTHER);
    await expect(page.getByTestId('article-title')).toHaveText('Dere yatağında gönüllü temizlik: iki günde dört ton atık toplandı');
  } finally {
    await s.close();
  }
});

test('online, the page shown is the network’s, never the kept copy', async ({ page, request }) => {
  const s = await site();
  try {
    await page.goto(s.url + ARTICLE);
    await kept(page, ARTICLE);
    // Something new on the server, by another reader.
    const posted = await request.post(`${s.url}/api${ARTICLE}/comments`, {
      data: { author_name: 'Deniz', body: 'Yeni bir yorum, ağdan gelmeli.' },
      headers: { origin: s.url },
    });
    expect(posted.status()).toBe(201);
    await page.reload();
    await expect(page.getByTestId('comment-body').last()).toHaveText('Yeni bir yorum, ağdan gelmeli.');
    await expect(page.getByTestId('offline-copy')).toHaveCount(0);
  } finally {
    await s.close();
  }
});

/** A proxy in front of `target` (a port) that holds every page answer `delay.ms` back. */
async function slowProxy(target) {
  const delay = { ms: 0 };
  const proxy = createServer((incoming, outgoing) => {
    const upstream = forward({ port: target, path: incoming.url, method: incoming.method, headers: incoming.headers }, (answer) => {
      const page = (answer.headers['content-type'] || '').startsWith('text/html');
      setTimeout(() => {
        outgoing.writeHead(answer.statusCode, answer.headers);
        answer.pipe(outgoing);
      }, page ? delay.ms : 0);
    });
    upstream.on('error', () => outgoing.destroy());
    incoming.pipe(upstream);
  });
  await new Promise((done) => proxy.listen(0, '127.0.0.1', done));
  return { url: `http://127.0.0.1:${proxy.address().port}`, delay, close: () => new Promise((done) => {
      proxy.close(done);
      proxy.closeAllConnections();
    }),
  };
}

test('a slow network: the kept copy after 2 s, marked; a page not kept waits for the network', async ({ page }) => {
  const s = await site();
  const proxy = await slowProxy(Number(new URL(s.url).port));
  try {
    await page.goto(proxy.url + ARTICLE);
    await kept(page, ARTICLE);
    proxy.delay.ms = 6000;
    page.noHydration = true;
    const started = Date.now();
    await page.reload();
    await expect(page.getByTestId('offline-copy')).toBeVisible();
    expect(Date.now() - started).toBeLessThan(5000);
    // Not kept: the network's page, however late, rather than the offline page.
    proxy.delay.ms = 3000;
    await page.goto(proxy.url + OTHER);
    await expect(page.getByTestId('article-title')).toHaveText('Dere yatağında gönüllü temizlik: iki günde dört ton atık toplandı');
    await expect(page.getByTestId('offline-page')).toHaveCount(0);
  } finally {
    page.expectConsoleErrors = OFFLINE_NOISE; // the page, still open, loses its server
    await proxy.close();
    await s.close();
  }
});

test('the comment form offline says so, keeps the text, and posts on a press once online', async ({ page }) => {
  const s = await site();
  try {
    await page.goto(s.url + ARTICLE);
    await kept(page, ARTICLE);
    await cut(page, s);
    await page.reload();
    await page.getByTestId('comment-name').fill('Ayla');
    await page.getByTestId('comment-text').fill('Vapurda yazdım, karaya çıkınca gönderirim.');
    await page.getByTestId('comment-submit').click();
    await expect(page.getByTestId('comment-error')).toContainText('sunucuya ulaşılamadı');
    await expect(page.getByTestId('comment-text')).toHaveValue('Vapurda yazdım, karaya çıkınca gönderirim.');
    // Nothing is sent for the reader when the network returns: only their next press.
    await s.start();
    await page.waitForTimeout(500);
    const before = await page.request.get(`${s.url}/api${ARTICLE}/comments?per_page=50`);
    expect((await before.json()).total).toBe(2);
    await page.getByTestId('comment-submit').click();
    await expect(page.getByTestId('comment-body').last()).toHaveText('Vapurda yazdım, karaya çıkınca gönderirim.');
  } finally {
    await s.close();
  }
});

test("a new build's worker takes over on the next page, and the old build's files are removed", async ({ page }) => {
  const s = await site();
  try {
    await page.goto(s.url + ARTICLE);
    await kept(page, ARTICLE);
    const files = () => page.evaluate(async () => (await caches.keys()).filter((name) => name.startsWith('okur-files-')));
    const [old] = await files();
    // The same site with a new build (its worker names another build).
    await cut(page, s); // while it restarts
    const next = join(s.tmp.dir, 'next');
    cpSync(OKUR_DIST, next, { recursive: true });
    const worker = join(next, 'sw.js');
    writeFileSync(worker, readFileSync(worker, 'utf8').replace(/BUILD ?= ?["']([0-9a-f]{16})["']/, "BUILD = 'feedfacecafebeef'"));
    await s.start(next);
    await page.goto(`${s.url}/`);
    await expect.poll(files).toEqual(['okur-files-feedfacecafebeef']);
    expect(old).not.toBe('okur-files-feedfacecafebeef');
    // What the reader kept stays.
    expect(await keptPaths(page)).toEqual([ARTICLE]);
  } finally {
    await s.close();
  }
});

test('at most the set number of articles are kept, none older than the set days', async ({ page }) => {
  const s = await site(setting('keepArticles', 2));
  try {
    await page.goto(s.url + ARTICLE);
    await kept(page, ARTICLE);
    for (const path of [OTHER, '/articles/sisli-saglik-ocagi-hafta-sonu']) {
      await page.goto(s.url + path);
      await kept(page, path);
    }
    await expect.poll(() => keptPaths(page)).toEqual([OTHER, '/articles/sisli-saglik-ocagi-hafta-sonu'].sort());
  } finally {
    await s.close();
  }
  // Days: an eighth of a second here.
  const d = await site(setting('keepDays', 0.125 / 86400));
  try {
    await page.goto(d.url + ARTICLE);
    await kept(page, ARTICLE);
    await page.waitForTimeout(300);
    await page.goto(d.url + OTHER);
    await kept(page, OTHER);
    await expect.poll(() => keptPaths(page)).toEqual([OTHER]);
  } finally {
    await d.close();
  }
});

test('images are kept within the byte budget', async ({ page }) => {
  // The front page's five pictures are 1.0 to 1.6 KB: a 3 KB budget keeps two or three.
  const s = await site(setting('imageBytes', 3000));
  try {
    await page.goto(`${s.url}/`);
    await controlled(page);
    await page.reload();
    const images = () =>
      page.evaluate(async () => {
        const store = await caches.open('okur-images');
        const kept = [];
        for (const r of await store.keys()) kept.push(Number((await store.match(r)).headers.get('x-okur-bytes')));
        return kept;
      });
    await expect.poll(async () => (await images()).length).toBeGreaterThanOrEqual(2);
    const sizes = await images();
    expect(sizes.reduce((a, b) => a + b, 0)).toBeLessThanOrEqual(3000);
    expect(sizes.length).toBeLessThan(5);
  } finally {
    await s.close();
  }
});
