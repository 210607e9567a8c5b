// Listen (issue 22): the browser's speech synthesis reads an article's title and body in its
// language, block by block, the block being read marked and in view; pause, previous, next,
// speed and stop from the keyboard; shown only where there is a voice for the language; it stops
// when the reader leaves. Headless Chromium has no voices, so the speech synthesis is a stand-in
// (installed before the page's scripts run) that records what it is asked to say and ends an
// utterance when the test says so.
import AxeBuilder from '@axe-core/playwright';
import { expect, test } from './server.js';

const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22a', 'wcag22aa'];
/** axe-core's WCAG A and AA violations on the page as it is, by rule. */
const violations = async (page) => (await new AxeBuilder({ page }).withTags(TAGS).analyze()).violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target).join(', ')}`);

const ARTICLE = '/articles/liman-kenti-yesil-donusum';
const ENGLISH = '/articles/coastal-rail-line-reopens';
const TURKISH_VOICE = { name: 'Test Türkçe', lang: 'tr-TR' };
const ENGLISH_VOICE = { name: 'Test English', lang: 'en-US' };

/** Installs the stand-in with these voices (`late`: none until `voicesArrive()`). */
async function speechStandIn(page, voices, late = false) {
  await page.addInitScript(
    ([voices, late]) => {
      const spoken = (window.spoken = []);
      window.cancels = 0;
      let known = late ? [] : voices;
      let current = null;
      const listeners = [];
      window.SpeechSynthesisUtterance = class {
        constructor(text) {
          Object.assign(this, { text, lang: '', rate: 1, voice: null });
        }
      };
      const synth = {
        getVoices: () => known,
        speak(u) {
          spoken.push({ text: u.text, lang: u.lang, rate: u.rate, voice: u.voice && u.voice.name });
          current = u;
        },
        cancel() {
          window.cancels += 1;
          current = null;
        },
        pause() {},
        resume() {},
        addEventListener: (type, listener) => type === 'voiceschanged' && listeners.push(listener),
      };
      Object.defineProperty(window, 'speechSynthesis', { value: synth, configurable: true });
      /** Ends what is being said, as the browser does when it has said it. */
      window.finish = () => {
        const u = current;
        current = null;
        u && u.onend && u.onend();
      };
      /** Ends every sentence of the block being read, up to the next block's first. */
      window.finishBlock = () => {
        const reading = document.querySelector('.is-spoken');
        for (let i = 0; i < 50 && current && document.querySelector('.is-spoken') === reading; i++) window.finish();
      };
      window.voicesArrive = () => {
        known = voices;
        listeners.forEach((l) => l());
      };
    },
    [voices, late],
  );
}

const spoken = (page) => page.evaluate(() => window.spoken);
const last = async (page) => (await spoken(page)).at(-1);
/** Whether what is being said is block `i`'s first sentence (blocks are read sentence by sentence). */
const starts = async (page, i) => {
  const [said, text] = [(await last(page)).text, (await block(page, i)).text];
  return said.length > 0 && text.startsWith(said);
};
/** The body's block `i`'s text, and whether it is the one marked and on the screen. */
const block = (page, i) =>
  page.evaluate((i) => {
    const b = document.querySelectorAll('[data-testid=article-body] > *')[i];
    const r = b.getBoundingClientRect();
    return { text: b.textContent.trim(), marked: b.classList.contains('is-spoken'), inView: r.top >= 0 && r.bottom <= innerHeight };
  }, i);

test('the title, then the body block by block, in Turkish; pause, next, previous, speed and stop by keyboard', async ({ page }) => {
  page.noHydration = true;
  await speechStandIn(page, [ENGLISH_VOICE, TURKISH_VOICE]);
  await page.setViewportSize({ width: 412, height: 700 });
  await page.goto(ARTICLE);
  const listen = page.getByTestId('listen');
  const controls = page.getByTestId('listen-controls');
  await expect(listen).toBeVisible();
  await expect(listen).toHaveText('Dinle');
  await expect(controls).toBeHidden();

  await listen.focus();
  await page.keyboard.press('Enter');
  await expect(controls).toBeVisible();
  await expect(controls).toHaveAttribute('aria-label', 'Sesli okuma');
  await expect(listen).toHaveAttribute('aria-pressed', 'true');
  const title = (await page.getByTestId('article-title').textContent()).trim();
  expect(await last(page)).toEqual({ text: title, lang: 'tr-TR', rate: 1, voice: 'Test Türkçe' });
  await expect(page.getByTestId('article-title')).toHaveClass(/is-spoken/);
  expect(await violations(page)).toEqual([]);

  // Said to its end, the next block follows, marked and brought into view.
  await page.evaluate(() => window.finishBlock());
  expect(await starts(page, 0)).toBe(true);
  expect((await block(page, 0)).marked).toBe(true);
  await page.evaluate(() => window.finishBlock());
  await page.evaluate(() => window.finishBlock());
  expect(await starts(page, 2)).toBe(true);
  const third = await block(page, 2);
  expect(third).toMatchObject({ marked: true, inView: true });
  await expect(page.getByTestId('listen-position')).toHaveText(/^4 \/ \d+$/);

  // The controls, from the keyboard: each is reached with Tab and named.
  await page.keyboard.press('Tab');
  await expect(page.getByTestId('listen-previous')).toBeFocused();
  await expect(page.getByTestId('listen-previous')).toHaveAccessibleName('Önceki paragraf');
  await page.keyboard.press('Enter');
  expect(await starts(page, 1)).toBe(true);
  await page.keyboard.press('Tab');
  await expect(page.getByTestId('listen-pause')).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('listen-pause')).toHaveAttribute('aria-pressed', 'true');
  const count = (await spoken(page)).length;
  await page.evaluate(() => window.finish());
  expect((await spoken(page)).length).toBe(count);
  // Resumed, the block is read again from its start.
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('listen-pause')).toHaveAttribute('aria-pressed', 'false');
  expect(await starts(page, 1)).toBe(true);
  await page.keyboard.press('Tab');
  await expect(page.getByTestId('listen-next')).toHaveAccessibleName('Sonraki paragraf');
  await page.keyboard.press('Enter');
  expect(await starts(page, 2)).toBe(true);
  await page.keyboard.press('Tab');
  await expect(page.getByTestId('listen-speed')).toBeFocused();
  await page.getByTestId('listen-speed').selectOption('1.5');
  expect(await starts(page, 2)).toBe(true);
  expect((await last(page)).rate).toBe(1.5);
  // This block has two sentences: said as two utterances, in order (a voice may stop one that
  // runs past about 15 s), then the next block.
  const from = (await spoken(page)).length - 1;
  await page.evaluate(() => window.finishBlock());
  const sentences = (await spoken(page)).slice(from, -1);
  expect(sentences.length).toBe(2);
  expect(sentences.map((u) => u.text).join(' ')).toBe((await block(page, 2)).text.replace(/\s+/g, ' '));
  expect(sentences.every((u) => u.rate === 1.5)).toBe(true);
  expect(await starts(page, 3)).toBe(true);
  expect((await last(page)).rate).toBe(1.5);

  // Escape stops: the controls go, nothing is marked, the focus is back on "Dinle".
  await page.keyboard.press('Escape');
  await expect(controls).toBeHidden();
  await expect(listen).toBeFocused();
  await expect(listen).toHaveAttribute('aria-pressed', 'false');
  await expect(page.locator('.is-spoken')).toHaveCount(0);
  expect(await page.evaluate(() => 'wasmBindings' in window)).toBe(false);
});

test('shown only where there is a voice for the article\'s language, also once voices arrive', async ({ page }) => {
  page.noHydration = true;
  await speechStandIn(page, [ENGLISH_VOICE]);
  await page.goto(ARTICLE);
  await expect(page.getByTestId('listen')).toBeHidden();
  // Its room is kept all the same: nothing moves if a voice comes.
  expect(await page.getByTestId('listen').evaluate((b) => b.getBoundingClientRect().width)).toBeGreaterThan(0);
  await page.goto(ENGLISH);
  await expect(page.getByTestId('listen')).toBeVisible();
  await page.getByTestId('listen').click();
  expect(await last(page)).toMatchObject({ lang: 'en-US', voice: 'Test English' });
  // The controls speak the site's language (Turkish here); the voice, the article's.
  await expect(page.getByTestId('listen-controls')).toHaveAttribute('aria-label', 'Sesli okuma');
  expect(await violations(page)).toEqual([]);
});

test('voices that come after the page show the button then', async ({ page }) => {
  page.noHydration = true;
  await speechStandIn(page, [TURKISH_VOICE], true);
  await page.goto(ARTICLE);
  await expect(page.getByTestId('listen')).toBeHidden();
  await page.evaluate(() => window.voicesArrive());
  await expect(page.getByTestId('listen')).toBeVisible();
});

test('leaving the article within the app stops the reading', async ({ page }) => {
  await speechStandIn(page, [TURKISH_VOICE]);
  await page.goto(ARTICLE);
  await page.getByTestId('listen').click();
  await expect(page.getByTestId('listen-controls')).toBeVisible();
  const cancels = await page.evaluate(() => window.cancels);
  await page.locator('a.brand').click();
  await expect(page.getByTestId('article-card').first()).toBeVisible();
  await expect.poll(() => page.evaluate(() => window.cancels)).toBeGreaterThan(cancels);
  const said = (await spoken(page)).length;
  await page.evaluate(() => window.finish());
  expect((await spoken(page)).length).toBe(said);
});
