// The foundation, as a reader meets it: front page, article pages, deep links, not-found,
// paging, small screens, and an unreachable backend.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, importFiles, startServer, startServerWithStories, tempDir, test } from './server.js';

const DEMO = {
  'liman-kenti-yesil-donusum': 'Liman kentinde yeşil dönüşüm: sahil yolu yayalara açılıyor',
  'kutuphane-gece-acik': 'Kent kütüphanesi sınav döneminde gece yarısına kadar açık',
  'coastal-rail-line-reopens': 'Coastal rail line reopens after eight months of repairs',
  'genc-takim-final': 'Genç voleybolcular bölge finalinde',
  'kis-sebzeleri-rehberi': 'Kış sofrası için pazar rehberi: mevsimin beş sebzesi',
};

test('the front page leads with the newest story, then a block per section', async ({ page }) => {
  await page.goto('/');
  const cards = page.getByTestId('article-card');
  await expect(cards).toHaveCount(10);
  await expect(page.getByTestId('lead-story').locator('h2')).toHaveText(DEMO['liman-kenti-yesil-donusum']);
  const blocks = page.getByTestId('section-block');
  // Most stories first (the operator's --sections order when given), each block newest first.
  await expect(blocks.locator('.section-block__title')).toHaveText(['Gündem', 'Eğitim', 'Spor', 'Transport', 'Yaşam']);
  await expect(blocks.nth(1).locator('.card__title')).toHaveText([DEMO['kutuphane-gece-acik'], 'Ilık geçen kış okul bahçelerinde sebze ekimini uzattı']);
  const first = cards.first();
  await expect(first.locator('.card__category')).toHaveText('Gündem');
  await expect(first.locator('time')).toHaveText('13.12.2025');
  await expect(first.getByTestId('card-comment-count')).toHaveText('2 Yorum');
  await expect(first.locator('img')).toHaveAttribute('alt', /Liman kıyısında/);
  await expect(page).toHaveTitle('Son haberler — okur');
  await expect(page.getByTestId('pager')).toHaveCount(0);
});

test('clicking an article opens it with all its blocks', async ({ page }) => {
  await page.goto('/');
  await page.getByTestId('article-card').getByRole('link', { name: DEMO['coastal-rail-line-reopens'] }).click();
  await expect(page).toHaveURL(/\/articles\/coastal-rail-line-reopens$/);
  await expect(page.getByTestId('article-title')).toHaveText(DEMO['coastal-rail-line-reopens']);
  await expect(page.getByTestId('article-category')).toHaveText('Transport');
  await expect(page.getByTestId('article-date')).toHaveText('10.12.2025');
  await expect(page.getByTestId('comment-count')).toHaveText('1 Yorum');
  const body = page.getByTestId('article-body');
  await expect(body.locator('h2')).toHaveText(['What riders get', 'Fares stay the same']);
  await expect(body.locator('ul > li')).toHaveCount(3);
  await expect(body.locator('blockquote')).toContainText('We did not just patch the wall.');
  await expect(body.locator('figure.quote cite')).toHaveText('Priya Nair, regional rail engineer');
  await expect(body.locator('figure.figure img')).toHaveAttribute('loading', 'lazy');
  await expect(body.locator('figure.figure figcaption')).toContainText('80 centimetres');
  await expect(page).toHaveTitle(`${DEMO['coastal-rail-line-reopens']} — okur`);
  await expect(page.locator('meta[name="description"]')).toHaveAttribute('content', /Trains are running again/);
  // Back to the list through the masthead, without a reload.
  await page.getByRole('link', { name: 'okur ana sayfa' }).click();
  await expect(page.getByTestId('article-card')).toHaveCount(10);
});

test('together the demo articles use every block kind', async ({ page }) => {
  const kinds = new Set();
  for (const slug of Object.keys(DEMO)) {
    await page.goto(`/articles/${slug}`);
    const body = page.getByTestId('article-body');
    await expect(body).toBeVisible();
    for (const [kind, selector] of [
      ['heading', 'h2'],
      ['paragraph', ':scope > p'],
      ['quote', 'blockquote'],
      ['bulleted list', 'ul'],
      ['numbered list', 'ol'],
      ['image', 'figure.figure img'],
    ]) {
      if ((await body.locator(selector).count()) > 0) kinds.add(kind);
    }
  }
  expect([...kinds].sort()).toEqual(['bulleted list', 'heading', 'image', 'numbered list', 'paragraph', 'quote']);
});

test('a slow answer keeps the page and says it loads; an error answer offers a retry that works', async ({ page }) => {
  page.expectConsoleErrors = true; // the browser logs the 500
  await page.goto('/');
  await expect(page.getByTestId('article-card')).toHaveCount(10);
  let release;
  const held = new Promise((resolve) => (release = resolve));
  await page.route('**/api/articles/genc-takim-final', async (route) => {
    await held;
    await route.continue();
  });
  await page.getByTestId('article-card').getByRole('link', { name: DEMO['genc-takim-final'] }).click();
  await expect(page.getByTestId('loading')).toBeVisible();
  await expect(page.getByTestId('loading')).toHaveAttribute('aria-busy', 'true');
  await expect(page.locator('main')).toHaveAttribute('aria-busy', 'true');
  // The page the reader is on stays until the next one is ready.
  await expect(page.getByTestId('article-card')).toHaveCount(10);
  release();
  await expect(page.getByTestId('article-title')).toHaveText(DEMO['genc-takim-final']);
  await expect(page.getByTestId('loading')).toHaveCount(0);
  await expect(page).toHaveURL(/\/articles\/genc-takim-final$/);

  await page.route('**/api/front?*', (route) =>
    route.fulfill({ status: 500, contentType: 'application/json', body: '{"error":{"code":"internal","message":"boom"}}' }),
  );
  await page.getByRole('link', { name: 'okur ana sayfa' }).click();
  await expect(page.getByTestId('error-state')).toContainText('Sunucu şu anda yanıt veremiyor');
  await page.unroute('**/api/front?*');
  await page.getByTestId('retry').click();
  await expect(page.getByTestId('article-card')).toHaveCount(10);
});

test('hydration fetches nothing the page was rendered from; links then move within the app', async ({ page }) => {
  const api = [];
  page.on('request', (r) => {
    const path = new URL(r.url()).pathname;
    // The live comment stream is new data, not the page's again.
    if (path.startsWith('/api/') && !path.endsWith('/comments/events')) api.push(path);
  });
  await page.goto('/articles/liman-kenti-yesil-donusum');
  await page.getByTestId('font-increase').click();
  await expect(page.getByTestId('font-level')).toContainText('112.5 %');
  await expect(page.getByTestId('comment')).toHaveCount(2);
  await page.goto('/');
  await expect(page.getByTestId('article-card')).toHaveCount(10);
  expect(api).toEqual([]);

  // From here on the app is a single-page app: the next page comes from the JSON API.
  await page.evaluate(() => (window.stillHere = true));
  await page.getByTestId('article-card').getByRole('link', { name: DEMO['genc-takim-final'] }).click();
  await expect(page.getByTestId('article-title')).toHaveText(DEMO['genc-takim-final']);
  await expect(page).toHaveTitle(`${DEMO['genc-takim-final']} — okur`);
  expect(api).toContain('/api/articles/genc-takim-final');
  expect(await page.evaluate(() => window.stillHere)).toBe(true);
  // Back returns to the front page, still without a reload.
  await page.goBack();
  await expect(page.getByTestId('article-card')).toHaveCount(10);
  await expect(page).toHaveTitle('Son haberler — okur');
  expect(await page.evaluate(() => window.stillHere)).toBe(true);
});

test('a deep link loads, and survives a reload', async ({ page }) => {
  await page.goto('/articles/kutuphane-gece-acik');
  await expect(page.getByTestId('article-title')).toHaveText(DEMO['kutuphane-gece-acik']);
  await page.reload();
  await expect(page.getByTestId('article-title')).toHaveText(DEMO['kutuphane-gece-acik']);
  await expect(page.getByTestId('article-body').locator('ol > li')).toHaveCount(3);
  // The comment count leads to the comment section.
  await page.getByTestId('comment-count').click();
  await expect(page).toHaveURL(/#comments$/);
  await expect(page.locator('#comments h2')).toHaveText('Ziyaretçi Yorumları - 1 Yorum');
  await expect(page.locator('#comments')).toBeInViewport();
});

test('unknown articles and routes show the not-found view', async ({ page }) => {
  page.expectConsoleErrors = true; // the browser logs the 404 of the API call
  await page.goto('/articles/no-such-story');
  await expect(page.getByTestId('not-found')).toBeVisible();
  await expect(page).toHaveTitle('Sayfa bulunamadı — okur');
  await page.goto('/this/route/does-not-exist');
  await expect(page.getByTestId('not-found')).toBeVisible();
  await page.getByRole('link', { name: 'Ana sayfaya dön' }).click();
  await expect(page.getByTestId('article-card')).toHaveCount(10);
});

test('text from the database stays text', async ({ page }) => {
  // Markup stored in any text field must show literally and never run.
  const tmp = tempDir();
  const db = join(tmp.dir, 'okur.db');
  const payload = '<img src=x onerror="window.__pwned=1"><script>window.__pwned=1</script>';
  writeFileSync(
    join(tmp.dir, 'xss.json'),
    JSON.stringify({
      slug: 'xss-check',
      title: `Title ${payload}`,
      summary: `Summary ${payload}`,
      published_at: '2020-01-01',
      author: `Author ${payload}`,
      category: "<b>Kültür</b>",
      body: [
        { type: 'paragraph', text: payload },
        { type: 'heading', text: payload },
        { type: 'list', ordered: false, items: [payload] },
        { type: 'quote', text: payload, cite: payload },
      ],
    }),
  );
  await importFiles(db, [join(tmp.dir, 'xss.json')]);
  const server = await startServer({ db });
  try {
    await page.goto(`${server.url}/`);
    await expect(page.getByTestId('article-card').locator('h2')).toHaveText(`Title ${payload}`);
    await page.goto(`${server.url}/articles/xss-check`);
    await expect(page.getByTestId('article-title')).toHaveText(`Title ${payload}`);
    const body = page.getByTestId('article-body');
    await expect(body.locator(':scope > p')).toHaveText(payload);
    await expect(body.locator('h2')).toHaveText(payload);
    await expect(body.locator('li')).toHaveText(payload);
    await expect(body.locator('cite')).toHaveText(payload);
    await expect(page.locator('[data-testid="article"] img, [data-testid="article"] script')).toHaveCount(0);
    expect(await page.evaluate(() => window.__pwned)).toBeUndefined();
  } finally {
    await server.stop();
    tmp.remove();
  }
});

test('a phone-sized screen never scrolls sideways', async ({ page }) => {
  await page.setViewportSize({ width: 320, height: 640 });
  for (const path of ['/', '/articles/liman-kenti-yesil-donusum', '/articles/coastal-rail-line-reopens']) {
    await page.goto(path);
    await expect(page.locator('[data-testid="article-card"], [data-testid="article"]').first()).toBeVisible();
    const [scroll, width] = await page.evaluate(() => [document.documentElement.scrollWidth, window.innerWidth]);
    expect(scroll, path).toBeLessThanOrEqual(width);
  }
});

test('paging walks a longer list', async ({ page }) => {
  const server = await startServerWithStories(12);
  try {
    await page.goto(`${server.url}/`);
    await expect(page.getByTestId('article-card')).toHaveCount(10);
    await expect(page.getByTestId('article-card').first().locator('h2')).toHaveText('Story number 12');
    await expect(page.getByTestId('pager')).toContainText('Sayfa 1 / 2');
    await expect(page.getByTestId('pager-prev')).toHaveCount(0);
    await page.getByTestId('pager-next').click();
    await expect(page).toHaveURL(/\?page=2$/);
    await expect(page.getByTestId('article-card')).toHaveCount(2);
    await expect(page.getByTestId('article-card').last().locator('h2')).toHaveText('Story number 1');
    await expect(page.getByTestId('pager-next')).toHaveCount(0);
    await page.getByTestId('pager-prev').click();
    await expect(page.getByTestId('article-card')).toHaveCount(10);
    // Past the end: not a page (404, noindex), with the way home.
    page.expectConsoleErrors = true; // the browser logs the page's own 404
    const past = await page.goto(`${server.url}/?page=9`);
    expect(past.status()).toBe(404);
    await expect(page.getByTestId('not-found')).toBeVisible();
    await expect(page.locator('meta[name=robots]')).toHaveAttribute('content', 'noindex');
  } finally {
    await server.stop();
  }
});

test('with the backend stopped the page says so, and retry works once it is back', async ({ page }) => {
  page.expectConsoleErrors = true; // failed fetches are logged by the browser
  const tmp = tempDir();
  const db = join(tmp.dir, 'okur.db');
  let server = await startServer({ db });
  try {
    await page.goto(`${server.url}/`);
    await expect(page.getByTestId('article-card')).toHaveCount(10);
    await server.stop();
    // The app is loaded; opening an article now needs the API, which is gone.
    await page.getByTestId('article-card').getByRole('link', { name: DEMO['genc-takim-final'] }).click();
    const error = page.getByTestId('error-state');
    await expect(error).toBeVisible();
    await expect(error).toContainText('Sunucuya ulaşılamadı');
    // Retrying while it is still down fails again, and the button comes back.
    await page.getByTestId('retry').click();
    await expect(page.getByTestId('retry')).toBeEnabled();
    await expect(error).toBeVisible();
    server = await startServer({ db, addr: `127.0.0.1:${server.port}` });
    await page.getByTestId('retry').click();
    await expect(page.getByTestId('article-title')).toHaveText(DEMO['genc-takim-final']);
    await expect(page.getByTestId('error-state')).toHaveCount(0);
  } finally {
    await server.stop();
    tmp.remove();
  }
});
