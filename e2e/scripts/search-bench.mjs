// Search and view counting at scale (issue 21's figures; not a test: timings vary by machine).
// On SQLite, and on PostgreSQL too when OKUR_TEST_POSTGRES names a server:
//   1. 100,000 generated articles, Turkish and English, a few hundred words each (words drawn by
//      a Zipf law from a vocabulary with Turkish suffixes), imported with `okur import`;
//   2. search without the answer cache (--cache-mb 0), one request at a time: p50 and p95 of 200
//      two-word queries (mid-frequency words) and of 200 one-word queries of the 10 commonest;
//   3. wrk 2 threads × 32 connections × 5 s on /search?q=… with and without the cache (only
//      successful answers count);
//   4. view counting: wrk on an article page with --views true and --views false, and the views
//      counted (after the flush at the server's stop) against the requests wrk made.
// Prints a table and writes bench/search.md. Usage: node scripts/search-bench.mjs [articles]
// With OKUR_BENCH_DIR the generated files and the SQLite database are kept there and reused.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { OKUR_BIN, startServer, tempDir } from '../tests/server.js';

const here = dirname(fileURLToPath(import.meta.url));
const out = resolve(here, '..', 'bench');
const ARTICLES = Number(process.argv[2] ?? 100_000);
const PER_FILE = 2_000;

/** A deterministic random source (mulberry32), so every run searches the same site. */
function random(seed) {
  return () => {
    seed |= 0;
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const rand = random(21);

// A vocabulary: syllables made into stems, Turkish ones with their suffixes.
const SYLLABLES = ['ka', 'ya', 'lı', 'şe', 'ğa', 'çi', 'mü', 'ön', 'de', 'ri', 'ta', 'bu', 'sı', 'ne', 'go', 'la', 'ür', 'iş', 'ça', 'hi', 'ba', 'to'];
const SUFFIXES = ['', '', 'ler', 'lar', 'de', 'da', 'nin', 'ın', 'i', 'ı', 'e', 'ye'];
const EN = ['harbour', 'council', 'station', 'school', 'market', 'river', 'winter', 'budget', 'health', 'tram', 'team', 'museum', 'library', 'garden', 'festival', 'bridge', 'road', 'energy', 'water', 'housing'];
const stems = new Set();
while (stems.size < 4_000) {
  const n = 2 + Math.floor(rand() * 2);
  stems.add(Array.from({ length: n }, () => SYLLABLES[Math.floor(rand() * SYLLABLES.length)]).join(''));
}
const VOCAB = [...stems];
/** A word by Zipf's law over the vocabulary (rank r with weight 1/r). */
const harmonic = VOCAB.reduce((sum, _, i) => sum + 1 / (i + 1), 0);
function zipf() {
  let u = rand() * harmonic;
  for (let i = 0; i < VOCAB.length; i++) {
    u -= 1 / (i + 1);
    if (u <= 0) return i;
  }
  return VOCAB.length - 1;
}
const word = (english) => (english ? EN[zipf() % EN.length] : VOCAB[zipf()] + SUFFIXES[Math.floor(rand() * SUFFIXES.length)]);
const sentence = (english, n) => Array.from({ length: n }, () => word(english)).join(' ');

/** Writes the articles as JSON import files; returns their paths. */
function generate(dir) {
  const files = [];
  for (let start = 0; start < ARTICLES; start += PER_FILE) {
    const batch = [];
    for (let i = start; i < Math.min(start + PER_FILE, ARTICLES); i++) {
      const english = i % 5 === 0;
      const day = new Date(Date.UTC(2025, 0, 1) + i * 300_000).toISOString().replace(/\.\d+Z$/, 'Z');
      batch.push({
        slug: `haber-${i}`,
        title: sentence(english, 6),
        summary: sentence(english, 20),
        published_at: day,
        author: `Yazar ${i % 300}`,
        category: `Bölüm ${i % 12}`,
        language: english ? 'en' : 'tr',
        body: Array.from({ length: 6 }, () => ({ type: 'paragraph', text: sentence(english, 50) })),
      });
    }
    const file = join(dir, `articles-${start}.json`);
    writeFileSync(file, JSON.stringify(batch));
    files.push(file);
  }
  return files;
}

/** Requests/s of successful answers only, wrk 2 × 32 × 5 s. */
function wrk(url) {
  const text = execFileSync('wrk', ['-t2', '-c32', '-d5s', url], { encoding: 'utf8' });
  if (!/Requests\/sec/.test(text) || /Non-2xx/.test(text)) console.error(text);
  const total = Number(text.match(/(\d+) requests in/)[1]);
  const failed = Number(text.match(/Non-2xx or 3xx responses: (\d+)/)?.[1] ?? 0);
  const seconds = Number(text.match(/requests in ([\d.]+)s/)[1]);
  return { rate: Math.round((total - failed) / seconds), total, failed };
}

const percentile = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];

/** p50 and p95 (ms) of these queries, one at a time. */
async function latencies(url, queries) {
  const times = [];
  for (const q of queries) {
    const started = performance.now();
    const response = await fetch(`${url}/api/search?q=${encodeURIComponent(q)}`);
    await response.arrayBuffer();
    if (response.status !== 200) throw new Error(`search ${q}: ${response.status}`);
    times.push(performance.now() - started);
  }
  times.sort((a, b) => a - b);
  return [percentile(times, 50).toFixed(1), percentile(times, 95).toFixed(1)];
}

/** The figures on one store: `db` a file path or a PostgreSQL URL. */
async function measure(name, db, files, tmp, reusePostgres = false) {
  let started = performance.now();
  const reused = reusePostgres || (db.startsWith('/') && existsSync(db));
  if (!reused) execFileSync(OKUR_BIN, ['import', '--db', db, ...files], { stdio: 'ignore', env: { ...process.env, OKUR_LOG: 'warn' } });
  const imported = reused ? null : ((performance.now() - started) / 1000).toFixed(0);
  const uncached = await startServer({ db, env: { OKUR_CACHE_MB: '0' } });
  const rows = [];
  try {
    const twoWords = Array.from({ length: 200 }, (_, i) => `${VOCAB[50 + ((i * 7) % 450)]} ${VOCAB[60 + ((i * 13) % 440)]}`);
    const common = Array.from({ length: 200 }, (_, i) => VOCAB[i % 10]);
    await latencies(uncached.url, twoWords.slice(0, 20)); // warm the database's pages
    const [p50two, p95two] = await latencies(uncached.url, twoWords);
    const [p50one, p95one] = await latencies(uncached.url, common);
    rows.push(['search, two words (200 different), uncached', `p50 ${p50two} ms, p95 ${p95two} ms`]);
    rows.push(['search, one common word (the 10 commonest), uncached', `p50 ${p50one} ms, p95 ${p95one} ms`]);
    const page = `/search?q=${encodeURIComponent(twoWords[0])}`;
    rows.push(['wrk /search?q=… (page), --cache-mb 0', `${wrk(uncached.url + page).rate}/s`]);
  } finally {
    await uncached.stop();
  }
  const cached = await startServer({ db });
  try {
    rows.push(['wrk /search?q=… (page), with the cache', `${wrk(`${cached.url}/search?q=${encodeURIComponent(VOCAB[120] + ' ' + VOCAB[130])}`).rate}/s`]);
  } finally {
    await cached.stop();
  }
  // View counting: the same page with and without, both servers up and measured in turns
  // (three each; the medians compared, as one run against another varies by a few per cent);
  // the counted total after the stop's flush against every successful request sent.
  const article = '/articles/haber-99';
  const viewsSoFar = () =>
    Number(execFileSync(OKUR_BIN, ['articles', 'views', 'haber-99', '--db', db], { encoding: 'utf8', env: { ...process.env, OKUR_LOG: 'warn' } }).trim());
  const before = viewsSoFar();
  const quiet = await startServer({ db, env: { OKUR_VIEWS: 'false' } });
  const counting = await startServer({ db });
  const runs = { without: [], with: [] };
  try {
    for (const server of [quiet, counting]) {
      const status = (await fetch(server.url + article)).status;
      if (status !== 200) throw new Error(`${article} answered ${status}`);
    }
    for (let turn = 0; turn < 3; turn++) {
      runs.without.push(wrk(quiet.url + article));
      runs.with.push(wrk(counting.url + article));
    }
  } finally {
    await quiet.stop();
    await counting.stop();
  }
  const median = (list) => list.map((r) => r.rate).sort((a, b) => a - b)[1];
  const without = { rate: median(runs.without) };
  const withViews = { rate: median(runs.with) };
  const counted = viewsSoFar() - before;
  // The check fetch above was a counted view too.
  const sent = 1 + runs.with.reduce((sum, r) => sum + r.total - r.failed, 0);
  rows.push(['article page, views not counted (--views false), median of 3', `${without.rate}/s`]);
  rows.push(['article page, views counted, median of 3', `${withViews.rate}/s (${(withViews.rate / without.rate).toFixed(2)}×)`]);
  rows.push(['views counted / successful requests sent', `${counted} / ${sent} (${((100 * counted) / sent).toFixed(2)} %)`]);
  return [`**${name}** (${ARTICLES.toLocaleString('en')} articles${imported ? ` imported in ${imported} s` : ', imported earlier'})`, '', '| measure | figure |', '| --- | --- |', ...rows.map(([k, v]) => `| ${k} | ${v} |`), ''].join('\n');
}

const kept = process.env.OKUR_BENCH_DIR;
const tmp = kept ? { dir: kept, remove() {} } : tempDir();
try {
  if (kept) mkdirSync(kept, { recursive: true });
  const files = generate(tmp.dir);
  const sections = [await measure('SQLite', join(tmp.dir, 'okur.db'), files, tmp)];
  if (process.env.OKUR_TEST_POSTGRES) {
    const url = process.env.OKUR_TEST_POSTGRES.replace(/\/$/, '');
    const psql = (db, sql) => execFileSync('psql', [`${url}/${db}`, '-Atqc', sql], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
    // Kept, like the SQLite file, when OKUR_BENCH_DIR is set and it holds this many articles.
    let reuse = false;
    try {
      reuse = kept && Number(psql('okur_search_bench', 'SELECT count(*) FROM articles')) === ARTICLES;
    } catch {}
    if (!reuse) {
      psql('postgres', 'DROP DATABASE IF EXISTS okur_search_bench');
      psql('postgres', 'CREATE DATABASE okur_search_bench');
    }
    sections.push(await measure('PostgreSQL', `${url}/okur_search_bench`, files, tmp, reuse));
  }
  const text = [`# Search and views at scale (\`node scripts/search-bench.mjs\`, ${new Date().toISOString().slice(0, 10)})`, '', ...sections].join('\n');
  console.log(text);
  mkdirSync(out, { recursive: true });
  writeFileSync(join(out, 'search.md'), text);
} finally {
  tmp.remove();
}
