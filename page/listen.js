// Listen (issue 22): the browser's speech synthesis reads an article, its title then its body
// block by block (each sentence by sentence), in the article's language, with pause, previous and next block, and speed;
// the block being read is marked (`is-spoken`) and kept in view. Shown only where the browser
// has a voice for the article's language (the mark `data-voice` on <html>; the button keeps its
// room from the first paint). It stops when the reader leaves the article.
//
// The page's script, not the app's (see page/place.js): the article is the server's text, and
// listening needs nothing the app has. The button and the controls (`listen-controls`, fixed at
// the screen's foot) are the article's own markup (src/markup.rs, article_keep), in its slot.
{
  const speech = window.speechSynthesis;
  let slot, units, at, rate, speaking, paused;
  const $ = (testid) => slot.querySelector(`[data-testid=${testid}]`);
  const lang = () => slot.closest('article')?.lang || document.documentElement.lang;
  /** A voice for the article's language: one of its region's first, any of the language's else. */
  const voice = () => {
    const want = lang().toLowerCase();
    const voices = speech.getVoices().filter((v) => v.lang.toLowerCase().replace('_', '-').split('-')[0] === want);
    return voices.find((v) => v.lang.toLowerCase().endsWith(want)) || voices[0];
  };
  const mark = (on) => document.documentElement.toggleAttribute('data-voice', on);
  const current = (block) => {
    slot.closest('article')?.querySelectorAll('.is-spoken').forEach((b) => b.classList.remove('is-spoken'));
    block?.classList.add('is-spoken');
  };
  /**
   * A block's text as sentences: some browsers' voices stop an utterance after about 15 s, and a
   * news paragraph can be longer. Without `Intl.Segmenter`, the whole block.
   */
  const sentences = (text) =>
    Intl.Segmenter ? [...new Intl.Segmenter(lang(), { granularity: 'sentence' }).segment(text)].map((s) => s.segment.trim()).filter(Boolean) : [text];
  /** Reads block `at` sentence by sentence, then the next block, unless a newer reading took over. */
  const speak = () => {
    const token = (speaking = {});
    speech.cancel();
    const block = units[at];
    if (!block) return stop();
    current(block);
    block.scrollIntoView({ block: 'center' });
    $('listen-position').textContent = `${at + 1} / ${units.length}`;
    const parts = sentences(block.textContent.trim());
    const say = (i) => {
      const utterance = new SpeechSynthesisUtterance(parts[i]);
      utterance.voice = voice();
      utterance.lang = utterance.voice?.lang || lang();
      utterance.rate = rate;
      utterance.onend = () => {
        if (speaking !== token || paused) return;
        if (i + 1 < parts.length) return say(i + 1);
        at += 1;
        speak();
      };
      speech.speak(utterance);
    };
    say(0);
  };
  const pause = (on) => {
    paused = on;
    $('listen-pause').setAttribute('aria-pressed', on);
    if (on) {
      speaking = null;
      speech.cancel();
    } else speak();
  };
  /** Stops reading; focus that was in the controls goes back to the button. */
  const stop = () => {
    speaking = null;
    speech.cancel();
    if (!slot?.isConnected) return;
    current(null);
    const controls = $('listen-controls');
    const inside = controls.contains(document.activeElement);
    controls.hidden = true;
    $('listen').setAttribute('aria-pressed', 'false');
    if (inside) $('listen').focus();
  };
  const start = () => {
    const article = slot.closest('article');
    const body = article.querySelector('[data-testid=article-body]');
    units = [article.querySelector('h1'), ...body.children].filter((b) => b && b.textContent.trim());
    at = 0;
    rate = Number($('listen-speed').value) || 1;
    paused = false;
    $('listen-pause').setAttribute('aria-pressed', 'false');
    $('listen-controls').hidden = false;
    $('listen').setAttribute('aria-pressed', 'true');
    speak();
  };
  const arm = () => {
    mark(!!voice());
    $('listen').onclick = () => ($('listen').getAttribute('aria-pressed') == 'true' ? stop() : start());
    const controls = $('listen-controls');
    controls.onclick = (event) => {
      const action = event.target.closest('[data-listen]')?.dataset.listen;
      if (action == 'stop') stop();
      else if (action == 'pause') pause(!paused);
      else if (action) {
        at = Math.min(Math.max(at + Number(action), 0), units.length - 1);
        paused = false;
        $('listen-pause').setAttribute('aria-pressed', 'false');
        speak();
      }
    };
    controls.onchange = () => {
      rate = Number($('listen-speed').value) || 1;
      if (!paused) speak();
    };
    // (A handler property that returns false cancels the event: Enter would no longer press.)
    controls.onkeydown = (event) => {
      if (event.key == 'Escape') stop();
    };
  };
  const follow = () => {
    const found = document.querySelector('[data-place]');
    if (found === slot) return;
    // A new article, or none: what was being read stops.
    if (slot) stop();
    slot = found;
    if (slot) arm();
  };
  if (speech) {
    new MutationObserver(follow).observe(document.body, { childList: true, subtree: true });
    follow();
    // Voices often arrive after the page.
    speech.addEventListener?.('voiceschanged', () => slot && mark(!!voice()));
    // Also the controls: a page the browser keeps for Back comes back silent, and shows it.
    addEventListener('pagehide', stop);
  }
}
