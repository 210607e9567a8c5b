// Save for later (issue 22): the article's "save for later" toggle, and the list on /saved.
//
// The page's script, not the app's, for the place kept's reasons (page/place.js): pressing it is
// no reason to download the app. What is saved is kept by the service worker (worker/sw.js,
// okur-saved, until the reader removes it), so that it opens offline; this script only asks it,
// by message, registering it first when a reader saves before the app ever woke. Both elements
// are the server's and the app's markup (`data-page`, left alone by hydration and the app); the
// list's words come with it (`data-remove`, `data-at`).
{
  const sw = navigator.serviceWorker;
  const able = !!sw && 'caches' in window;
  /**
   * The saved stories ({path, title, lang, at}, newest first) after `message`'s change, from
   * the worker; null when it failed or does not answer within 10 s. Without a worker there is
   * nothing saved, unless `start` asks for one.
   */
  const ask = (message, start) => Promise.race([asking(message, start), new Promise((resolve) => setTimeout(resolve, 10000, null))]);
  // (A registration the browser refuses may also never settle: hence the race above.)
  const asking = async (message, start) => {
    try {
      if (!(await sw.getRegistration()) && !start) return [];
      if (start) await sw.register('/sw.js');
      const { active } = await sw.ready;
      return await new Promise((resolve) => {
        const channel = new MessageChannel();
        channel.port1.onmessage = (event) => resolve(event.data);
        active.postMessage(message, [channel.port2]);
      });
    } catch {
      return null;
    }
  };
  /** An article's toggle, pressed when its article is saved. */
  const toggle = (slot) => {
    const button = slot.querySelector('[data-testid=save-article]');
    const path = `/articles/${slot.dataset.place}`;
    const show = (list) => list && button.setAttribute('aria-pressed', list.some((a) => a.path === path));
    ask({}).then(show);
    // A failure is said in a status line fixed at the screen's foot (nothing moves), for 8 s.
    const status = slot.querySelector('[data-testid=save-status]');
    let shown;
    button.onclick = async () => {
      if (button.hasAttribute('aria-busy')) return;
      button.setAttribute('aria-busy', 'true');
      // The pictures as this screen shows them (of an upload, the width and format it chose):
      // the worker keeps those, so that offline the same choice finds its file.
      const pictures = [...document.images].map((img) => img.currentSrc).filter(Boolean);
      const list = await ask(button.getAttribute('aria-pressed') == 'true' ? { remove: path } : { save: path, shown: pictures }, true);
      button.removeAttribute('aria-busy');
      show(list);
      status.textContent = list ? '' : status.dataset.failed;
      clearTimeout(shown);
      shown = setTimeout(() => (status.textContent = ''), 8000);
    };
  };
  /** The words of a title the worker keeps as HTML text. */
  const words = (html) => new DOMParser().parseFromString(html, 'text/html').body.textContent;
  /** The saved stories as a list with a remove button each; the "nothing saved" line without them. */
  const list = (slot) => {
    const items = slot.querySelector('[data-testid=saved-list]');
    const fill = (saved) => {
      if (!saved) return;
      slot.querySelector('[data-testid=saved-empty]').hidden = saved.length > 0;
      items.replaceChildren(
        ...saved.map((story) => {
          const item = document.createElement('li');
          item.dataset.testid = 'saved-item';
          const link = Object.assign(document.createElement('a'), { href: story.path, lang: story.lang, textContent: words(story.title) });
          const when = Object.assign(document.createElement('span'), { className: 'saved__when', textContent: `${items.dataset.at} · ${new Date(story.at).toLocaleDateString(document.documentElement.lang)}` });
          const remove = Object.assign(document.createElement('button'), { type: 'button', className: 'link-button', textContent: items.dataset.remove });
          remove.dataset.testid = 'saved-remove';
          remove.onclick = async () => fill(await ask({ remove: story.path }, true));
          item.append(link, ' ', when, ' ', remove);
          return item;
        }),
      );
    };
    ask({}).then(fill);
  };
  let seen = [];
  const follow = () => {
    const found = [...document.querySelectorAll('[data-place], [data-saved]')];
    if (found.length === seen.length && found.every((slot, i) => slot === seen[i])) return;
    seen = found;
    for (const slot of found) if (!slot.dataset.armed) {
      slot.dataset.armed = '1';
      if (slot.dataset.saved != null) list(slot);
      else if (able) toggle(slot);
    }
  };
  if (sw) {
    new MutationObserver(follow).observe(document.body, { childList: true, subtree: true });
    follow();
  }
}
