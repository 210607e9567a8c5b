// What a reader feels of the sleeping app on a slow phone (issue 20), with Chromium's network and
// CPU throttled as Lighthouse's mobile preset (150 ms round trip, 1.6 Mbit/s down, 750 kbit/s
// up, CPU 4x slower), on a cold page (a fresh browser context each run), median of 5:
// 1. the first press of A+: from the press to the first frame in which the article's text is
//    larger (goal: at most 100 ms);
// 2. opening the comment form and typing: whether the field takes text at once, and from the app
//    arriving (hydrated) to the typed text being in the stored draft (goal: within 2 s).
// Figures, not a test. Writes bench/wake.md and .json. Usage: node scripts/wake-bench.mjs
// (OKUR_BIN, OKUR_DIST)
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from '@playwright/test';
import { startServer, tempDir } from '../tests/server.js';

const here = dirname(fileURLToPath(import.meta.url));
const out = resolve(here, '..', 'bench');
const ARTICLE = '/articles/liman-kenti-yesil-donusum';
const RUNS = 5;
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** A page in a new context, throttled as Lighthouse's mobile preset. */
async function coldPage(browser) {
  const context = await browser.newContext({ viewport: { width: 412, height: 823 }, isMobile: true, hasTouch: true });
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.emulateNetworkConditions', {
    offline: false,
    latency: 150,
    downloadThroughput: (1.6 * 1024 * 1024) / 8,
    uploadThroughput: (750 * 1024) / 8,
  });
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: 4 });
  return { page, context };
}

const tmp = tempDir();
const server = await startServer({ db: join(tmp.dir, 'okur.db') });
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-background-networking', '--disable-component-update'],
});
const results = { date: new Date().toISOString(), runs: RUNS, press: [], editable: [], draft: [] };
try {
  for (let i = 0; i < RUNS; i++) {
    // 1. A+ on a cold page: the press is timed in the page, and the frame after it checked.
    {
      const { page, context } = await coldPage(browser);
      await page.goto(server.url + ARTICLE);
      await page.evaluate(() => {
        const paragraph = document.querySelector('[data-testid=article-body] p');
        const before = parseFloat(getComputedStyle(paragraph).fontSize);
        window.pressToPaint = new Promise((done) => {
          addEventListener('pointerdown', () => {
            const pressed = performance.now();
            const frame = () =>
              parseFloat(getComputedStyle(paragraph).fontSize) > before ? done(performance.now() - pressed) : requestAnimationFrame(frame);
            requestAnimationFrame(frame);
          }, { capture: true, once: true });
        });
      });
      await page.getByTestId('font-increase').tap();
      results.press.push(await page.evaluate(() => window.pressToPaint));
      await context.close();
    }
    // 2. The comment form on a cold page: typed into at once, then the app arrives.
    {
      const { page, context } = await coldPage(browser);
      await page.goto(server.url + ARTICLE);
      const text = page.getByTestId('comment-text');
      await text.tap();
      results.editable.push(await text.isEditable());
      await text.type('Yavaş bir telefondan yazılan yorum', { delay: 50 });
      await page.waitForFunction(() => 'wasmBindings' in window, null, { timeout: 120_000 });
      const arrived = await page.evaluate(() => performance.now());
      await page.waitForFunction(
        () => (localStorage.getItem('okur.draft.liman-kenti-yesil-donusum') || '').includes(encodeURIComponent('Yavaş bir telefondan')),
      );
      results.draft.push(Math.max(0, (await page.evaluate(() => performance.now())) - arrived));
      await context.close();
    }
  }
} finally {
  await browser.close();
  await server.stop();
  tmp.remove();
}
const press = Math.round(median(results.press));
const draft = Math.round(median(results.draft));
const editable = results.editable.every(Boolean);
const table = [
  `Chromium throttled as Lighthouse's mobile preset (150 ms RTT, 1.6 Mbit/s, CPU 4x), cold page, median of ${RUNS}; ${results.date.slice(0, 10)}.`,
  '',
  '| | measured | goal |',
  '| --- | --- | --- |',
  `| first A+: press to the first larger frame | ${press} ms (runs: ${results.press.map(Math.round).join(', ')}) | ≤ 100 ms |`,
  `| comment field editable at the first tap | ${editable ? 'yes' : 'no'} (${results.editable.filter(Boolean).length} of ${RUNS}) | yes |`,
  `| typed text in the stored draft, after the app arrives | ${draft} ms | ≤ 2,000 ms |`,
  '',
];
mkdirSync(out, { recursive: true });
writeFileSync(join(out, 'wake.json'), JSON.stringify(results, null, 2) + '\n');
writeFileSync(join(out, 'wake.md'), table.join('\n'));
console.log(table.join('\n'));
