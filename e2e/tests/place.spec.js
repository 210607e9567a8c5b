// Your place kept (issue 22): an article left part-read offers, when opened again within 30 days,
// to continue at the paragraph the reader was at; by paragraph, so a new text size keeps it.
// Kept by the page's own script (page/place.js), so a reader who never wakes the app has it too.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, importFiles, startServer, tempDir, test } from './server.js';

const SLUG = 'uzun-haber';
const live = (page) => page.evaluate(() => 'wasmBindings' in window);
/** The kept places, as stored. */
const places = (page) => page.evaluate(() => JSON.parse(localStorage.getItem('okur.places') || '{}'));
/** Brings the body's block `index` to the top of the screen, as a reader's scrolling does, and lets the page note it. */
async function readUpTo(page, index) {
  await page.evaluate((i) => document.querySelectorAll('[data-testid=article-body] > *')[i].scrollIntoView(), index);
  await page.waitForTimeout(400);
}
/** Where block `index` is: its top against the screen's, and whether it has focus. */
const block = (page, index) =>
  page.evaluate((i) => {
    const b = document.querySelectorAll('[data-testid=article-body] > *')[i];
    return { top: b.getBoundingClientRect().top, focused: document.activeElement === b, text: b.textContent };
  }, index);

let server;
let tmp;
test.beforeAll(async () => {
  tmp = tempDir();
  const db = join(tmp.dir, 'okur.db');
  const body = Array.from({ length: 60 }, (_, i) =>
    i % 10 === 5
      ? { type: 'heading', text: `Bölüm ${i / 10 + 1}` }
      : { type: 'paragraph', text: `Paragraf ${i + 1}: belediyenin sahil planı mahalle mahalle anlatılıyor, okur satır satır izliyor.` },
  );
  const story = (slug, title) => ({
    slug,
    title,
    summary: 'Sonuna kadar okunacak kadar uzun bir haber.',
    published_at: '2025-12-13T08:00:00Z',
    author: 'Test',
    category: 'Gündem',
    body,
  });
  writeFileSync(join(tmp.dir, 'uzun.json'), JSON.stringify([story(SLUG, 'Uzun bir haber'), story('ikinci-haber', 'İkinci haber')]));
  await importFiles(db, [join(tmp.dir, 'uzun.json')]);
  server = await startServer({ db });
});
test.afterAll(async () => {
  await server.stop();
  tmp.remove();
});

test.beforeEach(async ({ page }) => {
  await page.setViewportSize({ width: 412, height: 800 });
});

test('left part-read, an article offers the paragraph again, at a new text size, without the app', async ({ page }) => {
  page.noHydration = true;
  await page.goto(`${server.url}/articles/${SLUG}`);
  const resume = page.getByTestId('resume-reading');
  await expect(resume).toBeHidden();
  await readUpTo(page, 33);
  expect((await places(page))[SLUG][0]).toBe(33);
  await page.goto(`${server.url}/`);

  // A larger text size since: the place is a paragraph, not a pixel offset.
  await page.evaluate(() => localStorage.setItem('okur.reading', 'v1;size=2000;face=sans;width=narrow'));
  // The offer is there from the first paint: nothing moves when it comes.
  await page.addInitScript(() => {
    window.shifts = 0;
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) if (!entry.hadRecentInput) window.shifts += entry.value;
    }).observe({ type: 'layout-shift', buffered: true });
  });
  await page.goto(`${server.url}/articles/${SLUG}`);
  await expect(resume).toBeVisible();
  await page.waitForTimeout(500);
  expect(await page.evaluate(() => window.shifts)).toBe(0);
  await expect(resume).toHaveText('Kaldığınız yerden devam edin');
  expect((await block(page, 33)).top).toBeGreaterThan(800);
  await resume.click();
  const at = await block(page, 33);
  expect(at.text).toContain('Paragraf 34');
  expect(at.top).toBeGreaterThanOrEqual(0);
  expect(at.top).toBeLessThan(40);
  expect(at.focused).toBe(true);
  await expect(resume).toBeHidden();
  await page.waitForTimeout(500);
  expect(await live(page)).toBe(false);
});

test('the keyboard reaches the offer, and the paragraph takes the focus', async ({ page }) => {
  page.noHydration = true;
  await page.goto(`${server.url}/articles/${SLUG}`);
  await readUpTo(page, 12);
  await page.goto(`${server.url}/articles/${SLUG}`);
  const resume = page.getByTestId('resume-reading');
  await resume.focus();
  await page.keyboard.press('Enter');
  const at = await block(page, 12);
  expect(at.focused).toBe(true);
  expect(at.top).toBeLessThan(40);
  // Reading on from there moves the place on.
  await readUpTo(page, 20);
  expect((await places(page))[SLUG][0]).toBe(20);
});

test('in the app, an article opened from a link offers its place too, and in English', async ({ page, context }) => {
  await context.addCookies([{ name: 'okur_lang', value: 'en', url: server.url }]);
  await page.goto(`${server.url}/articles/ikinci-haber`);
  await readUpTo(page, 8);
  await page.goto(`${server.url}/articles/${SLUG}`);
  await readUpTo(page, 25);
  await page.goto(`${server.url}/`);
  await page.getByRole('link', { name: 'Uzun bir haber' }).first().click();
  await expect(page).toHaveURL(new RegExp(`/articles/${SLUG}$`));
  const resume = page.getByTestId('resume-reading');
  await expect(resume).toHaveText('Continue where you left off');
  await resume.click();
  expect((await block(page, 25)).top).toBeLessThan(40);
  // The other article, opened within the app, offers its own place.
  await page.locator('a.brand').click();
  await page.getByRole('link', { name: 'İkinci haber' }).first().click();
  await expect(page).toHaveURL(/\/articles\/ikinci-haber$/);
  await resume.click();
  expect((await block(page, 8)).top).toBeLessThan(40);
});

test('no offer for an article read to its end, opened at its top, or left more than 30 days ago', async ({ page }) => {
  page.noHydration = true;
  await page.goto(`${server.url}/articles/${SLUG}`);
  await readUpTo(page, 40);
  // To the end: the last block's end on the screen.
  await page.evaluate(() => document.querySelector('[data-testid=article-body]').lastElementChild.scrollIntoView({ block: 'end' }));
  await page.waitForTimeout(400);
  expect(await places(page)).toEqual({});
  await page.goto(`${server.url}/articles/${SLUG}`);
  await expect(page.getByTestId('resume-reading')).toBeHidden();

  // Scrolled no further than the first block: nothing to offer.
  await page.evaluate(() => scrollBy(0, 10));
  await page.waitForTimeout(400);
  expect(await places(page)).toEqual({});

  await readUpTo(page, 30);
  const day = 24 * 3600 * 1000;
  await page.evaluate(([slug, when]) => localStorage.setItem('okur.places', JSON.stringify({ [slug]: [30, when] })), [SLUG, Date.now() - 31 * day]);
  await page.goto(`${server.url}/articles/${SLUG}`);
  await expect(page.getByTestId('resume-reading')).toBeHidden();
  await page.evaluate(([slug, when]) => localStorage.setItem('okur.places', JSON.stringify({ [slug]: [30, when] })), [SLUG, Date.now() - 29 * day]);
  await page.goto(`${server.url}/articles/${SLUG}`);
  await expect(page.getByTestId('resume-reading')).toBeVisible();
  // Anything unreadable in storage is no place, and breaks nothing.
  await page.evaluate(() => localStorage.setItem('okur.places', '{not json'));
  await page.goto(`${server.url}/articles/${SLUG}`);
  await expect(page.getByTestId('resume-reading')).toBeHidden();
  await readUpTo(page, 5);
  expect((await places(page))[SLUG][0]).toBe(5);
});
