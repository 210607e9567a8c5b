// Save for later (issue 22): every article can be saved; /saved lists what was saved, newest
// first, online and offline; saved stories stay readable offline until removed, whatever the
// seven days' keeping has dropped. The page's script (page/saved.js) asks the service worker,
// so a reader who saves never needs the app.
import { cut, site } from './network.js';
import AxeBuilder from '@axe-core/playwright';
import { photograph } from './photo.js';
import { addModerator, expect, staffToken, test } from './server.js';
import { join } from 'node:path';

const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22a', 'wcag22aa'];
/** axe-core's WCAG A and AA violations on the page as it is, by rule. */
const violations = async (page) => (await new AxeBuilder({ page }).withTags(TAGS).analyze()).violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target).join(', ')}`);

test.use({ serviceWorkers: 'allow' });

const ARTICLE = '/articles/liman-kenti-yesil-donusum';
const TITLE = 'Liman kentinde yeşil dönüşüm: sahil yolu yayalara açılıyor';
const OTHER = '/articles/dere-yatagi-gonullu-temizlik';
const live = (page) => page.evaluate(() => 'wasmBindings' in window);

/** Presses an article's "save for later" and waits until the worker has it. */
async function save(page) {
  const button = page.getByTestId('save-article');
  await expect(button).toHaveAttribute('aria-pressed', 'false');
  await button.click();
  await expect(button).toHaveAttribute('aria-pressed', 'true', { timeout: 15_000 });
}

test('saved stories are listed newest first and open offline until removed, without the app', async ({ page }) => {
  const s = await site();
  try {
    page.noHydration = true;
    // A phone's screen, with the comments (which wake the app as they come near) far below.
    await page.setViewportSize({ width: 412, height: 500 });
    await page.goto(s.url + ARTICLE);
    await save(page);
    expect(await live(page)).toBe(false);
    await page.goto(s.url + OTHER);
    const other = await page.getByTestId('article-title').textContent();
    await save(page);

    await page.goto(`${s.url}/saved`);
    const items = page.getByTestId('saved-item');
    await expect(items).toHaveCount(2);
    await expect(items.nth(0).getByRole('link')).toHaveText(other);
    await expect(items.nth(1).getByRole('link')).toHaveText(TITLE);
    await expect(items.nth(0)).toContainText(/Kaydedildi · \d/);
    await expect(page.getByTestId('saved-empty')).toBeHidden();
    expect(await violations(page)).toEqual([]);

    // The seven days' keeping drops them (as after a week): saved, they stay.
    await page.evaluate(() => Promise.all(['okur-pages', 'okur-data', 'okur-images'].map((name) => caches.delete(name))));
    await cut(page, s);
    await page.goto(`${s.url}/saved`);
    await expect(items).toHaveCount(2);
    // Opened as a page (a click could wake the app on its way, which would open it within the
    // app: offline.spec.js tests that way).
    await expect(items.nth(1).getByRole('link')).toHaveAttribute('href', ARTICLE);
    await page.goto(s.url + ARTICLE);
    await expect(page.getByTestId('article-title')).toHaveText(TITLE);
    await expect(page.getByTestId('offline-copy')).toBeVisible();
    await expect(page.getByTestId('save-article')).toHaveAttribute('aria-pressed', 'true');
    const lead = page.locator('.figure--lead img');
    await expect.poll(() => lead.evaluate((img) => img.complete && img.naturalWidth)).toBeGreaterThan(0);
    // The offline page lists them too.
    await page.goto(`${s.url}/sections/gundem`);
    await expect(page.getByTestId('offline-list').getByRole('link')).toHaveCount(2);

    await s.start();
    page.expectConsoleErrors = undefined;
    await page.goto(`${s.url}/saved`);
    await items.nth(0).getByTestId('saved-remove').click();
    await expect(items).toHaveCount(1);
    await expect(items.nth(0).getByRole('link')).toHaveText(TITLE);
    await page.goto(s.url + OTHER);
    await expect(page.getByTestId('save-article')).toHaveAttribute('aria-pressed', 'false');
    // The article's own button removes it too.
    await page.goto(s.url + ARTICLE);
    await page.getByTestId('save-article').click();
    await expect(page.getByTestId('save-article')).toHaveAttribute('aria-pressed', 'false');
    await page.goto(`${s.url}/saved`);
    await expect(items).toHaveCount(0);
    await expect(page.getByTestId('saved-empty')).toBeVisible();
    // Nothing of them is left behind.
    const left = await page.evaluate(async () => (await (await caches.open('okur-saved')).keys()).map((r) => new URL(r.url).pathname));
    expect(left).toEqual(['/saved']);
  } finally {
    await s.close();
  }
});

test('a saved story with an uploaded photograph shows it offline, in the width and format the phone took', async ({ page }) => {
  const s = await site();
  try {
    page.noHydration = true;
    await page.setViewportSize({ width: 412, height: 700 });
    // A story a publishing tool wrote, its lead image an upload (WebP and JPEG at every width).
    const db = join(s.tmp.dir, 'okur.db');
    await addModerator(db, 'elif', 'gece vardiyası parolası', 'editor');
    const auth = { authorization: `Bearer ${await staffToken(db, 'elif')}` };
    await page.goto(`${s.url}/saved`);
    const upload = await fetch(`${s.url}/api/desk/images`, { method: 'POST', headers: { ...auth, 'content-type': 'image/jpeg' }, body: (await photograph(page)).buffer });
    expect(upload.status).toBe(201);
    const { src } = await upload.json();
    const story = { slug: 'iskelede-sabah', title: 'İskelede sabah', summary: 'Balıkçılar erkenden çıktı.', author: 'Elif', category: 'Gündem', status: 'published', image: { src, alt: 'İskele' }, body: [{ type: 'paragraph', text: 'Sabah altıda tekneler limandan ayrıldı.' }] };
    const made = await fetch(`${s.url}/api/desk/articles`, { method: 'POST', headers: { ...auth, 'content-type': 'application/json' }, body: JSON.stringify(story) });
    expect(made.status).toBe(201);

    await page.goto(`${s.url}/articles/iskelede-sabah`);
    const lead = page.locator('.figure--lead img');
    await expect.poll(() => lead.evaluate((img) => img.complete && img.naturalWidth)).toBeGreaterThan(0);
    const shown = await lead.evaluate((img) => new URL(img.currentSrc).pathname);
    expect(shown).toMatch(/^\/media\/[0-9a-f]{20}-\d+\.webp$/);
    await save(page);
    // The week's keeping gone, and the browser's own cache (where an upload's files stay for a
    // year): the saved copy alone has the picture, as the phone showed it.
    await page.evaluate(() => Promise.all(['okur-pages', 'okur-data', 'okur-images'].map((name) => caches.delete(name))));
    await (await page.context().newCDPSession(page)).send('Network.clearBrowserCache');
    await cut(page, s);
    await page.goto(`${s.url}/articles/iskelede-sabah`);
    await expect(page.getByTestId('offline-copy')).toBeVisible();
    await expect.poll(() => lead.evaluate((img) => img.complete && img.naturalWidth)).toBeGreaterThan(0);
    expect(await lead.evaluate((img) => new URL(img.currentSrc).pathname)).toBe(shown);
  } finally {
    await s.close();
  }
});

test('in the app and in English: saving, the list, and the way to it in the footer', async ({ page }) => {
  const s = await site();
  try {
    await page.context().addCookies([{ name: 'okur_lang', value: 'en', url: s.url }]);
    await page.goto(s.url + ARTICLE);
    await expect(page.getByTestId('save-article')).toHaveText('Save for later');
    await save(page);
    // Within the app: the footer's link, and the list.
    await page.getByTestId('saved-link').click();
    await expect(page).toHaveURL(`${s.url}/saved`);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Saved for later');
    const item = page.getByTestId('saved-item');
    await expect(item).toHaveCount(1);
    await expect(item).toContainText(/Saved · \d/);
    await expect(item.getByTestId('saved-remove')).toHaveText('Remove');
    expect(await violations(page)).toEqual([]);
    // And back to the story within the app, still saved.
    await item.getByRole('link').click();
    await expect(page.getByTestId('article-title')).toHaveText(TITLE);
    await expect(page.getByTestId('save-article')).toHaveAttribute('aria-pressed', 'true');
  } finally {
    await s.close();
  }
});

test.describe('where the browser cannot keep the story', () => {
  test.use({ serviceWorkers: 'block' });
  test('saving says it did not work, and nothing is pressed', async ({ page, site }) => {
    page.noHydration = true;
    await page.goto(site.url + ARTICLE);
    const status = page.getByTestId('save-status');
    await expect(status).toBeEmpty();
    await expect(status).toHaveAttribute('role', 'status');
    await page.getByTestId('save-article').click();
    await expect(status).toHaveText(/^Olmadı: tarayıcınız bu haberi saklayamadı/, { timeout: 15_000 });
    await expect(page.getByTestId('save-article')).toHaveAttribute('aria-pressed', 'false');
    expect(await violations(page)).toEqual([]);
  });
});

test('nothing saved: the list says so', async ({ page }) => {
  const s = await site();
  try {
    await page.goto(`${s.url}/saved`);
    await expect(page.getByTestId('saved-empty')).toHaveText(/Henüz kaydettiğiniz bir haber yok/);
    await expect(page.getByTestId('saved-item')).toHaveCount(0);
  } finally {
    await s.close();
  }
});
