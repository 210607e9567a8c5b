// With JavaScript off (the `no-javascript` project), everything a reader reads is in the HTML
// the server sends: the front page and its paging, articles with every block, the first page
// of comments; the comment form says plainly that posting needs JavaScript.
import { test as base, expect } from '@playwright/test';
import { siteFixtures, startServerWithStories } from './server.js';

/** One seeded server per worker; no hydration to wait for here. */
const test = base.extend(siteFixtures);

test('the front page lists the articles and links to them', async ({ page }) => {
  const response = await page.goto('/');
  expect(response.status()).toBe(200);
  await expect(page.getByTestId('article-card')).toHaveCount(10);
  await expect(page).toHaveTitle('Son haberler — okur');
  await page.getByTestId('article-card').getByRole('link', { name: 'Genç voleybolcular bölge finalinde' }).click();
  await expect(page.getByTestId('article-title')).toHaveText('Genç voleybolcular bölge finalinde');
  expect(await page.evaluate(() => 'wasmBindings' in window)).toBe(false);
});

test('an article shows its title, every block and its first comments', async ({ page }) => {
  await page.goto('/articles/liman-kenti-yesil-donusum');
  await expect(page.getByTestId('article-title')).toContainText('Liman kentinde yeşil dönüşüm');
  await expect(page.getByTestId('article-date')).toHaveText('13.12.2025');
  const body = page.getByTestId('article-body');
  await expect(body.locator('h2').first()).toBeVisible();
  await expect(body.locator('p').first()).toBeVisible();
  await expect(page.getByTestId('comments-heading')).toHaveText('Ziyaretçi Yorumları - 2 Yorum');
  await expect(page.getByTestId('comment')).toHaveCount(2);
  await expect(page.getByTestId('comment').first()).toContainText('dedi ki:');
  // The form says why it cannot post, and cannot be typed into.
  await expect(page.getByTestId('comment-needs-js')).toContainText('JavaScript');
  await expect(page.getByTestId('comment-text')).not.toBeEditable();
  await expect(page.getByTestId('comment-submit')).toBeDisabled();
  // What needs a script is not offered: saving for later, the place kept.
  await expect(page.getByTestId('save-article')).toBeHidden();
  await expect(page.getByTestId('resume-reading')).toBeHidden();

  // Every block kind the demo uses, across the demo articles.
  const kinds = new Set();
  for (const slug of ['liman-kenti-yesil-donusum', 'kutuphane-gece-acik', 'coastal-rail-line-reopens', 'genc-takim-final', 'kis-sebzeleri-rehberi']) {
    await page.goto(`/articles/${slug}`);
    const blocks = page.getByTestId('article-body');
    for (const [kind, selector] of [['heading', 'h2'], ['paragraph', 'p'], ['quote', 'blockquote'], ['list', 'ul, ol'], ['image', 'figure.figure img']]) {
      if ((await blocks.locator(selector).count()) > 0) kinds.add(kind);
    }
  }
  expect([...kinds].sort()).toEqual(['heading', 'image', 'list', 'paragraph', 'quote']);
});

test('an unknown slug answers 404 with the not-found view', async ({ page }) => {
  const response = await page.goto('/articles/no-such-story');
  expect(response.status()).toBe(404);
  await expect(page.getByTestId('not-found')).toBeVisible();
  await expect(page.locator('meta[name=robots]')).toHaveAttribute('content', 'noindex');
  await page.getByRole('link', { name: 'Ana sayfaya dön' }).click();
  await expect(page.getByTestId('article-card')).toHaveCount(10);
});

test('paging links work without JavaScript', async ({ page }) => {
  const server = await startServerWithStories(12);
  try {
    await page.goto(`${server.url}/`);
    await expect(page.getByTestId('article-card')).toHaveCount(10);
    await page.getByTestId('pager-next').click();
    await expect(page).toHaveURL(/\?page=2$/);
    await expect(page.getByTestId('article-card')).toHaveCount(2);
    await page.getByTestId('pager-prev').click();
    await expect(page.getByTestId('article-card')).toHaveCount(10);
  } finally {
    await server.stop();
  }
});

test('the language cookie picks the language of the HTML', async ({ page, site }) => {
  await page.context().addCookies([{ name: 'okur_lang', value: 'en', url: site.url }]);
  await page.goto('/');
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  await expect(page).toHaveTitle('Latest news — okur');
});

test('sections, authors and search work without JavaScript', async ({ page }) => {
  await page.goto('/');
  await page.getByTestId('section-nav').getByRole('link', { name: 'Spor', exact: true }).click();
  await expect(page).toHaveURL(/\/sections\/spor$/);
  await expect(page.locator('h1')).toHaveText('Spor');
  await expect(page.getByTestId('section-nav').locator('[aria-current="page"]')).toHaveText('Spor');
  await page.getByTestId('article-card').getByRole('link', { name: 'Genç voleybolcular bölge finalinde' }).click();
  await page.getByTestId('article-author').click();
  await expect(page.locator('h1')).toHaveText('Zeynep Öztürk');
  await expect(page.getByTestId('author-page').getByTestId('article-card')).toHaveCount(2);
  await page.getByRole('searchbox', { name: 'Sitede ara' }).fill('cagla');
  await page.getByRole('searchbox', { name: 'Sitede ara' }).press('Enter');
  await expect(page).toHaveURL(/\/search\?q=cagla$/);
  await expect(page.getByTestId('search-results').getByTestId('article-card')).toHaveCount(2);
  await page.goto('/articles/liman-kenti-yesil-donusum');
  await expect(page.getByTestId('related').locator('a')).not.toHaveCount(0);
});
