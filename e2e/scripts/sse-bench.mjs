// Live comments to many readers (issue 12's figure; not a test): one `okur serve` (release
// build, SQLite), 1,000 readers holding the article's event stream open, then 20 comments posted
// half a second apart. For every (reader, comment) pair, the time from the post being sent to the
// event reaching that reader; prints p50, p99 and the worst, and writes bench/live.md.
// Usage: node scripts/sse-bench.mjs (OKUR_BIN, OKUR_DIST; SSE_READERS to change the count).
import { mkdirSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startServer, tempDir } from '../tests/server.js';

const here = dirname(fileURLToPath(import.meta.url));
const out = resolve(here, '..', 'bench');
const SLUG = 'genc-takim-final';
const READERS = Number(process.env.SSE_READERS ?? 1000);
const COMMENTS = 20;

const tmp = tempDir();
const server = await startServer({
  db: join(tmp.dir, 'okur.db'),
  env: {
    OKUR_LIVE_PER_CLIENT: String(READERS),
    OKUR_LIVE_TOTAL: String(READERS + 10),
    OKUR_MAX_CONNECTIONS: String(READERS + 100),
    OKUR_COMMENT_RATE_LIMIT: '100000',
  },
});
const sentAt = new Map(); // comment body → time the post was sent
const latencies = [];
const requests = [];
try {
  const { hostname, port } = new URL(server.url);
  const agent = new http.Agent({ keepAlive: true, maxSockets: READERS + 10 });
  let open = 0;
  await new Promise((ready, fail) => {
    for (let i = 0; i < READERS; i++) {
      const request = http.get({ agent, hostname, port, path: `/api/articles/${SLUG}/comments/events` }, (response) => {
        if (response.statusCode !== 200) return fail(new Error(`reader ${i}: ${response.statusCode}`));
        response.setEncoding('utf8');
        let buffer = '';
        response.on('data', (chunk) => {
          const now = performance.now();
          buffer += chunk;
          let end;
          while ((end = buffer.indexOf('\n\n')) >= 0) {
            const block = buffer.slice(0, end);
            buffer = buffer.slice(end + 2);
            const data = block.split('\n').find((l) => l.startsWith('data:'));
            if (!data) continue;
            const comment = JSON.parse(data.slice(5));
            const sent = sentAt.get(comment.body);
            if (sent !== undefined) latencies.push(now - sent);
          }
        });
        if (++open === READERS) ready();
      });
      request.on('error', fail);
      requests.push(request);
    }
  });
  await new Promise((done) => setTimeout(done, 500));
  for (let n = 0; n < COMMENTS; n++) {
    const body = `Canlı ölçüm yorumu ${n}.`;
    sentAt.set(body, performance.now());
    const response = await fetch(`${server.url}/api/articles/${SLUG}/comments`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ author_name: 'Ölçüm', body }),
    });
    if (response.status !== 201) throw new Error(`post ${n}: ${response.status}`);
    await new Promise((done) => setTimeout(done, 500));
  }
  await new Promise((done) => setTimeout(done, 1000));
  const expected = READERS * COMMENTS;
  latencies.sort((a, b) => a - b);
  const at = (q) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))].toFixed(0);
  const table = [
    '| readers | comments | events received | p50 | p99 | worst |',
    '| --- | --- | --- | --- | --- | --- |',
    `| ${READERS.toLocaleString('en')} | ${COMMENTS} | ${latencies.length.toLocaleString('en')} of ${expected.toLocaleString('en')} | ${at(0.5)} ms | ${at(0.99)} ms | ${latencies[latencies.length - 1].toFixed(0)} ms |`,
    '',
    'Goal: p99 ≤ 200 ms, from the post being sent to the event reaching each reader.',
  ].join('\n');
  console.log(table);
  mkdirSync(out, { recursive: true });
  writeFileSync(join(out, 'live.md'), `${table}\n`);
  for (const request of requests) request.destroy();
  agent.destroy();
} finally {
  await server.stop();
  tmp.remove();
}
