// SQLite's write-ahead log under sustained mixed load (issue 10's figure; not a test): one
// `okur serve` on a fresh SQLite file, 32 clients posting comments to one article and wrk's 32
// connections reading its first comment page, for WAL_SECONDS (default 300). The WAL's size is
// sampled every second during the load and after it, until it is truncated (or two minutes pass).
// Prints the figures and writes bench/wal.md. Usage: node scripts/wal-bench.mjs (OKUR_BIN,
// OKUR_DIST).
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startServer, tempDir } from '../tests/server.js';
import { postComments } from './load.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const out = resolve(here, '..', 'bench');
const SLUG = 'genc-takim-final';
const SECONDS = Number(process.env.WAL_SECONDS ?? 300);
const env = { OKUR_COMMENT_RATE_LIMIT: '100000000', OKUR_REFUSED_RATE_LIMIT: '100000000' };
const MB = 1024 * 1024;

const size = (path) => (existsSync(path) ? statSync(path).size : 0);
const sleep = (ms) => new Promise((done) => setTimeout(done, ms));

/** wrk on `url` for `seconds`; resolves with its requests per second. */
const wrk = (url, seconds) =>
  new Promise((done, fail) => {
    const child = spawn('wrk', ['-t2', '-c32', `-d${seconds}s`, url]);
    let text = '';
    child.stdout.on('data', (d) => (text += d));
    child.on('error', fail);
    child.on('close', () => {
      const rate = text.match(/Requests\/sec:\s+([\d.]+)/);
      rate ? done(Math.round(Number(rate[1]))) : fail(new Error(`wrk: ${text}`));
    });
  });

const tmp = tempDir();
const db = join(tmp.dir, 'okur.db');
const wal = `${db}-wal`;
const server = await startServer({ db, env });
try {
  let largest = 0;
  let sampling = true;
  const sampler = (async () => {
    while (sampling) {
      largest = Math.max(largest, size(wal));
      await sleep(1000);
    }
  })();
  const stop = new AbortController();
  const reading = wrk(`${server.url}/api/articles/${SLUG}/comments?per_page=20`, SECONDS);
  setTimeout(() => stop.abort(), SECONDS * 1000);
  const posting = await postComments({ url: server.url, slug: SLUG, signal: stop.signal });
  const readRate = await reading;
  sampling = false;
  await sampler;
  largest = Math.max(largest, size(wal));
  const atEnd = size(wal);
  const ended = performance.now();
  let truncatedAfter = null;
  while (performance.now() - ended < 120_000) {
    if (size(wal) === 0) {
      truncatedAfter = (performance.now() - ended) / 1000;
      break;
    }
    await sleep(250);
  }
  const lines = [
    `| load | posted | posts/s | reads/s | largest WAL | WAL at the end | truncated after | database |`,
    '| --- | --- | --- | --- | --- | --- | --- | --- |',
    `| ${SECONDS} s, 32 posting + 32 reading | ${posting.posted.toLocaleString('en')} | ${posting.rate} | ${readRate} | ` +
      `${(largest / MB).toFixed(1)} MB | ${(atEnd / MB).toFixed(1)} MB | ` +
      `${truncatedAfter === null ? 'not within 120 s' : `${truncatedAfter.toFixed(1)} s`} | ${(size(db) / MB).toFixed(1)} MB |`,
    '',
    `Goal: WAL ≤ 64 MB throughout, truncated within 60 s after the load.`,
  ];
  const table = lines.join('\n');
  console.log(table);
  mkdirSync(out, { recursive: true });
  writeFileSync(join(out, 'wal.md'), `${table}\n`);
} finally {
  await server.stop();
  tmp.remove();
}
