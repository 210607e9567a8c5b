// Lighthouse with every reading setting in use (issue 22): an article at 150 %, relaxed lines,
// sepia, the legible face (its sheet and files fetched under the throttled network) and narrow
// lines, set in the browser's storage before each run (Lighthouse keeps it: no storage reset),
// beside the same article with the defaults. Lighthouse 12.2.3, mobile preset (simulated Slow
// 4G, 4x CPU), median of 3, on the release build served with its public address.
// Figures, not a test. Writes bench/settings.md and .json. Usage: node scripts/settings-bench.mjs
// (OKUR_BIN, OKUR_DIST)
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as chromeLauncher from 'chrome-launcher';
import lighthouse from 'lighthouse';
import puppeteer from 'puppeteer-core';
import { freePort, startServer, tempDir } from '../tests/server.js';

const here = dirname(fileURLToPath(import.meta.url));
const out = resolve(here, '..', 'bench');
const ARTICLE = '/articles/liman-kenti-yesil-donusum';
const RUNS = 3;
const CATEGORIES = ['performance', 'accessibility', 'best-practices', 'seo'];
const EVERY = 'v1;size=1500;spacing=relaxed;theme=sepia;face=legible;width=narrow';
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

const tmp = tempDir();
const port = await freePort();
const server = await startServer({
  db: join(tmp.dir, 'okur.db'),
  addr: `127.0.0.1:${port}`,
  env: { OKUR_PUBLIC_URL: `http://127.0.0.1:${port}` },
});
const chrome = await chromeLauncher.launch({
  chromePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  chromeFlags: ['--headless=new', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
    '--disable-component-update', '--disable-sync', '--no-first-run'],
});
const results = { lighthouse: '12.2.3', date: new Date().toISOString(), settings: EVERY, rows: [] };
try {
  const browser = await puppeteer.connect({ browserURL: `http://127.0.0.1:${chrome.port}` });
  /** Stores the reading settings for the site's origin (empty: none), and empties the HTTP cache. */
  const store = async (value) => {
    const page = await browser.newPage();
    await page.goto(`${server.url}/robots.txt`);
    await page.evaluate((v) => (v ? localStorage.setItem('okur.reading', v) : localStorage.clear()), value);
    const cdp = await page.createCDPSession();
    await cdp.send('Network.clearBrowserCache');
    await page.close();
  };
  for (const [name, value] of [['defaults', ''], ['every setting in use', EVERY]]) {
    const runs = [];
    for (let i = 0; i < RUNS; i++) {
      await store(value);
      const { lhr } = await lighthouse(
        server.url + ARTICLE,
        { port: chrome.port, output: 'json', logLevel: 'error', onlyCategories: CATEGORIES, disableStorageReset: true },
      );
      const fonts = lhr.audits['network-requests'].details.items.filter((r) => r.url.includes('/fonts/')).length;
      // What keeps a category under 100, said plainly rather than left to a score.
      for (const c of CATEGORIES) {
        for (const ref of lhr.categories[c].auditRefs) {
          const audit = lhr.audits[ref.id];
          if (ref.weight > 0 && audit.score !== null && audit.score < 1) {
            const where = (audit.details?.items || []).map((item) => item.node?.selector || item.url || '').filter(Boolean).slice(0, 3);
            console.log(`${name}, ${c}: ${audit.id} (${audit.title}) ${where.join(' | ')}`);
          }
        }
      }
      runs.push({
        ...Object.fromEntries(CATEGORIES.map((c) => [c, Math.round(lhr.categories[c].score * 100)])),
        lcp: lhr.audits['largest-contentful-paint'].numericValue,
        cls: lhr.audits['cumulative-layout-shift'].numericValue,
        fonts,
      });
    }
    const row = { name, lcp_ms: Math.round(median(runs.map((r) => r.lcp))), cls: Math.max(...runs.map((r) => r.cls)), fonts: runs[0].fonts };
    for (const c of CATEGORIES) row[c] = median(runs.map((r) => r[c]));
    results.rows.push(row);
    console.log(`${name}: ${CATEGORIES.map((c) => `${c} ${row[c]}`).join(', ')}, LCP ${row.lcp_ms} ms, CLS ${row.cls}, font requests ${row.fonts}`);
  }
  await browser.disconnect();
} finally {
  await chrome.kill();
  await server.stop();
  tmp.remove();
}

const md = `# Reading settings under Lighthouse (issue 22)

Lighthouse 12.2.3, mobile preset, median of ${RUNS}, Debian Chromium, headless; ${results.date.slice(0, 10)}.
The article \`${ARTICLE}\`, its settings stored before each run (\`${EVERY}\`), the HTTP cache emptied.

| settings | performance | accessibility | best practices | SEO | LCP | CLS | font requests |
| --- | --- | --- | --- | --- | --- | --- | --- |
${results.rows.map((r) => `| ${r.name} | ${r.performance} | ${r.accessibility} | ${r['best-practices']} | ${r.seo} | ${r.lcp_ms} ms | ${r.cls} | ${r.fonts} |`).join('\n')}
`;
mkdirSync(out, { recursive: true });
writeFileSync(join(out, 'settings.json'), `${JSON.stringify(results, null, 2)}\n`);
writeFileSync(join(out, 'settings.md'), md);
console.log(md);
