// Starts and stops real `okur serve` processes for the tests, and gives each test a server.
import { test as base, expect } from '@playwright/test';
import { execFile, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const OKUR_BIN = process.env.OKUR_BIN ?? join(root, 'target/debug/okur');
export const OKUR_DIST = process.env.OKUR_DIST ?? join(root, 'dist');

/** A free port on loopback, for a server whose address must be known before it starts. */
export function freePort() {
  return new Promise((done) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const { port } = probe.address();
      probe.close(() => done(port));
    });
  });
}

/** A fresh temporary folder, removed by the returned function. */
export function tempDir() {
  const dir = mkdtempSync(join(tmpdir(), 'okur-e2e-'));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/** `okur moderators add NAME` (or `okur staff add NAME --role ROLE`), the password on stdin (as
 *  a script would give it). */
export function addModerator(db, name, password, role = null) {
  const args = role ? ['staff', 'add', name, '--role', role] : ['moderators', 'add', name];
  return new Promise((done, fail) => {
    const child = execFile(OKUR_BIN, args, { env: { ...process.env, OKUR_DB: db } }, (err) =>
      err ? fail(err) : done(),
    );
    child.stdin.end(`${password}\n`);
  });
}

/** A new publishing token for a staff account (`okur staff token`, its last line). */
export async function staffToken(db, name) {
  const { stdout } = await promisify(execFile)(OKUR_BIN, ['staff', 'token', name, '--db', db, '--label', 'tests']);
  return stdout.trim().split('\n').pop().trim();
}

/** Runs `okur import` on a database. */
export async function importFiles(db, files) {
  return promisify(execFile)(OKUR_BIN, ['import', '--db', db, ...files]);
}

/**
 * Starts `okur serve` (port 0 = a free port) and resolves once it prints its address.
 * Returns { url, port, stop() }.
 */
/** When a test last stopped a server of this worker (see the page fixture's use of it). */
const stopped = { at: 0 };

export function startServer({ db, addr = '127.0.0.1:0', env = {}, dist = OKUR_DIST }) {
  const child = spawn(OKUR_BIN, ['serve', '--addr', addr, '--db', db, '--dist', dist], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, OKUR_LOG: 'warn', ...env },
  });
  let stderr = '';
  child.stderr.on('data', (d) => (stderr += d));
  const exited = new Promise((done) => child.once('exit', done));
  return new Promise((ready, fail) => {
    let stdout = '';
    const timer = setTimeout(() => fail(new Error(`okur serve did not start in 20 s: ${stderr}`)), 20_000);
    child.once('exit', (code) => fail(new Error(`okur serve exited (${code}): ${stderr}`)));
    child.stdout.on('data', (d) => {
      stdout += d;
      const match = stdout.match(/serving (http:\/\/127\.0\.0\.1:(\d+))\//);
      if (!match) return;
      clearTimeout(timer);
      ready({
        url: match[1],
        port: Number(match[2]),
        stop: async () => {
          stopped.at = Date.now();
          if (child.exitCode === null) child.kill('SIGTERM');
          await exited;
        },
      });
    });
  });
}

/**
 * Resolves once the server-rendered page is hydrated (the loader sets wasmBindings then). A
 * reader's page sleeps until the reader's first intent: it is woken as a reader would, by the
 * pointer coming over the masthead's link home (its pointerover event; the loader listens from
 * the page's `load` on, so it is sent again until the app wakes). The moderation page starts by
 * itself.
 */
export async function hydrated(page) {
  // A page that moves on by itself (a redirect, a link to a comment) is asked again.
  const live = () => page.evaluate(() => 'wasmBindings' in window).catch(() => false);
  const home = page.locator('a.brand');
  for (let tries = 0; !(await live()) && tries < 60; tries++) {
    if (await home.count()) await home.dispatchEvent('pointerover');
    await page.waitForFunction(() => 'wasmBindings' in window, null, { timeout: 500 }).catch(() => {});
  }
  await page.waitForFunction(() => 'wasmBindings' in window);
}

/**
 * Starts `okur serve` on a new database holding exactly `count` plain stories (`story-1`, the
 * oldest, to `story-N`), for paging. `stop()` also removes the database.
 */
export async function startServerWithStories(count) {
  const tmp = tempDir();
  const db = join(tmp.dir, 'okur.db');
  const articles = Array.from({ length: count }, (_, i) => ({
    slug: `story-${i + 1}`,
    title: `Story number ${i + 1}`,
    summary: `Summary ${i + 1}.`,
    published_at: `2025-11-${String(i + 1).padStart(2, '0')}T08:00:00Z`,
    author: 'Test',
    category: 'Test',
    body: [{ type: 'paragraph', text: `Body ${i + 1}.` }],
  }));
  writeFileSync(join(tmp.dir, 'many.json'), JSON.stringify(articles));
  // Imported first, so the database is not new (no demo content) and holds exactly these.
  await importFiles(db, [join(tmp.dir, 'many.json')]);
  const server = await startServer({ db });
  return {
    ...server,
    stop: async () => {
      await server.stop();
      tmp.remove();
    },
  };
}

/** The `site` fixture: one seeded server per worker, used as the baseURL. */
export const siteFixtures = {
  site: [
    async ({}, use) => {
      const tmp = tempDir();
      const server = await startServer({ db: join(tmp.dir, 'okur.db') });
      await use(server);
      await server.stop();
      tmp.remove();
    },
    { scope: 'worker' },
  ],
  baseURL: async ({ site }, use) => use(site.url),
};

/** `test` with the `site` fixture, and a `page` that checks for errors and waits for hydration. */
export const test = base.extend({
  ...siteFixtures,
  // Every test fails on a page error, a CSP violation, or a console error or warning it did not
  // expect (a hydration mismatch shows as one). Navigations wait until the page is hydrated, as a reader's
  // clicks only do something from then on.
  page: async ({ page }, use) => {
    const problems = [];
    page.on('pageerror', (err) => problems.push(`pageerror: ${err.message}`));
    // `expectConsoleErrors`: true for any, or a RegExp for the ones a test expects.
    // Playwright's own note where the config blocks the service worker is not the page's.
    const expected = (text) =>
      text === 'Service Worker registration blocked by Playwright' ||
      page.expectConsoleErrors === true ||
      page.expectConsoleErrors?.test?.(text);
    // A test that stops its server as it ends, with the page still open, may see the page's
    // live stream try to come back: the browser's note of that is the test's doing, not the page's.
    const started = Date.now();
    const reconnecting = (text) => stopped.at >= started && text === 'Failed to load resource: net::ERR_CONNECTION_REFUSED';
    page.on('console', (msg) => {
      if (['error', 'warning'].includes(msg.type()) && !expected(msg.text()) && !reconnecting(msg.text())) {
        problems.push(`console: ${msg.text()}`);
      }
    });
    // Every Content-Security-Policy violation fails the test, even where console errors are
    // expected.
    await page.exposeFunction('reportCspViolation', (text) => problems.push(`CSP: ${text}`));
    await page.addInitScript(() =>
      document.addEventListener('securitypolicyviolation', (e) =>
        window.reportCspViolation(`${e.violatedDirective} blocked ${e.blockedURI || 'inline'} at ${e.sourceFile}:${e.lineNumber}`),
      ),
    );
    for (const name of ['goto', 'reload']) {
      const navigate = page[name].bind(page);
      page[name] = async (...args) => {
        const response = await navigate(...args);
        if (!page.noHydration) await hydrated(page);
        return response;
      };
    }
    await use(page);
    expect(problems, 'errors in the page').toEqual([]);
  },
});

export { expect };
