// Reading controls as readers use them: text size steps and limits, persistence across reloads
// and articles, bad stored values, keyboard, line spacing, themes, and small screens at 200 %.
import { expect, test } from './server.js';

const ARTICLE = '/articles/liman-kenti-yesil-donusum';
const OTHER = '/articles/coastal-rail-line-reopens';

/** The computed font size (px) of the first paragraph of the article body. */
const paragraphSize = (page) =>
  page.getByTestId('article-body').locator(':scope > p').first().evaluate((p) => parseFloat(getComputedStyle(p).fontSize));

test.beforeEach(async ({ page }) => {
  await page.goto('/');
  await page.evaluate(() => localStorage.clear());
});

test('A+ and A− step the article text between 0.875× and 2× and stop at the ends', async ({ page }) => {
  await page.goto(ARTICLE);
  const increase = page.getByTestId('font-increase');
  const decrease = page.getByTestId('font-decrease');
  const level = page.getByTestId('font-level');
  await expect(level).toHaveText('Yazı boyutu 100 %');
  const base = await paragraphSize(page);
  const headingBase = await page.getByTestId('article-body').locator('h2').first().evaluate((h) => parseFloat(getComputedStyle(h).fontSize));

  await increase.click();
  await expect(level).toContainText('112.5 %');
  expect(await paragraphSize(page)).toBeCloseTo(base * 1.125, 1);
  // Headings grow with the text; the site chrome does not.
  const heading = await page.getByTestId('article-body').locator('h2').first().evaluate((h) => parseFloat(getComputedStyle(h).fontSize));
  expect(heading).toBeCloseTo(headingBase * 1.125, 1);
  const tagline = await page.locator('.brand__tagline').evaluate((e) => parseFloat(getComputedStyle(e).fontSize));
  expect(tagline).toBeCloseTo(14.4, 1);

  for (let i = 0; i < 4; i++) await increase.click();
  await expect(level).toContainText('200 %');
  expect(await paragraphSize(page)).toBeCloseTo(base * 2, 1);
  await expect(increase).toBeDisabled();
  await expect(increase).toHaveAttribute('aria-disabled', 'true');
  await increase.click({ force: true }); // a press past the end changes nothing
  await expect(level).toContainText('200 %');
  await expect(decrease).toBeEnabled();

  await page.getByTestId('font-reset').click();
  await expect(level).toContainText('100 %');
  expect(await paragraphSize(page)).toBeCloseTo(base, 1);
  await expect(page.getByTestId('font-reset')).toBeDisabled();

  await decrease.click();
  await expect(level).toContainText('87.5 %');
  expect(await paragraphSize(page)).toBeCloseTo(base * 0.875, 1);
  await expect(decrease).toBeDisabled();
  await expect(increase).toBeEnabled();
  await expect(level).toHaveAttribute('aria-live', 'polite');
});

test('the chosen size holds across a reload and on another article, with no layout shift', async ({ page }) => {
  await page.goto(ARTICLE);
  const base = await paragraphSize(page);
  await page.getByTestId('font-increase').click();
  await page.getByTestId('font-increase').click();
  await page.getByTestId('font-increase').click();
  await expect(page.getByTestId('font-level')).toContainText('150 %');

  await page.addInitScript(() => {
    window.__cls = 0;
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) if (!entry.hadRecentInput) window.__cls += entry.value;
    }).observe({ type: 'layout-shift', buffered: true });
  });
  await page.reload();
  await expect(page.getByTestId('font-level')).toContainText('150 %');
  expect(await paragraphSize(page)).toBeCloseTo(base * 1.5, 1);
  await page.waitForTimeout(500);
  expect(await page.evaluate(() => window.__cls)).toBe(0);

  await page.goto(OTHER);
  await expect(page.getByTestId('font-level')).toContainText('150 %');
  expect(await paragraphSize(page)).toBeCloseTo(base * 1.5, 1);
});

test('garbage in storage falls back to the defaults', async ({ page }) => {
  for (const garbage of ['{"size":9}', 'v1;size=99999;spacing=huge;theme=neon', 'v2;size=1500', '\u0000']) {
    await page.evaluate((value) => localStorage.setItem('okur.reading', value), garbage);
    await page.goto(ARTICLE);
    await expect(page.getByTestId('font-level')).toContainText('100 %');
    await expect(page.getByTestId('theme-system')).toHaveAttribute('aria-pressed', 'true');
    await expect(page.getByTestId('spacing-normal')).toHaveAttribute('aria-pressed', 'true');
  }
});

test('the controls work from the keyboard', async ({ page }) => {
  await page.goto(ARTICLE);
  const increase = page.getByRole('button', { name: 'A+ Yazıyı büyüt' });
  await increase.focus();
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('font-level')).toContainText('112.5 %');
  await page.keyboard.press('Space');
  await expect(page.getByTestId('font-level')).toContainText('125 %');
  // Tab order: A+ then reset, then the spacing choices.
  await page.keyboard.press('Tab');
  await expect(page.getByRole('button', { name: 'Yazı boyutunu sıfırla' })).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('font-level')).toContainText('100 %');
  // At the end of the range the button keeps focus (aria-disabled, not disabled).
  await page.getByRole('button', { name: 'Yazıyı küçült' }).focus();
  await page.keyboard.press('Enter');
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('font-level')).toContainText('87.5 %');
  await expect(page.getByRole('button', { name: 'Yazıyı küçült' })).toBeFocused();
  const outline = await page.getByRole('button', { name: 'Yazıyı küçült' }).evaluate((b) => getComputedStyle(b).outlineStyle);
  expect(outline).toBe('solid');
});

test('line spacing and theme change the page and are remembered', async ({ page }) => {
  await page.goto(ARTICLE);
  const lineHeight = () =>
    page.getByTestId('article-body').locator(':scope > p').first().evaluate((p) => parseFloat(getComputedStyle(p).lineHeight) / parseFloat(getComputedStyle(p).fontSize));
  expect(await lineHeight()).toBeCloseTo(1.65, 2);
  await page.getByTestId('spacing-relaxed').click();
  expect(await lineHeight()).toBeCloseTo(1.95, 2);
  await page.getByTestId('spacing-compact').click();
  expect(await lineHeight()).toBeCloseTo(1.4, 2);

  const background = () => page.evaluate(() => getComputedStyle(document.body).backgroundColor);
  await page.emulateMedia({ colorScheme: 'light' });
  expect(await background()).toBe('rgb(255, 255, 255)');
  await page.getByTestId('theme-dark').click();
  await expect(page.getByTestId('theme-dark')).toHaveAttribute('aria-pressed', 'true');
  expect(await background()).toBe('rgb(20, 20, 20)');
  await page.getByTestId('theme-sepia').click();
  expect(await background()).toBe('rgb(244, 236, 216)');
  // "System" follows prefers-color-scheme.
  await page.getByTestId('theme-system').click();
  expect(await background()).toBe('rgb(255, 255, 255)');
  await page.emulateMedia({ colorScheme: 'dark' });
  expect(await background()).toBe('rgb(20, 20, 20)');

  await page.getByTestId('theme-dark').click();
  await page.reload();
  await expect(page.getByTestId('theme-dark')).toHaveAttribute('aria-pressed', 'true');
  await expect(page.getByTestId('spacing-compact')).toHaveAttribute('aria-pressed', 'true');
  // The theme is on the page before the app runs (index.html applies it), so no white flash.
  const early = await page.evaluate(async () => {
    const html = await (await fetch('/')).text();
    return html.includes('okur.reading');
  });
  expect(early).toBe(true);
});

test('theme, text size and spacing are applied before the app starts', async ({ page }) => {
  await page.evaluate(() => localStorage.setItem('okur.reading', 'v1;size=1250;spacing=relaxed;theme=dark'));
  // Hold the wasm back: only index.html's own script can have applied the settings.
  page.noHydration = true;
  await page.route('**/*.wasm', () => {});
  await page.goto(ARTICLE, { waitUntil: 'domcontentloaded' });
  expect(await page.evaluate(() => document.documentElement.dataset.theme)).toBe('dark');
  expect(await page.evaluate(() => getComputedStyle(document.body).backgroundColor)).toBe('rgb(20, 20, 20)');
  const root = (name) => page.evaluate((n) => getComputedStyle(document.documentElement).getPropertyValue(n).trim(), name);
  expect(await root('--reading-scale')).toBe('1.25');
  expect(await root('--reading-leading')).toBe('1.95');
  // The server-rendered article is already drawn at that size.
  const size = await page.evaluate(() => parseFloat(getComputedStyle(document.querySelector('[data-testid=article-body] p')).fontSize));
  expect(size).toBeCloseTo(18 * 1.25, 0);
});

test('face and line width change the article, are remembered, and are applied before the app starts', async ({ page }) => {
  await page.goto(ARTICLE);
  const face = () => page.getByTestId('article-body').evaluate((b) => getComputedStyle(b).fontFamily);
  const width = () => page.getByTestId('article').evaluate((a) => a.getBoundingClientRect().width);
  expect(await face()).toContain('Georgia');
  expect(await width()).toBeCloseTo(42 * 16, 0);
  await expect(page.getByTestId('font-face-serif')).toHaveAttribute('aria-pressed', 'true');
  await page.getByTestId('font-face-sans').click();
  await expect(page.getByTestId('font-face-sans')).toHaveAttribute('aria-pressed', 'true');
  await expect(page.getByTestId('font-face-serif')).toHaveAttribute('aria-pressed', 'false');
  expect(await face()).toContain('system-ui');
  await page.getByTestId('line-width-narrow').click();
  expect(await width()).toBeCloseTo(34 * 16, 0);
  await page.getByTestId('line-width-wide').click();
  expect(await width()).toBeCloseTo(52 * 16, 0);
  // Before the app: index.html's script applies them.
  page.noHydration = true;
  await page.route('**/*.wasm', () => {});
  await page.reload({ waitUntil: 'domcontentloaded' });
  expect(await page.evaluate(() => [document.documentElement.dataset.face, document.documentElement.dataset.width])).toEqual(['sans', 'wide']);
  expect(await face()).toContain('system-ui');
  expect(await width()).toBeCloseTo(52 * 16, 0);
});

test('the legible face is fetched only once chosen, covers Turkish, and moves nothing when it arrives', async ({ page, browser }) => {
  const fetched = [];
  page.on('request', (r) => r.url().includes('/fonts/') && fetched.push(new URL(r.url()).pathname));
  await page.goto(ARTICLE);
  await page.getByTestId('font-face-sans').click();
  expect(fetched, 'nothing of the face before it is chosen').toEqual([]);
  await page.getByTestId('font-face-legible').click();
  await expect(page.locator('html')).toHaveAttribute('data-face', 'legible');
  await page.evaluate(() => document.fonts.ready);
  expect(await page.getByTestId('article-body').evaluate((b) => getComputedStyle(b).fontFamily)).toMatch(/^"Atkinson Hyperlegible"/);
  // The sheet, and for this Turkish story both ranges (ğ, ş and İ are Latin Extended); nothing else.
  await expect.poll(() => new Set(fetched)).toEqual(
    new Set(['/fonts/legible.css', '/fonts/atkinson-hyperlegible-latin-400-normal.woff2', '/fonts/atkinson-hyperlegible-latin-ext-400-normal.woff2', ...fetched.filter((f) => /-700-normal\.woff2$/.test(f))]),
  );
  // Requested is not yet loaded: under load the second file may still be on its way.
  await expect.poll(() => page.evaluate(() => document.fonts.check('16px "Atkinson Hyperlegible"', 'ğış'))).toBe(true);

  // A visit with the face chosen and its files slow to arrive (a new browser, nothing cached):
  // the page is drawn in the fallback, which has the face's measures, and the swap shifts
  // nothing (cumulative layout shift 0).
  const context = await browser.newContext({ baseURL: new URL(page.url()).origin, serviceWorkers: 'block' });
  const next = await context.newPage();
  await next.route('**/fonts/*.woff2', async (route) => {
    await new Promise((done) => setTimeout(done, 800));
    await route.continue();
  });
  await next.addInitScript(() => {
    localStorage.setItem('okur.reading', 'v1;size=1000;face=legible');
    window.shifts = 0;
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) if (!entry.hadRecentInput) window.shifts += entry.value;
    }).observe({ type: 'layout-shift', buffered: true });
  });
  await next.goto(ARTICLE);
  await next.evaluate(() => document.fonts.ready);
  expect(await next.evaluate(() => document.fonts.check('16px "Atkinson Hyperlegible"', 'ğış'))).toBe(true);
  await next.waitForTimeout(300);
  expect(await next.evaluate(() => window.shifts)).toBe(0);
  await context.close();
});

test('at 320 px and 200 % nothing scrolls sideways', async ({ page }) => {
  await page.setViewportSize({ width: 320, height: 640 });
  await page.goto(ARTICLE);
  for (let i = 0; i < 5; i++) await page.getByTestId('font-increase').click();
  await expect(page.getByTestId('font-level')).toContainText('200 %');
  for (const path of [ARTICLE, OTHER, '/articles/kis-sebzeleri-rehberi', '/articles/kutuphane-gece-acik']) {
    await page.goto(path);
    await expect(page.getByTestId('article-body')).toBeVisible();
    const [scroll, width] = await page.evaluate(() => [document.documentElement.scrollWidth, window.innerWidth]);
    expect(scroll, path).toBeLessThanOrEqual(width);
  }
  // WCAG 1.4.12 text spacing on top: still no sideways scroll, no clipped text.
  // As a reader's own style sheet (a constructed one: the site's CSP rightly refuses inline styles).
  await page.evaluate(() => {
    const sheet = new CSSStyleSheet();
    sheet.replaceSync('* { line-height: 1.5 !important; letter-spacing: 0.12em !important; word-spacing: 0.16em !important; } p { margin-bottom: 2em !important; }');
    document.adoptedStyleSheets = [...document.adoptedStyleSheets, sheet];
  });
  const [scroll, width] = await page.evaluate(() => [document.documentElement.scrollWidth, window.innerWidth]);
  expect(scroll).toBeLessThanOrEqual(width);
  const clipped = await page.evaluate(() =>
    [...document.querySelectorAll('button, .article__tools *:not(.visually-hidden)')].filter((e) => e.scrollWidth > e.clientWidth + 1 && getComputedStyle(e).overflow !== 'visible').length,
  );
  expect(clipped).toBe(0);
});

test('with storage unavailable the settings work in memory', async ({ page }) => {
  // As in some private modes: touching localStorage throws.
  await page.addInitScript(() => {
    Object.defineProperty(window, 'localStorage', { get() { throw new DOMException('denied', 'SecurityError'); } });
  });
  await page.goto(ARTICLE);
  await expect(page.getByTestId('font-level')).toContainText('100 %');
  const base = await paragraphSize(page);
  await page.getByTestId('font-increase').click();
  await expect(page.getByTestId('font-level')).toContainText('112.5 %');
  expect(await paragraphSize(page)).toBeCloseTo(base * 1.125, 1);
  await page.getByTestId('theme-sepia').click();
  expect(await page.evaluate(() => getComputedStyle(document.body).backgroundColor)).toBe('rgb(244, 236, 216)');
  // The comment form still works too (its draft simply is not kept).
  await page.getByTestId('comment-text').fill('Bellekte');
  await expect(page.getByTestId('comment-counter')).toHaveText('8 / 5000');
});
