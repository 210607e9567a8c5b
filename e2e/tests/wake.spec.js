// The app wakes on a reader's first intent (issue 20): a reader who only reads downloads no
// WebAssembly, and nothing a reader does before the app is live is lost.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, hydrated, importFiles, startServer, tempDir, test } from './server.js';

const ARTICLE = '/articles/liman-kenti-yesil-donusum';
const live = (page) => page.evaluate(() => 'wasmBindings' in window);

/** Holds every wasm download until the returned function is called. */
async function holdWasm(page) {
  let release;
  const held = new Promise((done) => (release = done));
  await page.route('**/*.wasm', async (route) => {
    await held;
    await route.continue();
  });
  return release;
}

/** Counts the page's requests whose address matches `pattern`. */
function counting(page, pattern) {
  const seen = [];
  page.on('request', (request) => pattern.test(request.url()) && seen.push(request.url()));
  return seen;
}

test.describe('a long story', () => {
  let server;
  let tmp;
  test.beforeAll(async () => {
    tmp = tempDir();
    const db = join(tmp.dir, 'okur.db');
    const body = Array.from({ length: 100 }, (_, i) => ({
      type: 'paragraph',
      text: `Paragraf ${i + 1}: belediyenin sahil planı mahalle mahalle anlatılıyor, okur satır satır izliyor.`,
    }));
    const story = {
      slug: 'uzun-haber',
      title: 'Uzun bir haber',
      summary: 'Sonuna kadar okunacak kadar uzun bir haber.',
      published_at: '2025-12-13T08:00:00Z',
      author: 'Test',
      category: 'Gündem',
      body,
    };
    writeFileSync(join(tmp.dir, 'uzun.json'), JSON.stringify([story]));
    await importFiles(db, [join(tmp.dir, 'uzun.json')]);
    server = await startServer({ db });
  });
  test.afterAll(async () => {
    await server.stop();
    tmp.remove();
  });

  test('read and scrolled through its body without interaction, it loads no wasm', async ({ page }) => {
    page.noHydration = true;
    await page.setViewportSize({ width: 412, height: 800 });
    const wasm = counting(page, /\.wasm$/);
    await page.goto(`${server.url}/articles/uzun-haber`);
    // The pointer rests on the text, as a reader's does while the wheel scrolls the page.
    await page.mouse.move(200, 400);
    for (let i = 0; i < 6; i++) {
      await page.mouse.wheel(0, 400);
      await page.waitForTimeout(150);
    }
    expect(await page.evaluate(() => window.scrollY)).toBeGreaterThan(2000);
    await page.waitForTimeout(1000);
    expect(wasm).toEqual([]);
    expect(await live(page)).toBe(false);
  });

  test('coming near the comments wakes the app, which opens the live stream', async ({ page }) => {
    page.noHydration = true;
    await page.setViewportSize({ width: 412, height: 800 });
    const wasm = counting(page, /\.wasm$/);
    const streams = counting(page, /\/comments\/events/);
    await page.goto(`${server.url}/articles/uzun-haber`);
    expect(wasm).toEqual([]);
    await page.getByTestId('comments-heading').scrollIntoViewIfNeeded();
    await page.waitForFunction(() => 'wasmBindings' in window);
    expect(wasm).toHaveLength(1);
    await expect.poll(() => streams.length).toBe(1);
  });
});

test('A+ before the app is live enlarges the text once, and the app shows the same level', async ({ page }) => {
  page.noHydration = true;
  const release = await holdWasm(page);
  await page.goto(ARTICLE);
  const scale = () => page.evaluate(() => getComputedStyle(document.documentElement).getPropertyValue('--reading-scale').trim());
  // The press wakes the app, whose wasm is held back: index.html's early script answers it.
  await page.getByTestId('font-increase').click();
  expect(await scale()).toBe('1.125');
  await expect(page.getByTestId('font-level')).toContainText('112.5 %');
  await expect(page.getByTestId('font-reset')).toHaveAttribute('aria-disabled', 'false');
  expect(await live(page)).toBe(false);
  release();
  await hydrated(page);
  await expect(page.getByTestId('font-level')).toContainText('112.5 %');
  expect(await scale()).toBe('1.125');
  // The app has taken over: the next press is its own, one step.
  await page.getByTestId('font-increase').click();
  await expect(page.getByTestId('font-level')).toContainText('125 %');
  expect(await scale()).toBe('1.25');
  // A reload shows the stored level before the app wakes.
  await page.unroute('**/*.wasm');
  await holdWasm(page);
  await page.reload();
  await expect(page.getByTestId('font-level')).toContainText('125 %');
  await expect(page.getByTestId('font-increase')).toHaveAttribute('aria-disabled', 'false');
});

test('text typed before the app is live becomes the draft, and a reload keeps it', async ({ page }) => {
  page.noHydration = true;
  const release = await holdWasm(page);
  await page.goto(ARTICLE);
  // With JavaScript the form takes typing at once; it says nothing of needing JavaScript.
  await expect(page.getByTestId('comment-text')).toBeEditable();
  await expect(page.getByTestId('comment-needs-js')).toBeHidden();
  await page.getByTestId('comment-name').fill('Deniz');
  await page.getByTestId('comment-text').fill('Uygulama uyanmadan yazılan yorum');
  expect(await live(page)).toBe(false);
  release();
  await hydrated(page);
  await expect(page.getByTestId('comment-name')).toHaveValue('Deniz');
  await expect(page.getByTestId('comment-text')).toHaveValue('Uygulama uyanmadan yazılan yorum');
  await expect(page.getByTestId('comment-counter')).toContainText('32');
  await page.unroute('**/*.wasm');
  await page.reload();
  await expect(page.getByTestId('comment-text')).toHaveValue('Uygulama uyanmadan yazılan yorum');
  await hydrated(page);
  await expect(page.getByTestId('comment-text')).toHaveValue('Uygulama uyanmadan yazılan yorum');
  // And it posts.
  await page.getByTestId('comment-submit').click();
  await expect(page.getByTestId('comment-notice')).not.toBeEmpty();
  await expect(page.getByTestId('comment').filter({ hasText: 'Uygulama uyanmadan yazılan yorum' })).toHaveCount(1);
});

test('a press on a control before the app is live is held, shown as starting, and performed', async ({ page }) => {
  page.noHydration = true;
  const release = await holdWasm(page);
  await page.goto(ARTICLE);
  const newest = page.getByTestId('comments-order-desc');
  await newest.click();
  await expect(newest).toHaveAttribute('aria-busy', 'true');
  release();
  await hydrated(page);
  await expect(newest).not.toHaveAttribute('aria-busy', 'true');
  await expect(newest).toHaveAttribute('aria-pressed', 'true');
  // Newest first: the seed's oldest comment is no longer first.
  await expect(page.getByTestId('comment').first()).not.toContainText('Mert K.');
});

test('a hovered link wakes the app, so that the click finds it ready', async ({ page }) => {
  page.noHydration = true;
  const wasm = counting(page, /\.wasm$/);
  await page.goto('/');
  await page.waitForTimeout(500);
  expect(wasm).toEqual([]);
  const link = page.getByTestId('article-card').first().locator('.card__title a');
  await link.hover();
  await page.waitForFunction(() => 'wasmBindings' in window);
  expect(wasm).toHaveLength(1);
  // Moved within the app: the page is not loaded again.
  await page.evaluate(() => (window.sameDocument = true));
  await link.click();
  await expect(page.getByTestId('article-title')).toBeVisible();
  expect(await page.evaluate(() => window.sameDocument)).toBe(true);
});
