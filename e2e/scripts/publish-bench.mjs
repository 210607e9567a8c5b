// Issue 24's replica figure: a change published at the desk of one `okur serve` replica, seen by
// readers of another on the same PostgreSQL. Two replicas; a publishing tool's token; 200 times:
// the second replica's cached answer of the story read (so its cache holds the old version),
// the story published anew on the first (`PUT /api/desk/articles/{slug}`, a new title), then the
// second asked every 5 ms until its answer has the new title: the time from the first's answer
// to the second's. Prints p50, p99 and the worst (goal: p99 <= 1 s). Figures to record, not a
// test. Needs OKUR_TEST_POSTGRES (server/tests/with-postgres.sh sets it). Usage:
// node scripts/publish-bench.mjs (OKUR_BIN, OKUR_DIST).
import { execFileSync } from 'node:child_process';
import { addModerator, staffToken, startServer } from '../tests/server.js';

const ROUNDS = 200;
const pg = process.env.OKUR_TEST_POSTGRES?.replace(/\/$/, '');
if (!pg) throw new Error('publish-bench: OKUR_TEST_POSTGRES names no PostgreSQL server');
execFileSync('psql', [`${pg}/postgres`, '-q', '-c', 'CREATE DATABASE okur_publish']);
const db = `${pg}/okur_publish`;
const first = await startServer({ db });
const second = await startServer({ db });
const sleep = (ms) => new Promise((done) => setTimeout(done, ms));
try {
  await addModerator(db, 'bench', 'bench parolası uzun', 'editor');
  const auth = { authorization: `Bearer ${await staffToken(db, 'bench')}`, 'content-type': 'application/json' };
  const story = (title) => ({
    slug: 'replika-haberi',
    title,
    summary: 'Bir sunucuda yayımlanan haber, ötekinde.',
    author: 'Deniz Aksoy',
    category: 'Gündem',
    status: 'published',
    body: [{ type: 'paragraph', text: 'Haber metni.' }],
  });
  const made = await fetch(`${first.url}/api/desk/articles`, { method: 'POST', headers: auth, body: JSON.stringify(story('Sürüm 0')) });
  if (made.status !== 201) throw new Error(`create: ${made.status} ${await made.text()}`);
  const titleOn = async (server) => (await (await fetch(`${server.url}/api/articles/replika-haberi`)).json()).title;
  const times = [];
  for (let round = 1; round <= ROUNDS; round++) {
    await titleOn(second);
    const title = `Sürüm ${round}`;
    const put = await fetch(`${first.url}/api/desk/articles/replika-haberi`, {
      method: 'PUT',
      headers: { ...auth, 'if-match': '*' },
      body: JSON.stringify(story(title)),
    });
    if (put.status !== 200) throw new Error(`round ${round}: ${put.status} ${await put.text()}`);
    const start = performance.now();
    while ((await titleOn(second)) !== title) {
      if (performance.now() - start > 10_000) throw new Error(`round ${round}: not seen within 10 s`);
      await sleep(5);
    }
    times.push(performance.now() - start);
    await sleep(20);
  }
  times.sort((a, b) => a - b);
  const at = (p) => times[Math.min(times.length - 1, Math.ceil((p / 100) * times.length) - 1)];
  console.log(`published on one PostgreSQL replica, seen on another (${ROUNDS} rounds): p50 ${at(50).toFixed(0)} ms, ` +
    `p99 ${at(99).toFixed(0)} ms, worst ${times.at(-1).toFixed(0)} ms (goal: p99 <= 1000 ms)`);
} finally {
  await first.stop();
  await second.stop();
}
