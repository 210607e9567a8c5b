// Browsing the site as a news site (issue 21): the masthead's sections, the byline's author,
// search (Turkish letters found without them), the stories an article ends with, the most
// read, WordPress's category addresses, updated stories, and moving among them within the app.
import { expect, test } from './server.js';

const SISLI = "Şişli'de yeni sağlık ocağı hafta sonları da hasta kabul edecek";
const ILIK = 'Ilık geçen kış okul bahçelerinde sebze ekimini uzattı';

test('the masthead leads to a section, marked as the current one, within the app', async ({ page }) => {
  await page.goto('/');
  await page.evaluate(() => (window.stillHere = true));
  const nav = page.getByTestId('section-nav');
  await expect(nav).toHaveAttribute('aria-label', 'Bölümler');
  await nav.getByRole('link', { name: 'Eğitim', exact: true }).click();
  await expect(page).toHaveURL(/\/sections\/egitim$/);
  await expect(page.locator('h1')).toHaveText('Eğitim');
  await expect(page).toHaveTitle('Eğitim — okur');
  await expect(page.getByTestId('section-page').getByTestId('article-card')).toHaveCount(2);
  await expect(nav.getByRole('link', { name: 'Eğitim', exact: true })).toHaveAttribute('aria-current', 'page');
  await expect(nav.locator('[aria-current]')).toHaveCount(1);
  // A card's section label leads to its section too.
  await page.getByTestId('article-card').first().locator('.card__category').click();
  await expect(page).toHaveURL(/\/sections\/egitim$/);
  expect(await page.evaluate(() => window.stillHere)).toBe(true);
});

test('the byline leads to the author, and their stories lead on', async ({ page }) => {
  await page.goto('/articles/sisli-saglik-ocagi-hafta-sonu');
  await page.evaluate(() => (window.stillHere = true));
  await expect(page.getByTestId('article-updated')).toContainText('12.12.2025');
  await page.getByTestId('article-author').click();
  await expect(page).toHaveURL(/\/authors\/cagla-yildiz$/);
  await expect(page.locator('h1')).toHaveText('Çağla Yıldız');
  await expect(page.getByTestId('author-page').locator('.card__title')).toHaveText([SISLI, ILIK]);
  await page.getByRole('link', { name: ILIK }).click();
  await expect(page.getByTestId('article-title')).toHaveText(ILIK);
  await expect(page.getByTestId('article-category')).toHaveText('Eğitim');
  expect(await page.evaluate(() => window.stillHere)).toBe(true);
});

test('a search for cagla finds the stories by Çağla; matched words are marked', async ({ page }) => {
  await page.goto('/');
  await page.evaluate(() => (window.stillHere = true));
  const field = page.getByRole('searchbox', { name: 'Sitede ara' });
  await field.fill('cagla');
  await field.press('Enter');
  await expect(page).toHaveURL(/\/search\?q=cagla$/);
  const results = page.getByTestId('search-results');
  await expect(results.locator('.card__title')).toHaveCount(2);
  expect((await results.locator('.card__title').allTextContents()).sort()).toEqual([ILIK, SISLI].sort());
  expect(await page.evaluate(() => window.stillHere)).toBe(true);
  // Without its letters, a word still matches its Turkish spelling, and is marked in the snippet.
  await field.fill('sisli');
  await page.getByRole('button', { name: 'Ara' }).click();
  await expect(results.locator('.card__title')).toHaveText([SISLI]);
  await expect(results.locator('mark').first()).toHaveText('Şişli');
  // Nothing found: said so, with a hint.
  await field.fill('zzqq');
  await field.press('Enter');
  await expect(page.getByTestId('no-results')).toContainText('Sonuç bulunamadı.');
  await expect(page.getByTestId('no-results')).toContainText('daha az kelimeyle');
  // Over the bounds (11 words): said in words, with nothing to retry; then a search works again.
  // (The browser logs the 400 it got.)
  page.expectConsoleErrors = true;
  await field.fill('bir iki üç dört beş altı yedi sekiz dokuz on yüz');
  await field.press('Enter');
  await expect(page.getByTestId('error-state')).toContainText('en çok 200 karakter ve 10 kelime');
  await expect(page.getByTestId('retry')).toBeHidden();
  await field.fill('cagla');
  await field.press('Enter');
  await expect(results.locator('.card__title')).toHaveCount(2);
});

test('the search page is a page: typed as an address, hostile words stay text', async ({ page }) => {
  await page.goto('/search?q=%3Cscript%3Ealert(1)%3C%2Fscript%3E');
  await expect(page.locator('h1')).toHaveText('“<script>alert(1)</script>” için sonuçlar');
  await expect(page.getByTestId('no-results')).toBeVisible();
  await page.goto('/search?q=ILIK');
  await expect(page.getByTestId('search-results').locator('.card__title')).toContainText([ILIK]);
  // Over the bounds as an address: the page says so after hydration too (the same words).
  page.expectConsoleErrors = true;
  const response = await page.goto(`/search?q=${'a'.repeat(201)}`);
  expect(response.status()).toBe(400);
  await expect(page.getByTestId('error-state')).toContainText('en çok 200 karakter ve 10 kelime');
  await expect(page.getByTestId('retry')).toBeHidden();
});

test('an article ends with related stories of its section, never itself', async ({ page }) => {
  await page.goto('/articles/dere-yatagi-gonullu-temizlik');
  const related = page.getByTestId('related');
  await expect(related.locator('h2')).toHaveText('İlgili haberler');
  const links = related.locator('a');
  await expect(links).not.toHaveCount(0);
  for (const href of await links.evaluateAll((all) => all.map((a) => a.getAttribute('href')))) {
    expect(['/articles/liman-kenti-yesil-donusum', '/articles/sisli-saglik-ocagi-hafta-sonu']).toContain(href);
  }
  await page.evaluate(() => (window.stillHere = true));
  await links.first().click();
  await expect(page.getByTestId('article-title')).toBeVisible();
  expect(await page.evaluate(() => window.stillHere)).toBe(true);
});

test('the most read list follows what readers open, within seconds, without robots', async ({ page, request, site }) => {
  // A fresh story to lead the list: read four times; a robot's reads do not count.
  for (let i = 0; i < 4; i++) await request.get(`${site.url}/articles/altyapi-basketbol-kampi`);
  for (let i = 0; i < 9; i++) {
    await request.get(`${site.url}/articles/night-buses-extended`, { headers: { 'user-agent': 'Googlebot/2.1' } });
  }
  await expect
    .poll(async () => (await (await request.get(`${site.url}/api/most-read`)).json()).map((s) => s.slug)[0], { timeout: 10_000 })
    .toBe('altyapi-basketbol-kampi');
  await page.goto('/');
  const most = page.getByTestId('most-read');
  await expect(most.locator('h2')).toHaveText('En çok okunanlar');
  await expect(most.locator('li').first()).toHaveText('Altyapı basketbol kampı yarıyıl tatilinde başlıyor');
  await expect(most.getByRole('link', { name: /Night buses/ })).toHaveCount(0);
  await page.goto('/articles/genc-takim-final');
  await expect(page.getByTestId('most-read').locator('li').first()).toContainText('Altyapı basketbol');
});

test("WordPress's category addresses move to the section", async ({ page, request, site }) => {
  const moved = await request.get(`${site.url}/category/egitim/`, { maxRedirects: 0 });
  expect(moved.status()).toBe(301);
  expect(moved.headers().location).toBe('/sections/egitim');
  await page.goto('/category/egitim');
  await expect(page).toHaveURL(/\/sections\/egitim$/);
  await expect(page.locator('h1')).toHaveText('Eğitim');
});

test('unknown sections and authors are the not-found page', async ({ page }) => {
  page.expectConsoleErrors = true; // the browser logs the 404s
  for (const path of ['/sections/nowhere', '/authors/nobody']) {
    const response = await page.goto(path);
    expect(response.status()).toBe(404);
    await expect(page.getByTestId('not-found')).toBeVisible();
  }
});
