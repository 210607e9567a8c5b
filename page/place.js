// Your place kept (issue 22): the paragraph a reader was at in an article, offered again by the
// article's "continue where you left off" button when they come back within 30 days.
//
// This is the page's script, not the app's: a reader who only reads never wakes the app (issue
// 20), and that is the reader whose place matters. It runs in the loader (inlined by
// e2e/scripts/post-build.mjs --page-scripts), before and after the app wakes, and follows the app
// from article to article: the article's slot (`data-place`, the server's and the app's markup,
// whose inside neither hydration nor the app touches) carries the slug and the hidden button.
//
// A place is a block of the article's body, by its index (a paragraph, not a pixel offset, so it
// survives a new text size, face or width). It is kept in this browser only
// (localStorage "okur.places": {slug: [index, time]}), the newest 100, none older than 30 days.
{
  const KEY = 'okur.places';
  const DAYS = 30;
  const KEPT = 100;
  /** Of these places, those still young enough, the newest KEPT, newest first. */
  const young = (all) => {
    const kept = Object.entries(all).filter(([, p]) => Array.isArray(p) && p[0] > 0 && Date.now() - p[1] < DAYS * 864e5);
    return Object.fromEntries(kept.sort((a, b) => b[1][1] - a[1][1]).slice(0, KEPT));
  };
  /** The kept places (anything unreadable is none). */
  const places = () => {
    try {
      return young(Object(JSON.parse(localStorage.getItem(KEY))));
    } catch {
      return {};
    }
  };
  // A full or refused storage costs only the keeping.
  const store = (all) => {
    try {
      localStorage.setItem(KEY, JSON.stringify(young(all)));
    } catch {}
  };
  let slot, offered, timer;
  const button = () => slot.querySelector('[data-testid=resume-reading]');
  const blocks = () => [...(slot.closest('article')?.querySelector('[data-testid=article-body]')?.children || [])];
  // Shown by the mark on <html> (index.html's early script sets it before the first paint).
  const offer = (on) => document.documentElement.toggleAttribute('data-resume', on);
  const withdraw = () => {
    offered = 0;
    offer(false);
  };
  /** Where the reader is: the first block not yet above the screen; the end once the last block's end is on it. */
  const track = () => {
    timer = 0;
    const items = slot?.isConnected ? blocks() : [];
    if (!items.length) return;
    const all = places();
    const slug = slot.dataset.place;
    const end = items[items.length - 1].getBoundingClientRect().bottom < innerHeight + 1;
    const at = items.findIndex((b) => b.getBoundingClientRect().bottom > 0);
    // At the top there is nothing to keep, and a place kept before stays on offer.
    if (!end && at < 1) return;
    if (end) delete all[slug];
    else all[slug] = [at, Date.now()];
    store(all);
    if (offered && (end || at >= offered)) withdraw();
  };
  /** A new article on the page (the server's, or one the app opened): its place, if kept, on offer. */
  const arm = () => {
    const place = places()[slot.dataset.place];
    offered = place && place[0] < blocks().length ? place[0] : 0;
    offer(!!offered);
    button().onclick = () => {
      const target = blocks()[offered];
      withdraw();
      if (!target) return;
      // Focus goes with the eyes, so keyboard and screen reader users continue there too.
      target.tabIndex = -1;
      target.scrollIntoView({ block: 'start' });
      target.focus({ preventScroll: true });
    };
  };
  const follow = () => {
    const found = document.querySelector('[data-place]');
    if (found === slot) return;
    slot = found;
    if (slot) arm();
  };
  new MutationObserver(follow).observe(document.body, { childList: true, subtree: true });
  follow();
  addEventListener('scroll', () => (timer ||= setTimeout(track, 200)), { passive: true });
  addEventListener('pagehide', () => timer && track());
}
