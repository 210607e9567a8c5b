// Reply emails under a burst (issue 23's figures; not a test). One `okur serve` on a fresh
// SQLite file sends through aiosmtpd (the test venv's, counting what it takes by Message-ID):
// 1. 2,000 readers comment asking for reply emails (2,000 addresses) and confirm by the links
//    of their confirmation emails; 2,000 other comments ask for nothing.
// 2. Posting without notifications: 10,000 replies to the comments that asked for nothing.
// 3. The burst: 10,000 replies to the 2,000 that asked (5 each, under the hourly bound of 10),
//    posted by 32 clients; the 10,000 emails they queue delivered (from the first post to the
//    last email taken), and the posting rate beside step 2's.
// 4. kill -9 mid-delivery: 2,000 more replies; the server killed once 500 of their emails are
//    taken, started again on the same database; every email counted: lost, sent twice.
// Prints the figures and writes bench/mail.md. Usage: node scripts/mail-bench.mjs (OKUR_BIN,
// OKUR_DIST; OKUR_PYTHON, default e2e/.venv/bin/python, with aiosmtpd).
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort, OKUR_BIN, OKUR_DIST, tempDir } from '../tests/server.js';
import { postComments } from './load.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, '..', '..');
const out = resolve(here, '..', 'bench');
const PYTHON = process.env.OKUR_PYTHON ?? join(root, 'e2e/.venv/bin/python');
const SLUG = 'genc-takim-final';
const READERS = 2000;
const PER_READER = 5;
const BURST = READERS * PER_READER;
const KILL_REPLIES = 2000;
const KILL_AFTER = 500;
const sleep = (ms) => new Promise((done) => setTimeout(done, ms));

/** aiosmtpd keeping a line per message; `lines()` reads them: to, Message-ID, confirm link. */
async function sink(dir) {
  const child = spawn(PYTHON, [join(here, 'smtp_sink.py'), dir, '--count-only'], { stdio: ['ignore', 'pipe', 'inherit'] });
  const port = await new Promise((ready, fail) => {
    let text = '';
    child.stdout.on('data', (d) => {
      text += d;
      const match = text.match(/port (\d+)/);
      if (match) ready(Number(match[1]));
    });
    child.once('exit', (code) => fail(new Error(`the SMTP sink exited (${code})`)));
  });
  const log = join(dir, 'received.log');
  const lines = () =>
    existsSync(log)
      ? readFileSync(log, 'utf8')
          .split('\n')
          .filter(Boolean)
          .map((line) => {
            const [to, id, confirm] = line.split('\t');
            return { to, id, confirm };
          })
      : [];
  return { port, lines, stop: () => child.kill() };
}

/** `okur serve` as a child of our own (so that it can be killed with SIGKILL). */
function serve(db, port, smtpPort) {
  const url = `http://127.0.0.1:${port}`;
  const child = spawn(OKUR_BIN, ['serve', '--addr', `127.0.0.1:${port}`, '--db', db, '--dist', OKUR_DIST], {
    stdio: ['ignore', 'pipe', 'inherit'],
    env: {
      ...process.env,
      OKUR_LOG: 'error',
      OKUR_SMTP_URL: `smtp://127.0.0.1:${smtpPort}`,
      OKUR_MAIL_FROM: 'Haber <haber@bench.example>',
      OKUR_PUBLIC_URL: url,
      OKUR_COMMENT_RATE_LIMIT: '100000000',
      OKUR_REFUSED_RATE_LIMIT: '100000000',
    },
  });
  return new Promise((ready, fail) => {
    let text = '';
    child.stdout.on('data', (d) => {
      text += d;
      if (text.includes('serving http')) ready({ url, child });
    });
    child.once('exit', (code) => fail(new Error(`okur serve exited (${code})`)));
  });
}

/** GETs every link, 32 at a time; how many answered 200. */
async function follow(links) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 32 });
  let next = 0;
  let ok = 0;
  const get = (link) =>
    new Promise((done, fail) => {
      http.get(link, { agent }, (response) => {
        response.resume();
        response.on('end', () => done(response.statusCode));
      }).on('error', fail);
    });
  await Promise.all(
    Array.from({ length: 32 }, async () => {
      while (next < links.length) {
        if ((await get(links[next++])) === 200) ok += 1;
      }
    }),
  );
  agent.destroy();
  return ok;
}

/** Waits until `count()` reaches `goal` (or `limit` ms pass); when it did, in ms since `since`. */
async function until(count, goal, since, limit = 600_000) {
  while (count() < goal) {
    if (performance.now() - since > limit) return null;
    await sleep(20);
  }
  return performance.now() - since;
}

const tmp = tempDir();
const db = join(tmp.dir, 'okur.db');
const smtp = await sink(tmp.dir);
const port = await freePort();
let server = await serve(db, port, smtp.port);
try {
  // 1. Readers who ask, confirmed; and as many who do not.
  const asked = [];
  await postComments({
    url: server.url,
    slug: SLUG,
    to: READERS,
    body: (n) => ({ author_name: `Okur ${n}`, author_email: `okur${n}@bench.example`, body: `Yanıt bekleyen yorum ${n}.`, notify_replies: true }),
    onPosted: (n, answer) => asked.push(answer.comment.id),
  });
  const quiet = [];
  await postComments({
    url: server.url,
    slug: SLUG,
    to: READERS,
    body: (n) => ({ author_name: `Sessiz ${n}`, body: `Yanıt beklemeyen yorum ${n}.` }),
    onPosted: (n, answer) => quiet.push(answer.comment.id),
  });
  const confirmations = () => smtp.lines().filter((l) => l.confirm);
  if ((await until(() => confirmations().length, READERS, performance.now(), 120_000)) === null) {
    throw new Error(`only ${confirmations().length} of ${READERS} confirmations came`);
  }
  const confirmed = await follow(confirmations().map((l) => l.confirm));
  if (confirmed !== READERS) throw new Error(`${confirmed} of ${READERS} confirmations worked`);

  // 2. Posting without notifications.
  const reply = (parents, tag) => (n) => ({
    author_name: `Yanıtlayan ${n}`,
    body: `${tag} yanıt ${n}.`,
    parent_id: parents[(n - 1) % parents.length],
  });
  const without = await postComments({ url: server.url, slug: SLUG, to: BURST, body: reply(quiet, 'Sessiz') });

  // 3. The burst.
  const replyEmails = () => smtp.lines().filter((l) => !l.confirm).length;
  const burstStart = performance.now();
  const burst = await postComments({ url: server.url, slug: SLUG, to: BURST, body: reply(asked, 'Bildirimli') });
  const deliveredAfter = await until(replyEmails, BURST, burstStart);
  if (deliveredAfter === null) throw new Error(`only ${replyEmails()} of ${BURST} reply emails came`);
  const deliveryRate = Math.round((BURST * 1000) / deliveredAfter);

  // 4. kill -9 mid-delivery, and a start on the same database.
  const before = smtp.lines().length;
  const kill = await postComments({ url: server.url, slug: SLUG, to: KILL_REPLIES, body: reply(asked, 'Kesintili') });
  await until(() => smtp.lines().length - before, KILL_AFTER, performance.now(), 120_000);
  server.child.kill('SIGKILL');
  await new Promise((done) => server.child.once('exit', done));
  const atKill = smtp.lines().length - before;
  server = await serve(db, port, smtp.port);
  const restarted = performance.now();
  // Claims of the killed server run out after their lease (2 minutes); then the rest goes.
  await until(() => new Set(smtp.lines().slice(before).map((l) => l.id)).size, KILL_REPLIES, restarted, 300_000);
  await sleep(3000);
  const after = smtp.lines().slice(before);
  const unique = new Set(after.map((l) => l.id)).size;

  const lines = [
    `| | figure | goal |`,
    `| --- | --- | --- |`,
    `| posting without notifications (${BURST.toLocaleString('en')} replies, 32 clients) | ${without.rate}/s | |`,
    `| posting in the burst (${BURST.toLocaleString('en')} replies, each queuing one email) | ${burst.rate}/s (${(burst.rate / without.rate).toFixed(2)}×) | ≥ 0.8× |`,
    `| ${BURST.toLocaleString('en')} reply emails delivered, first post to last email | ${(deliveredAfter / 1000).toFixed(1)} s: **${deliveryRate} emails/s** | ≥ 200/s |`,
    `| kill -9 after ${atKill} of ${KILL_REPLIES.toLocaleString('en')} emails, started again | ${unique.toLocaleString('en')} delivered, ${KILL_REPLIES - unique} lost, ${after.length - unique} twice | 0 lost, ≤ 1 twice |`,
  ];
  const table = lines.join('\n');
  console.log(table);
  mkdirSync(out, { recursive: true });
  writeFileSync(
    join(out, 'mail.md'),
    `Reply emails under a burst (\`node e2e/scripts/mail-bench.mjs\`, server build, SQLite, aiosmtpd 1.4.6 ` +
      `on loopback; ${READERS.toLocaleString('en')} confirmed addresses, ${PER_READER} replies each).\n\n${table}\n`,
  );
} finally {
  server.child.kill('SIGKILL');
  smtp.stop();
  tmp.remove();
}
