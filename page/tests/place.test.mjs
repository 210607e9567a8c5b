// The place-keeping rule (page/place.js), without a browser: the script runs in a bare context
// with an article of stand-in blocks, a screen that scrolls, and a storage (`node --test page/tests`,
// in `make unit`). Playwright checks the same script in Chromium (e2e/tests/place.spec.js).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import vm from 'node:vm';

const SOURCE = readFileSync(new URL('../place.js', import.meta.url), 'utf8');
const DAY = 864e5;

/** A page with an article of `count` blocks 100 px high, one screen of `height` px, `stored` in its storage. */
function page({ count = 30, height = 500, stored } = {}) {
  const items = new Map(stored === undefined ? [] : [['okur.places', stored]]);
  let y = 0;
  const timers = [];
  const handlers = {};
  const marks = new Set();
  const blocks = Array.from({ length: count }, (_, i) => ({
    getBoundingClientRect: () => ({ top: 400 + i * 100 - y, bottom: 500 + i * 100 - y }),
    scrollIntoView() {
      y = 400 + i * 100;
    },
    focus() {
      focused = i;
    },
  }));
  let focused = null;
  const resume = {};
  const article = { querySelector: () => ({ children: blocks }) };
  const slot = {
    dataset: { place: 'uzun-haber' },
    isConnected: true,
    closest: () => article,
    querySelector: () => resume,
  };
  const context = {
    localStorage: { getItem: (k) => items.get(k) ?? null, setItem: (k, v) => items.set(k, String(v)) },
    document: {
      body: {},
      querySelector: () => slot,
      documentElement: { toggleAttribute: (name, on) => (on ? marks.add(name) : marks.delete(name)) },
    },
    MutationObserver: class {
      observe() {}
    },
    addEventListener: (type, handler) => (handlers[type] = handler),
    setTimeout: (run) => timers.push(run),
    innerHeight: height,
    Date,
    JSON,
    Object,
    Array,
  };
  vm.runInNewContext(SOURCE, context);
  return {
    /** Scrolls to `to` px and lets the script note where the reader is. */
    scroll(to) {
      y = to;
      handlers.scroll();
      while (timers.length) timers.shift()();
    },
    places: () => JSON.parse(items.get('okur.places') ?? '{}'),
    offered: () => marks.has('data-resume'),
    press: () => resume.onclick(),
    focused: () => focused,
    top: () => y,
  };
}

test('the place is the first block not yet above the screen, with the time', () => {
  const p = page();
  p.scroll(400 + 3 * 100 + 50);
  const [at, when] = p.places()['uzun-haber'];
  assert.equal(at, 3);
  assert.ok(Math.abs(Date.now() - when) < 1000);
});

test('at the top nothing is kept, and a place kept before stays', () => {
  const before = JSON.stringify({ 'uzun-haber': [7, Date.now() - DAY] });
  const p = page({ stored: before });
  p.scroll(10);
  assert.deepEqual(p.places()['uzun-haber'][0], 7);
  assert.equal(p.offered(), true);
});

test('read to the end (its last block on the screen), the article is forgotten', () => {
  const p = page({ stored: JSON.stringify({ 'uzun-haber': [7, Date.now()] }) });
  p.scroll(400 + 29 * 100 + 100 - 500);
  assert.equal(p.places()['uzun-haber'], undefined);
  assert.equal(p.offered(), false);
});

test('offered within 30 days, and only for a block the article still has', () => {
  assert.equal(page({ stored: JSON.stringify({ 'uzun-haber': [5, Date.now() - 29 * DAY] }) }).offered(), true);
  assert.equal(page({ stored: JSON.stringify({ 'uzun-haber': [5, Date.now() - 31 * DAY] }) }).offered(), false);
  assert.equal(page({ stored: JSON.stringify({ 'uzun-haber': [40, Date.now()] }) }).offered(), false);
  assert.equal(page({ stored: JSON.stringify({ 'uzun-haber': [0, Date.now()] }) }).offered(), false);
  assert.equal(page({ stored: JSON.stringify({ 'uzun-haber': 'x' }) }).offered(), false);
});

test('anything unreadable in storage is no place, and the next one is kept', () => {
  for (const stored of ['{not json', 'null', '[1,2]', '"text"']) {
    const p = page({ stored });
    assert.equal(p.offered(), false, stored);
    p.scroll(400 + 2 * 100);
    assert.equal(p.places()['uzun-haber'][0], 2, stored);
  }
});

test('the newest 100 places are kept, none older than 30 days', () => {
  const now = Date.now();
  const many = Object.fromEntries(Array.from({ length: 120 }, (_, i) => [`haber-${i}`, [3, now - i * 1000]]));
  many.eski = [3, now - 40 * DAY];
  const p = page({ stored: JSON.stringify(many) });
  p.scroll(400 + 4 * 100);
  const kept = p.places();
  assert.equal(Object.keys(kept).length, 100);
  assert.ok(kept['uzun-haber'] && kept['haber-0'] && kept['haber-98']);
  assert.equal(kept['haber-99'], undefined);
  assert.equal(kept.eski, undefined);
});

test('the offer brings the block to the top with the focus; reaching it by scrolling withdraws it', () => {
  const p = page({ stored: JSON.stringify({ 'uzun-haber': [12, Date.now()] }) });
  p.press();
  assert.equal(p.top(), 400 + 12 * 100);
  assert.equal(p.focused(), 12);
  assert.equal(p.offered(), false);

  const q = page({ stored: JSON.stringify({ 'uzun-haber': [12, Date.now()] }) });
  q.scroll(400 + 8 * 100);
  assert.equal(q.offered(), true, 'not there yet');
  q.scroll(400 + 12 * 100 + 10);
  assert.equal(q.offered(), false);
  assert.equal(q.places()['uzun-haber'][0], 12);
});
