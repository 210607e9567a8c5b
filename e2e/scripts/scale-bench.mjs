// Reads that cost the same whatever the thread size (issue 10's figures; not a test: timings
// vary by machine). For each store (SQLite; PostgreSQL when OKUR_TEST_POSTGRES names a server,
// as server/tests/with-postgres.sh sets it), on a fresh database:
//   1. one article with 100 comments, half of them replies in its first thread (a tenth of those
//      a level deeper): wrk (2 threads x 32 connections x 3 s) on its first comment page (which
//      holds that thread), its last (by cursor), that thread's replies, the article and the
//      article list, from a server without its answer cache and from one with it;
//   2. 99,900 more comments posted the same way through the API by 32 clients at once (the POST
//      rate): the first thread then holds 50,000 replies;
//   3. the same reads again, and each rate at 100,000 against its rate at 100.
// Prints a table and writes bench/scale.md. Usage: node scripts/scale-bench.mjs (OKUR_BIN,
// OKUR_DIST).
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startServer, tempDir } from '../tests/server.js';
import { postComments } from './load.mjs';

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

/** Comment n: odd ones start threads, even ones answer the first thread (every tenth its first reply). */
const thread = (root, firstReply) => (n) =>
  n % 2
    ? { author_name: `Okur ${n}`, body: `Ölçek için yorum numarası ${n}.` }
    : { author_name: `Yanıtlayan ${n}`, body: `Uzun konuya yanıt ${n}.`, parent_id: n % 10 === 0 ? firstReply : root };

/** Posts comments from..to through `url` from 32 clients at once; returns posts per second. */
async function fill(url, from, to, body) {
  return (await postComments({ url, slug: SLUG, from, to, body })).rate;
}

/** Posts one comment; its id. */
async function postOne(url, comment) {
  const response = await fetch(`${url}/api/articles/${SLUG}/comments`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(comment),
  });
  if (response.status !== 201) throw new Error(`post: ${response.status} ${await response.text()}`);
  return (await response.json()).comment.id;
}

/** The reads measured, as addresses on a server. */
async function reads(url, root, firstReply) {
  const first = await (await fetch(`${url}/api/articles/${SLUG}/comments?per_page=20&order=desc`)).json();
  // The cursor of the last page: the thread before the oldest twenty.
  const oldest = await (await fetch(`${url}/api/articles/${SLUG}/comments?per_page=21`)).json();
  const roots = oldest.items.filter((c) => c.depth === 1);
  const cursor = roots[roots.length - 1].id;
  if (!first.items.length) throw new Error('no comments');
  if (oldest.items[0].id !== root) throw new Error('the long thread is not the first');
  return {
    'first comment page': `/api/articles/${SLUG}/comments?per_page=20`,
    'last comment page (cursor)': `/api/articles/${SLUG}/comments?per_page=20&order=desc&after=${cursor}`,
    'long thread, replies page': `/api/articles/${SLUG}/comments/${root}/replies?after=${firstReply}`,
    article: `/api/articles/${SLUG}`,
    'article list': '/api/articles',
  };
}

async function measure(cached, uncached, root, firstReply) {
  const paths = await reads(cached.url, root, firstReply);
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
    const root = await postOne(cached.url, { author_name: 'Konu sahibi', body: 'Uzun konunun ilk yorumu.' });
    const firstReply = await postOne(cached.url, { author_name: 'İlk yanıt', body: 'İlk yanıt.', parent_id: root });
    const body = thread(root, firstReply);
    const firstRate = await fill(cached.url, 3, 100, body);
    const small = await measure(cached, uncached, root, firstReply);
    const postRate = await fill(cached.url, 101, TOTAL, body);
    const large = await measure(cached, uncached, root, firstReply);
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
