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
// Then, when OKUR_TEST_POSTGRES names a server (server/tests/with-postgres.sh), the same on
// PostgreSQL with two replicas sending, one of them killed (the other goes on).
// Prints the figures and writes bench/mail.md. Usage: node scripts/mail-bench.mjs (OKUR_BIN,
// OKUR_DIST; OKUR_PYTHON, default e2e/.venv/bin/python, with aiosmtpd).
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort, OKUR_BIN, OKUR_DIST, tempDir } from '../tests/server.js';
import { startSmtpSink } from '../tests/smtp.js';
import { postComments } from './load.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const out = resolve(here, '..', 'bench');
const SLUG = 'genc-takim-final';
const READERS = 2000;
const PER_READER = 5;
const BURST = READERS * PER_READER;
const KILL_REPLIES = 2000;
const KILL_AFTER = 500;
const sleep = (ms) => new Promise((done) => setTimeout(done, ms));

/** aiosmtpd keeping a line per message; `lines()` reads them: to, Message-ID, confirm link. */
async function sink(dir) {
  const { port, stop } = await startSmtpSink(dir, { countOnly: true });
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
  return { port, lines, stop };
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

/** One store's run: `db` (a file or a URL), `replicas` servers on it (all sending); posts go to
 *  the first, and the kill is of the first (started again when it is the only one). */
async function run(db, replicas) {
  const tmp = tempDir();
  const smtp = await sink(tmp.dir);
  const ports = [];
  for (let i = 0; i < replicas; i++) ports.push(await freePort());
  const servers = [];
  for (const port of ports) servers.push(await serve(db, port, smtp.port));
  try {
    const url = servers[0].url;
    // 1. Readers who ask, confirmed; and as many who do not.
    const asked = [];
    await postComments({
      url,
      slug: SLUG,
      to: READERS,
      body: (n) => ({ author_name: `Okur ${n}`, author_email: `okur${n}@bench.example`, body: `Yanıt bekleyen yorum ${n}.`, notify_replies: true }),
      onPosted: (n, answer) => asked.push(answer.comment.id),
    });
    const quiet = [];
    await postComments({
      url,
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
    const without = await postComments({ url, slug: SLUG, to: BURST, body: reply(quiet, 'Sessiz') });

    // 3. The burst.
    const replyEmails = () => smtp.lines().filter((l) => !l.confirm).length;
    const burstStart = performance.now();
    const burst = await postComments({ url, slug: SLUG, to: BURST, body: reply(asked, 'Bildirimli') });
    const deliveredAfter = await until(replyEmails, BURST, burstStart);
    if (deliveredAfter === null) throw new Error(`only ${replyEmails()} of ${BURST} reply emails came`);

    // 4. kill -9 mid-delivery: the only server is started again; of replicas, the others go on.
    // With replicas, the replies go to another one, and the kill does not wait for them.
    const before = smtp.lines().length;
    const target = replicas > 1 ? servers[1].url : url;
    const posting = postComments({ url: target, slug: SLUG, to: KILL_REPLIES, body: reply(asked, 'Kesintili') });
    if (replicas === 1) await posting;
    await until(() => smtp.lines().length - before, KILL_AFTER, performance.now(), 120_000);
    servers[0].child.kill('SIGKILL');
    await new Promise((done) => servers[0].child.once('exit', done));
    const atKill = smtp.lines().length - before;
    await posting;
    if (replicas === 1) servers[0] = await serve(db, ports[0], smtp.port);
    const resumed = performance.now();
    // Claims of the killed server run out after their lease (2 minutes); then the rest goes.
    await until(() => new Set(smtp.lines().slice(before).map((l) => l.id)).size, KILL_REPLIES, resumed, 300_000);
    await sleep(3000);
    const after = smtp.lines().slice(before);
    const unique = new Set(after.map((l) => l.id)).size;
    return {
      without: without.rate,
      burst: burst.rate,
      seconds: deliveredAfter / 1000,
      rate: Math.round((BURST * 1000) / deliveredAfter),
      atKill,
      lost: KILL_REPLIES - unique,
      twice: after.length - unique,
    };
  } finally {
    for (const server of servers) server.child.kill('SIGKILL');
    smtp.stop();
    tmp.remove();
  }
}

const runs = [];
{
  const tmp = tempDir();
  try {
    runs.push(['SQLite, one server (killed and started again)', await run(join(tmp.dir, 'okur.db'), 1)]);
  } finally {
    tmp.remove();
  }
}
if (process.env.OKUR_TEST_POSTGRES) {
  const server = process.env.OKUR_TEST_POSTGRES.replace(/\/$/, '');
  execFileSync('psql', [`${server}/postgres`, '-q', '-c', 'CREATE DATABASE okur_mail']);
  runs.push(['PostgreSQL, two replicas sending (one killed)', await run(`${server}/okur_mail`, 2)]);
}
const lines = [
  `| store | posting without emails | posting in the burst | ${BURST.toLocaleString('en')} emails delivered | kill -9 mid-delivery (${KILL_REPLIES.toLocaleString('en')} emails) |`,
  '| --- | --- | --- | --- | --- |',
  ...runs.map(
    ([store, r]) =>
      `| ${store} | ${r.without}/s | ${r.burst}/s (**${(r.burst / r.without).toFixed(2)}×**) | ${r.seconds.toFixed(1)} s: **${r.rate} emails/s** | ` +
      `killed after ${r.atKill}: **${r.lost} lost, ${r.twice} twice** |`,
  ),
  '',
  'Goals: ≥ 200 emails/s; posting in the burst ≥ 0.8× its rate without emails; 0 lost, at most 1 twice.',
];
const table = lines.join('\n');
console.log(table);
mkdirSync(out, { recursive: true });
writeFileSync(
  join(out, 'mail.md'),
  `Reply emails under a burst (\`make bench-mail\`: e2e/scripts/mail-bench.mjs, the server build, aiosmtpd 1.4.6 ` +
    `on loopback counting by Message-ID; ${READERS.toLocaleString('en')} confirmed addresses, ${PER_READER} replies each, ` +
    `posted by 32 clients; delivery timed from the burst's first post to its last email taken).\n\n${table}\n`,
);
