// The figures docs/ records, measured on a real `okur serve` (the release build) with a
// fresh demo database. Figures to record, not a test: timings vary by machine.
// 1. Lighthouse 12.2.3 (Debian's Chromium), mobile preset (simulated Slow 4G, 4x CPU), median
//    of 3: the front page, an article page with comments, and a static-HTML copy of that same
//    rendered article (no scripts) served by the same binary from the same origin: the LCP of
//    the live page against the copy's.
// 2. wrk, 2 threads x 32 connections x 5 s: the HTML page of an article with 100 comments
//    against that article's `comments?per_page=50` JSON, on the same run.
// Writes bench/results.md and .json. Usage: node scripts/bench.mjs (OKUR_BIN, OKUR_DIST).
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as chromeLauncher from 'chrome-launcher';
import lighthouse from 'lighthouse';
import { freePort, startServer, tempDir } from '../tests/server.js';

const here = dirname(fileURLToPath(import.meta.url));
const out = resolve(here, '..', 'bench');
const DIST = process.env.OKUR_DIST ?? resolve(here, '..', '..', 'dist');
const ARTICLE = '/articles/liman-kenti-yesil-donusum';
const BUSY = '/articles/genc-takim-final';
const RUNS = 3;
const CATEGORIES = ['performance', 'accessibility', 'best-practices', 'seo'];
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

const tmp = tempDir();
// The site's own build, plus the static copy of the article page (written once it is rendered).
const dist = join(tmp.dir, 'dist');
cpSync(DIST, dist, { recursive: true });
// Served as a real site is: with its public address (`--public-url`), with which canonical and
// preview links are absolute (without one they are relative, as the Host header is never trusted,
// and Lighthouse's SEO audit counts a relative canonical link against the page).
const port = await freePort();
const server = await startServer({
  db: join(tmp.dir, 'okur.db'),
  addr: `127.0.0.1:${port}`,
  env: { OKUR_COMMENT_RATE_LIMIT: '100000', OKUR_PUBLIC_URL: `http://127.0.0.1:${port}` },
  dist,
});
const results = { lighthouse: '12.2.3', date: new Date().toISOString(), pages: [], throughput: {} };
try {
  // The static copy: the page exactly as the server renders it, without its scripts.
  const rendered = await (await fetch(server.url + ARTICLE)).text();
  const copy = rendered
    .replace(/<script type="?module"?>[\s\S]*?<\/script>/g, '')
    .replace(/<script type="application\/json"[\s\S]*?<\/script>/g, '')
    .replace(/<link\b[^>]*\brel="?(modulepreload|preload)"?[^>]*>/g, '');
  writeFileSync(join(dist, 'static-article.html'), copy);

  const chrome = await chromeLauncher.launch({
    chromePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    chromeFlags: ['--headless=new', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
  try {
    const pages = [
      ['front page', '/'],
      ['article page', ARTICLE],
      ['static copy of the article', '/static-article.html'],
      ['section page', '/sections/gundem'],
      ['search results', '/search?q=liman'],
    ];
    for (const [name, path] of pages) {
      const runs = [];
      for (let i = 0; i < RUNS; i++) {
        const { lhr } = await lighthouse(server.url + path, { port: chrome.port, output: 'json', logLevel: 'error', onlyCategories: CATEGORIES });
        runs.push({
          ...Object.fromEntries(CATEGORIES.map((c) => [c, Math.round(lhr.categories[c].score * 100)])),
          lcp: lhr.audits['largest-contentful-paint'].numericValue,
          cls: lhr.audits['cumulative-layout-shift'].numericValue,
        });
      }
      const row = { page: name, path, lcp_ms: Math.round(median(runs.map((r) => r.lcp))), cls: Math.max(...runs.map((r) => r.cls)) };
      for (const c of CATEGORIES) row[c] = median(runs.map((r) => r[c]));
      results.pages.push(row);
      console.log(`${name}: LCP ${row.lcp_ms} ms, performance ${row.performance}, a11y ${row.accessibility}, best practices ${row['best-practices']}, SEO ${row.seo}, CLS ${row.cls}`);
    }
  } finally {
    await chrome.kill();
  }
  const [, article, copyRow] = results.pages;
  results.lcp_ratio = (article.lcp_ms / copyRow.lcp_ms).toFixed(2);
  console.log(`article LCP / static copy LCP: ${results.lcp_ratio}x (goal <= 1.3x)`);

  // An article with 100 comments, then wrk on its page and on its comments JSON.
  for (let i = 1; i <= 100; i++) {
    const posted = await fetch(`${server.url}/api${BUSY}/comments`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ author_name: `Okur ${i}`, body: `Yorum numarası ${i}: maç çok heyecanlıydı.` }),
    });
    if (posted.status !== 201) throw new Error(`bench: comment ${i} answered ${posted.status}`);
  }
  const wrk = (path) => {
    const text = execFileSync('wrk', ['-t2', '-c32', '-d5s', server.url + path], { encoding: 'utf8' });
    if (/Non-2xx|Socket errors/.test(text)) throw new Error(`bench: ${path} had failed answers:\n${text}`);
    return Number(/Requests\/sec:\s+([\d.]+)/.exec(text)[1]);
  };
  const html = wrk(BUSY);
  const json = wrk(`/api${BUSY}/comments?per_page=50`);
  results.throughput = { html_per_s: Math.round(html), json_per_s: Math.round(json), ratio: (html / json).toFixed(2) };
  console.log(`wrk 2x32x5s: article page (100 comments) ${Math.round(html)}/s, its comments JSON (per_page=50) ${Math.round(json)}/s: ${results.throughput.ratio}x (goal >= 0.3x)`);
} finally {
  await server.stop();
  tmp.remove();
}

mkdirSync(out, { recursive: true });
writeFileSync(join(out, 'results.json'), JSON.stringify(results, null, 2) + '\n');
const table = [
  `Lighthouse 12.2.3, mobile preset, median of ${RUNS}, Debian Chromium, headless; ${results.date.slice(0, 10)}`,
  '',
  '| page | LCP | performance | accessibility | best practices | SEO | CLS |',
  '| --- | --- | --- | --- | --- | --- | --- |',
  ...results.pages.map((r) => `| ${r.page} | ${r.lcp_ms} ms | ${r.performance} | ${r.accessibility} | ${r['best-practices']} | ${r.seo} | ${r.cls} |`),
  '',
  `Article LCP against its static copy: **${results.lcp_ratio}×**.`,
  '',
  `wrk 2 threads × 32 connections × 5 s: article page with 100 comments ${results.throughput.html_per_s}/s, ` +
    `its \`comments?per_page=50\` JSON ${results.throughput.json_per_s}/s: **${results.throughput.ratio}×**.`,
].join('\n');
writeFileSync(join(out, 'results.md'), table + '\n');
