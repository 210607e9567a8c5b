// Reads against static files (issue 10's figures; not a test: timings vary by machine). On
// SQLite, and on PostgreSQL too when OKUR_TEST_POSTGRES names a server (as
// server/tests/with-postgres.sh sets it). wrk 2 threads x 32 connections x 5 s, one run each,
// side by side on this machine:
//   - a page of 50 comment threads (an article with 100 comments) from `okur serve` with its
//     answer cache (the default), from a second server with --cache-mb 0, and the very same
//     bytes as a static file from nginx;
//   - the article page (HTML) with and without the cache.
// Prints a table and writes bench/reads.md. Usage: node scripts/read-bench.mjs (OKUR_BIN,
// OKUR_DIST; nginx on the PATH or in /usr/sbin).
import { execFileSync, spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort, startServer, tempDir } from '../tests/server.js';

const here = dirname(fileURLToPath(import.meta.url));
const out = resolve(here, '..', 'bench');
const SLUG = 'genc-takim-final';
const JSON_PATH = `/api/articles/${SLUG}/comments?per_page=50`;

const wrk = (url) => {
  const text = execFileSync('wrk', ['-t2', '-c32', '-d5s', url], { encoding: 'utf8' });
  return Math.round(Number(text.match(/Requests\/sec:\s+([\d.]+)/)[1]));
};

/** The figures on one store: `db` is a file path or a PostgreSQL URL. */
async function measure(name, db) {
  const tmp = tempDir();
  const env = { OKUR_COMMENT_RATE_LIMIT: '100000' };
  db = db ?? join(tmp.dir, 'okur.db');
  const cached = await startServer({ db, env });
  let uncached;
  let nginx;
  try {
    for (let i = 1; i <= 100; i++) {
      const response = await fetch(`${cached.url}/api/articles/${SLUG}/comments`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ author_name: `Okur ${i}`, body: `Okuma ölçümü için yorum numarası ${i}.` }),
      });
      if (response.status !== 201) throw new Error(`post ${i}: ${response.status}`);
    }
    uncached = await startServer({ db, env: { ...env, OKUR_CACHE_MB: '0' } });

    // nginx serves the same JSON bytes as a file.
    const root = join(tmp.dir, 'static');
    mkdirSync(root, { recursive: true });
    writeFileSync(join(root, 'comments.json'), Buffer.from(await (await fetch(cached.url + JSON_PATH)).arrayBuffer()));
    const port = await freePort();
    writeFileSync(
      join(tmp.dir, 'nginx.conf'),
      `worker_processes 2; daemon off; pid ${tmp.dir}/nginx.pid; error_log ${tmp.dir}/nginx.log;
  events { worker_connections 1024; }
  http { access_log off; server { listen 127.0.0.1:${port}; root ${root};
    location / { default_type application/json; } } }`,
    );
    const nginxBin = ['/usr/sbin/nginx', 'nginx'].find((bin) => {
      try {
        execFileSync(bin, ['-v'], { stdio: 'ignore' });
        return true;
      } catch {
        return false;
      }
    });
    nginx = spawn(nginxBin, ['-c', join(tmp.dir, 'nginx.conf'), '-p', tmp.dir], { stdio: 'ignore' });
    await new Promise((done) => setTimeout(done, 500));

    const rows = [
      ['50 threads JSON, okur with its cache', wrk(cached.url + JSON_PATH)],
      ['50 threads JSON, okur --cache-mb 0', wrk(uncached.url + JSON_PATH)],
      ['the same bytes as a file, nginx', wrk(`http://127.0.0.1:${port}/comments.json`)],
      ['article page (HTML), okur with its cache', wrk(`${cached.url}/articles/${SLUG}`)],
      ['article page (HTML), okur --cache-mb 0', wrk(`${uncached.url}/articles/${SLUG}`)],
    ];
    const ratio = (rows[0][1] / rows[2][1]).toFixed(2);
    return [
      `**${name}**`,
      '',
      '| wrk 2 threads × 32 connections × 5 s | requests/s |',
      '| --- | --- |',
      ...rows.map(([what, rate]) => `| ${what} | ${rate} |`),
      '',
      `Cached JSON against nginx: **${ratio}×** (goal ≥ 0.5×); the cache multiplies the JSON by ` +
        `${(rows[0][1] / rows[1][1]).toFixed(1)} and the page by ${(rows[3][1] / rows[4][1]).toFixed(1)}.`,
    ].join('\n');
  } finally {
    nginx?.kill();
    await uncached?.stop();
    await cached.stop();
    tmp.remove();
  }
}

const tables = [await measure('SQLite')];
if (process.env.OKUR_TEST_POSTGRES) {
  const server = process.env.OKUR_TEST_POSTGRES.replace(/\/$/, '');
  execFileSync('psql', [`${server}/postgres`, '-q', '-c', 'CREATE DATABASE okur_reads']);
  tables.push(await measure('PostgreSQL', `${server}/okur_reads`));
}
const table = tables.join('\n\n');
console.log(table);
mkdirSync(out, { recursive: true });
writeFileSync(join(out, 'reads.md'), `${table}\n`);
