// Runs Lighthouse (npm lighthouse, with Debian's Chromium) on the front page and an article
// page of a real `okur serve` with a fresh demo database, and writes the scores to
// lighthouse/scores.md and .json. Figures to record, not a test: timings vary by machine.
// Usage: node scripts/lighthouse.mjs   (OKUR_BIN and OKUR_DIST as for the e2e tests)
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as chromeLauncher from 'chrome-launcher';
import lighthouse from 'lighthouse';
import { startServer, tempDir } from '../tests/server.js';

const here = dirname(fileURLToPath(import.meta.url));
const out = resolve(here, '..', 'lighthouse');
const CATEGORIES = ['performance', 'accessibility', 'best-practices', 'seo'];
const PAGES = [
  ['front page', '/'],
  ['article page', '/articles/liman-kenti-yesil-donusum'],
];

const tmp = tempDir();
const server = await startServer({ db: join(tmp.dir, 'okur.db') });
const chrome = await chromeLauncher.launch({
  chromePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  chromeFlags: ['--headless=new', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
    '--disable-component-update', '--disable-sync', '--no-first-run'],
});
const rows = [];
try {
  for (const [name, path] of PAGES) {
    for (const preset of ['mobile', 'desktop']) {
      const config = preset === 'desktop' ? (await import('lighthouse/core/config/desktop-config.js')).default : undefined;
      const result = await lighthouse(
        server.url + path,
        { port: chrome.port, output: 'json', logLevel: 'error', onlyCategories: CATEGORIES },
        config,
      );
      const scores = Object.fromEntries(CATEGORIES.map((c) => [c, Math.round(result.lhr.categories[c].score * 100)]));
      const failing = Object.values(result.lhr.audits)
        .filter((a) => a.score !== null && a.score < 1 && a.scoreDisplayMode !== 'informative' && a.scoreDisplayMode !== 'manual')
        .map((a) => a.id);
      rows.push({ page: name, path, preset, ...scores, lcp_ms: Math.round(result.lhr.audits['largest-contentful-paint'].numericValue), cls: result.lhr.audits['cumulative-layout-shift'].numericValue, below_full_marks: failing });
    }
  }
} finally {
  await chrome.kill();
  await server.stop();
  tmp.remove();
}

mkdirSync(out, { recursive: true });
writeFileSync(join(out, 'scores.json'), JSON.stringify({ lighthouse: '12.2.3', date: new Date().toISOString(), rows }, null, 2) + '\n');
const table = [
  '| page | preset | performance | accessibility | best practices | SEO | LCP | CLS |',
  '| --- | --- | --- | --- | --- | --- | --- | --- |',
  ...rows.map((r) => `| ${r.page} | ${r.preset} | ${r.performance} | ${r.accessibility} | ${r['best-practices']} | ${r.seo} | ${r.lcp_ms} ms | ${r.cls} |`),
].join('\n');
writeFileSync(join(out, 'scores.md'), `Lighthouse 12.2.3, ${new Date().toISOString().slice(0, 10)}, Debian Chromium, headless\n\n${table}\n`);
console.log(table);
for (const r of rows) if (r.below_full_marks.length) console.log(`${r.page} (${r.preset}) below full marks: ${r.below_full_marks.join(', ')}`);
