// Reads that cost the same whatever the thread size (issue 10's figures; not a test: timings
// vary by machine). For each store (SQLite; PostgreSQL when OKUR_TEST_POSTGRES names a server,
// as server/tests/with-postgres.sh sets it), on a fresh database:
//   1. one article with 100 comments: wrk (2 threads x 32 connections x 3 s) on its first comment
//      page, its last (by cursor), the article and the article list, from a server without its
//      answer cache and from one with it;
//   2. 99,900 more comments posted through the API by 32 clients at once (the POST rate);
//   3. the same reads again, and each rate at 100,000 against its rate at 100.
// Prints a table and writes bench/scale.md. Usage: node scripts/scale-bench.mjs (OKUR_BIN,
// OKUR_DIST).
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startServer, tempDir } from '../tests/server.js';

const here = dirname(fileURLToPath(import.meta.url));
const out = resolve(here, '..', 'bench');
const SLUG = 'genc-takim-final';
const TOTAL = Number(process.env.SCALE_COMMENTS ?? 100_000);
const env = { OKUR_COMMENT_RATE_LIMIT: '100000000', OKUR_REFUSED_RATE_LIMIT: '100000000' };

const wrk = (url) => {
  const text = execFileSync('wrk', ['-t2', '-c32', '-d3s', url], { encoding: 'utf8' });
  const errors = text.match(/Non-2xx or 3xx responses: (\d+)/);
  if (errors) throw new Error(`${url}: ${errors[1]} error answers`);
  return Math.round(Number(text.match(/Requests\/sec:\s+([\d.]+)/)[1]));
};

/** Posts comments n..to through `url` from 32 clients at once, on kept-alive connections of
 *  their own (made for this fill and closed after it); returns posts per second. */
async function fill(url, from, to) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 32 });
  const { hostname, port } = new URL(url);
  const post = (n) =>
    new Promise((done, fail) => {
      const body = JSON.stringify({ author_name: `Okur ${n}`, body: `Ölçek için yorum numarası ${n}.` });
      const request = http.request(
        { agent, hostname, port, method: 'POST', path: `/api/articles/${SLUG}/comments`,
          headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } },
        (response) => {
          let text = '';
          response.on('data', (d) => (text += d));
          response.on('end', () => (response.statusCode === 201 ? done() : fail(new Error(`post ${n}: ${response.statusCode} ${text}`))));
        },
      );
      request.on('error', fail);
      request.end(body);
    });
  let next = from;
  const started = performance.now();
  const client = async () => {
    while (next <= to) await post(next++);
  };
  try {
    await Promise.all(Array.from({ length: 32 }, client));
  } finally {
    agent.destroy();
  }
  return Math.round(((to - from + 1) * 1000) / (performance.now() - started));
}

/** The reads measured, as addresses on a server. */
async function reads(url) {
  const first = await (await fetch(`${url}/api/articles/${SLUG}/comments?per_page=20&order=desc`)).json();
  // The cursor of the last page: the thread before the oldest twenty.
  const oldest = await (await fetch(`${url}/api/articles/${SLUG}/comments?per_page=21`)).json();
  const roots = oldest.items.filter((c) => c.depth === 1);
  const cursor = roots[roots.length - 1].id;
  if (!first.items.length) throw new Error('no comments');
  return {
    'first comment page': `/api/articles/${SLUG}/comments?per_page=20`,
    'last comment page (cursor)': `/api/articles/${SLUG}/comments?per_page=20&order=desc&after=${cursor}`,
    article: `/api/articles/${SLUG}`,
    'article list': '/api/articles',
  };
}

async function measure(cached, uncached) {
  const paths = await reads(cached.url);
  const rates = {};
  for (const [what, path] of Object.entries(paths)) {
    rates[what] = { uncached: wrk(uncached.url + path), cached: wrk(cached.url + path) };
  }
  return rates;
}

async function store(name, db) {
  const tmp = tempDir();
  const location = db ?? join(tmp.dir, 'okur.db');
  const cached = await startServer({ db: location, env });
  const uncached = await startServer({ db: location, env: { ...env, OKUR_CACHE_MB: '0' } });
  try {
    const firstRate = await fill(cached.url, 1, 100);
    const small = await measure(cached, uncached);
    const postRate = await fill(cached.url, 101, TOTAL);
    const large = await measure(cached, uncached);
    return { name, postRate: Math.max(firstRate, postRate), small, large };
  } finally {
    await uncached.stop();
    await cached.stop();
    tmp.remove();
  }
}

const results = [await store('SQLite')];
if (process.env.OKUR_TEST_POSTGRES) {
  const server = process.env.OKUR_TEST_POSTGRES.replace(/\/$/, '');
  execFileSync('psql', [`${server}/postgres`, '-q', '-c', 'CREATE DATABASE okur_scale']);
  results.push(await store('PostgreSQL', `${server}/okur_scale`));
}

const lines = [
  `| store | read | at 100 (no cache / cache) | at ${TOTAL.toLocaleString('en')} (no cache / cache) | ratio (no cache / cache) |`,
  '| --- | --- | --- | --- | --- |',
];
for (const { name, small, large } of results) {
  for (const what of Object.keys(small)) {
    const a = small[what];
    const b = large[what];
    lines.push(
      `| ${name} | ${what} | ${a.uncached} / ${a.cached} | ${b.uncached} / ${b.cached} | ` +
        `${(b.uncached / a.uncached).toFixed(2)}× / ${(b.cached / a.cached).toFixed(2)}× |`,
    );
  }
}
lines.push('', results.map(({ name, postRate }) => `${name}: ${postRate} posts/s`).join('; '));
if (results.length === 2) {
  lines.push(`POST on PostgreSQL against SQLite: ${(results[1].postRate / results[0].postRate).toFixed(2)}× (goal ≥ 0.5×)`);
}
const table = lines.join('\n');
console.log(table);
mkdirSync(out, { recursive: true });
writeFileSync(join(out, 'scale.md'), `${table}\n`);
