// Installable (issue 22): every page links the web app manifest, the manifest says what a
// browser needs to install the site (name, start address, standalone, colours, icons), each
// icon is the PNG of the size it claims, the service worker is active once the app is, and the
// browser's bar follows the reader's theme.
import { expect, test } from './server.js';

test.use({ serviceWorkers: 'allow' });

/** A PNG's width and height, from its IHDR chunk. */
function pngSize(bytes) {
  expect([...bytes.subarray(1, 4)].map((b) => String.fromCharCode(b)).join(''), 'a PNG').toBe('PNG');
  return [bytes.readUInt32BE(16), bytes.readUInt32BE(20)];
}

test('every page links the manifest, and it describes an installable app', async ({ page, request }) => {
  for (const path of ['/', '/articles/liman-kenti-yesil-donusum', '/sections/gundem', '/search?q=liman', '/authors/cagla-yildiz']) {
    await page.goto(path);
    await expect(page.locator('link[rel="manifest"]')).toHaveAttribute('href', '/manifest.webmanifest');
    await expect(page.locator('meta[name="theme-color"]')).toHaveCount(2);
  }
  // Chromium reads it without complaint, and finds nothing about the site that stops an
  // install (a test's browser profile is incognito, which Chromium reports too).
  const cdp = await page.context().newCDPSession(page);
  const { errors } = await cdp.send('Page.getAppManifest');
  expect(errors).toEqual([]);
  // The service worker, registered once the app is live, controls the page.
  await page.waitForFunction(() => navigator.serviceWorker.controller);
  expect(await page.evaluate(async () => (await navigator.serviceWorker.ready).active.scriptURL)).toMatch(/\/sw\.js$/);
  const { installabilityErrors } = await cdp.send('Page.getInstallabilityErrors');
  expect(installabilityErrors.map((e) => e.errorId).filter((id) => id !== 'in-incognito')).toEqual([]);
  const answer = await request.get('/manifest.webmanifest');
  expect(answer.status()).toBe(200);
  expect(answer.headers()['content-type']).toContain('application/manifest+json');
  const manifest = await answer.json();
  expect(manifest).toMatchObject({ name: 'okur', short_name: 'okur', start_url: '/', scope: '/', display: 'standalone' });
  expect(manifest.theme_color).toMatch(/^#[0-9a-f]{6}$/);
  expect(manifest.background_color).toMatch(/^#[0-9a-f]{6}$/);
  const sizes = manifest.icons.map((icon) => `${icon.sizes} ${icon.purpose}`);
  expect(sizes).toEqual(expect.arrayContaining(['192x192 any', '512x512 any', '512x512 maskable']));
  for (const icon of manifest.icons) {
    const file = await request.get(icon.src);
    expect(file.status(), icon.src).toBe(200);
    expect(file.headers()['content-type']).toBe('image/png');
    expect(pngSize(await file.body()).join('x')).toBe(icon.sizes);
  }
});

test("the browser's bar takes the paper of the theme the reader chose", async ({ page }) => {
  await page.goto('/articles/liman-kenti-yesil-donusum');
  const tints = () => page.locator('meta[name="theme-color"]').evaluateAll((metas) => metas.map((m) => m.content));
  expect(await tints()).toEqual(['#ffffff', '#141414']);
  await page.getByTestId('theme-sepia').click();
  await expect.poll(tints).toEqual(['#f4ecd8', '#f4ecd8']);
  // On the next visit before the app wakes: the early script, from the stored choice.
  page.noHydration = true;
  await page.reload();
  expect(await page.evaluate(() => 'wasmBindings' in window)).toBe(false);
  expect(await tints()).toEqual(['#f4ecd8', '#f4ecd8']);
  page.noHydration = false;
  await page.getByTestId('theme-system').click();
  await expect.poll(tints).toEqual(['#ffffff', '#141414']);
});
