// Turkish and English: the switch, what follows it (strings, plurals, dates, <html lang>),
// the site's own default, each article's language, and the meta that sharing and search read.
import { join } from 'node:path';
import { expect, startServer, tempDir, test } from './server.js';

test('the header switch turns the whole UI to English and back, and is remembered', async ({ page }) => {
  await page.goto('/');
  await expect(page.locator('html')).toHaveAttribute('lang', 'tr');
  await expect(page.getByTestId('article-card').first().getByTestId('card-comment-count')).toHaveText('2 Yorum');
  await page.getByTestId('locale-en').click();
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  await expect(page).toHaveTitle('Latest news — okur');
  const first = page.getByTestId('article-card').first();
  await expect(first.getByTestId('card-comment-count')).toHaveText('2 comments');
  await expect(first.locator('time')).toHaveText('December 13, 2025');
  const library = page.getByTestId('article-card').filter({ hasText: 'Kent kütüphanesi' });
  await expect(library.getByTestId('card-comment-count')).toHaveText('1 comment');
  await expect(page.getByRole('link', { name: 'Skip to content' })).toBeAttached();
  await expect(page.getByTestId('locale-en')).toHaveAttribute('aria-pressed', 'true');

  await page.reload();
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  await first.locator('h2 a').click();
  await expect(page.locator('.article__meta')).toContainText('Published: December 13, 2025');
  await expect(page.getByTestId('comments-heading')).toHaveText('Visitor comments – 2 comments');
  await expect(page.getByTestId('comment').first()).toContainText('Mert K. says:');
  await expect(page.getByRole('heading', { name: 'Write a comment' })).toBeVisible();
  await expect(page.getByRole('button', { name: 'A+ Increase text size' })).toBeVisible();
  await page.getByTestId('comment-submit').click();
  await expect(page.getByTestId('comment-name-error')).toHaveText('This field is required.');

  await page.getByTestId('locale-tr').click();
  await expect(page.locator('html')).toHaveAttribute('lang', 'tr');
  await expect(page.locator('.article__meta')).toContainText('Yayınlama: 13.12.2025');
  await expect(page.getByTestId('comments-heading')).toHaveText('Ziyaretçi Yorumları - 2 Yorum');
  await expect(page.getByTestId('comment').first()).toContainText('Mert K. dedi ki:');
  await expect(page.getByRole('heading', { name: 'Bir Yorum Yazın' })).toBeVisible();
});

test('the site language is a server setting; articles keep their own language', async ({ page }) => {
  const tmp = tempDir();
  const server = await startServer({ db: join(tmp.dir, 'okur.db'), env: { OKUR_LOCALE: 'en' } });
  try {
    await page.goto(`${server.url}/articles/genc-takim-final`);
    await expect(page.locator('html')).toHaveAttribute('lang', 'en');
    await expect(page.locator('.article__meta')).toContainText('Published:');
    // A Turkish article on an English site is marked Turkish, and the other way round.
    await expect(page.getByTestId('article')).toHaveAttribute('lang', 'tr');
    await page.getByTestId('locale-tr').click();
    await page.goto(`${server.url}/articles/coastal-rail-line-reopens`);
    await expect(page.locator('html')).toHaveAttribute('lang', 'tr');
    await expect(page.getByTestId('article')).toHaveAttribute('lang', 'en');
  } finally {
    await server.stop();
    tmp.remove();
  }
});

test('a new comment says when in words, with the exact time in its <time>', async ({ page }) => {
  const tmp = tempDir();
  const server = await startServer({ db: join(tmp.dir, 'okur.db') });
  try {
    await page.goto(`${server.url}/articles/genc-takim-final`);
    await page.getByTestId('comment-name').fill('Ali');
    await page.getByTestId('comment-text').fill('Az önce yazdım');
    await page.getByTestId('comment-submit').click();
    const time = page.getByTestId('comment').locator('time');
    await expect(time).toHaveText(/şimdi|saniye önce|dakika önce/);
    await expect(time).toHaveAttribute('datetime', /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    await expect(time).toHaveAttribute('title', /^\d\d\.\d\d\.\d{4}/);
    await page.getByTestId('locale-en').click();
    await expect(page.getByTestId('comment').locator('time')).toHaveText(/now|seconds? ago|minutes? ago/);
  } finally {
    await server.stop();
    tmp.remove();
  }
});

/** A server that knows its public address (--public-url), on a fresh database. */
async function publicSite() {
  const tmp = tempDir();
  const server = await startServer({ db: join(tmp.dir, 'okur.db'), env: { OKUR_PUBLIC_URL: 'https://okur.example' } });
  return { ...server, stop: async () => (await server.stop(), tmp.remove()) };
}

test('pages carry canonical, Open Graph, Twitter and JSON-LD meta', async ({ page }) => {
  const server = await publicSite();
  try {
    await page.goto(`${server.url}/articles/coastal-rail-line-reopens`);
    await expect(page.getByTestId('article-title')).toBeVisible();
    const head = page.locator('head');
    const url = 'https://okur.example/articles/coastal-rail-line-reopens';
    await expect(head.locator('link[rel="canonical"]')).toHaveAttribute('href', url);
    await expect(head.locator('meta[property="og:type"]')).toHaveAttribute('content', 'article');
    await expect(head.locator('meta[property="og:title"]')).toHaveAttribute('content', /Coastal rail line reopens/);
    await expect(head.locator('meta[property="og:url"]')).toHaveAttribute('content', url);
    await expect(head.locator('meta[property="og:image"]')).toHaveAttribute('content', 'https://okur.example/media/rail.svg');
    await expect(head.locator('meta[name="twitter:card"]')).toHaveAttribute('content', 'summary_large_image');
    await expect(head.locator('meta[name="description"]')).toHaveCount(1);
    const data = JSON.parse(await head.locator('script[type="application/ld+json"]').first().textContent());
    expect(data).toMatchObject({
      '@context': 'https://schema.org',
      '@type': 'NewsArticle',
      headline: 'Coastal rail line reopens after eight months of repairs',
      inLanguage: 'en',
      datePublished: '2025-12-10T04:00:00Z',
      author: { '@type': 'Person', name: 'Daniel Rowe', url: 'https://okur.example/authors/daniel-rowe' },
      publisher: { '@type': 'NewsMediaOrganization', name: 'okur', logo: { url: 'https://okur.example/media/okur-logo.svg' } },
    });
    const trail = JSON.parse(await head.locator('script[type="application/ld+json"]').nth(1).textContent());
    expect(trail['@type']).toBe('BreadcrumbList');
    expect(trail.itemListElement.map((step) => step.item)).toEqual([
      'https://okur.example/',
      'https://okur.example/sections/transport',
      url,
    ]);
    await expect(head.locator('link[rel="alternate"][type="application/atom+xml"]')).toHaveCount(2);
    // Moving on within the app leaves no stale meta behind and keeps the public address. The
    // preview tags are the server's alone (previews never read a page after a move in the app).
    await page.getByRole('link', { name: 'okur ana sayfa' }).click();
    await expect(page.getByTestId('lead-story')).toBeVisible();
    await expect(head.locator('script[type="application/ld+json"]')).toHaveCount(0);
    await expect(head.locator('meta[property^="og:"]')).toHaveCount(0);
    await expect(head.locator('meta[name="description"]')).toHaveCount(1);
    await expect(head.locator('link[rel="canonical"]')).toHaveAttribute('href', 'https://okur.example/');
    const served = await (await page.request.get(`${server.url}/`)).text();
    expect(served).toContain('<meta property="og:type" content="website"');
  } finally {
    await server.stop();
  }
});

test('without a public address, pages link relatively and take nothing from Host', async ({ page, request, site }) => {
  await page.goto('/articles/coastal-rail-line-reopens');
  const head = page.locator('head');
  await expect(head.locator('link[rel="canonical"]')).toHaveAttribute('href', '/articles/coastal-rail-line-reopens');
  await expect(head.locator('meta[property="og:url"]')).toHaveCount(0);
  const html = await (await request.get(`${site.url}/`, { headers: { host: 'evil.example' } })).text();
  expect(html).not.toContain('evil.example');
  const robots = await (await request.get(`${site.url}/robots.txt`)).text();
  expect(robots).not.toContain('Sitemap');
  expect((await request.get(`${site.url}/sitemap.xml`)).status()).toBe(404);
});

test('robots.txt and sitemap.xml are served from the database', async ({ request }) => {
  const server = await publicSite();
  try {
    const robots = await (await request.get(`${server.url}/robots.txt`)).text();
    expect(robots).toContain('Sitemap: https://okur.example/sitemap.xml');
    const sitemap = await (await request.get(`${server.url}/sitemap.xml`)).text();
    expect(sitemap.match(/<loc>[^<]*\/articles\//g)).toHaveLength(10);
    expect(sitemap).toContain('<loc>https://okur.example/articles/kis-sebzeleri-rehberi</loc>');
  } finally {
    await server.stop();
  }
});
