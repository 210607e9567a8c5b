// What the offline tests share (offline.spec.js, saved.spec.js): a demo site whose network a
// test cuts by stopping its server, and starts again on the same address; the worker's state.
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, freePort, OKUR_DIST, startServer, tempDir } from './server.js';

/** What the browser logs when the server is gone: failed loads, not the app's errors. */
export const OFFLINE_NOISE = /Failed to load resource|net::ERR_|Failed to fetch|Failed to execute 'fetch'|EventSource/;

/**
 * A demo site on a fixed free port, stopped and started again at will; `dist` changed by
 * `edit(sw.js's text)` when given (a copy of the build).
 */
export async function site(edit) {
  const tmp = tempDir();
  const port = await freePort();
  let dist = OKUR_DIST;
  if (edit) {
    dist = join(tmp.dir, 'dist');
    cpSync(OKUR_DIST, dist, { recursive: true });
    const worker = join(dist, 'sw.js');
    writeFileSync(worker, edit(readFileSync(worker, 'utf8')));
  }
  let server;
  const start = async (from = dist) => (server = await startServer({ db: join(tmp.dir, 'okur.db'), addr: `127.0.0.1:${port}`, dist: from }));
  await start();
  return {
    url: `http://127.0.0.1:${port}`,
    tmp,
    start,
    stop: () => server.stop(),
    close: async () => {
      await server.stop();
      tmp.remove();
    },
  };
}

/** Sets one of the worker's LIMITS (in its plain or its minified form). */
export const setting = (name, value) => (code) => {
  const changed = code.replace(new RegExp(`\\b${name}: ?[0-9e_.]+`), `${name}: ${value}`);
  if (changed === code) throw new Error(`sw.js has no ${name}`);
  return changed;
};

/** Waits until the worker controls the page. */
export const controlled = (page) => page.waitForFunction(() => navigator.serviceWorker.controller);

/** Waits until the worker controls the page and has kept `path`. */
export async function kept(page, path) {
  await controlled(page);
  await expect
    .poll(() => page.evaluate(async (p) => !!(await (await caches.open('okur-pages')).match(p, { ignoreVary: true })), path))
    .toBe(true);
}

/**
 * Cuts the network: the page's failed loads are expected from before the server stops (a
 * request may fail while it does).
 */
export async function cut(page, s) {
  page.expectConsoleErrors = OFFLINE_NOISE;
  await s.stop();
}

