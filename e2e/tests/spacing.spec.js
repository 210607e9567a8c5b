// WCAG 2.2 success criterion 1.4.12 (text spacing), issue 22: with a reader's own style setting
// line height 1.5, paragraph spacing 2 em, letter spacing 0.12 em and word spacing 0.16 em, the
// article and its comments lose nothing on a 320-px phone, at every text size from 87.5 % to
// 200 %: no horizontal scroll, no text cut off by its box, off the screen, overlapping the next
// block, or hidden. A last test shows the check finds such text.
import { expect, test } from './server.js';

// A user style is applied by the reader's browser or an extension, which the page's
// Content-Security-Policy does not govern: the test's style is let in the same way.
test.use({ bypassCSP: true, viewport: { width: 320, height: 640 } });

/** The four values of 1.4.12, as a bookmarklet or an extension applies them. */
const USER_STYLE = `* { line-height: 1.5 !important; letter-spacing: 0.12em !important; word-spacing: 0.16em !important; }
p { margin-bottom: 2em !important; }`;

/**
 * The elements with text the page does not show before the user style: controls not offered
 * (no voice to listen with, no place kept). Hiding them is the page's choice, not the spacing's.
 * Reply emails, on a site that sends none, are not even counted: they are never offered there.
 */
function notShown() {
  const hasText = (e) => [...e.childNodes].some((n) => n.nodeType === 3 && n.data.trim());
  window.notShown = [...document.querySelectorAll('[data-testid=article] *')].filter((e) => {
    const box = e.getBoundingClientRect();
    return !e.closest('.visually-hidden, .hp, [hidden], html:not([data-mail]) .notify') && hasText(e) && (box.width === 0 || box.height === 0 || getComputedStyle(e).visibility === 'hidden');
  });
  return window.notShown.length;
}

/**
 * Where text is cut, pushed off screen, overlapping or hidden in the article and its comments
 * (what was not shown before the user style aside, see notShown).
 */
function textLost() {
  const problems = [];
  const width = document.documentElement.clientWidth;
  if (document.documentElement.scrollWidth > width) problems.push(`page scrolls sideways: ${document.documentElement.scrollWidth} > ${width}`);
  const name = (e) => `${e.tagName.toLowerCase()}${e.dataset.testid ? `[${e.dataset.testid}]` : ''}${e.className ? `.${String(e.className).split(' ')[0]}` : ''}`;
  const scope = [...document.querySelectorAll('[data-testid=article] *')];
  const hasText = (e) => [...e.childNodes].some((n) => n.nodeType === 3 && n.data.trim());
  for (const e of scope) {
    const style = getComputedStyle(e);
    if (e.closest('.visually-hidden, .hp, [hidden], html:not([data-mail]) .notify') || (window.notShown || []).includes(e)) continue;
    const box = e.getBoundingClientRect();
    // Cut by its own box.
    if (style.overflowX !== 'visible' && e.scrollWidth > e.clientWidth + 1) problems.push(`${name(e)} cuts its text sideways`);
    if (style.overflowY !== 'visible' && e.scrollHeight > e.clientHeight + 1) problems.push(`${name(e)} cuts its text below`);
    if (!hasText(e)) continue;
    if (box.width === 0 || box.height === 0 || style.visibility === 'hidden') problems.push(`${name(e)} has text but no box`);
    // Where its letters are drawn, which may be past its box.
    const range = document.createRange();
    range.selectNodeContents(e);
    const text = range.getBoundingClientRect();
    if (text.right > width + 0.5 || text.left < -0.5) problems.push(`${name(e)} runs off the screen (${Math.round(text.left)}–${Math.round(text.right)})`);
    // Text running out of a box of fixed height lands on the next block.
    const next = e.nextElementSibling;
    if (next && getComputedStyle(next).position === 'static' && style.position === 'static' && style.display === 'block') {
      const below = next.getBoundingClientRect();
      if (getComputedStyle(next).display === 'block' && below.height > 0 && box.bottom > below.top + 1 && e.scrollHeight > e.clientHeight + 1) {
        problems.push(`${name(e)} overlaps ${name(next)}`);
      }
    }
  }
  return problems;
}

for (const permille of [875, 1000, 1125, 1250, 1500, 1750, 2000]) {
  const [label, stored] = [`${permille / 10} %`, `v1;size=${permille}`];
  test(`with 1.4.12's spacing at ${label} on 320 px, the article and its comments lose nothing`, async ({ page }) => {
    await page.addInitScript((value) => localStorage.setItem('okur.reading', value), stored);
    await page.goto('/articles/liman-kenti-yesil-donusum');
    await expect(page.getByTestId('font-level')).toContainText(label);
    // The comment section is laid out once near: bring it, and a reply form, into play.
    await page.getByTestId('comment-reply').first().click();
    await page.getByTestId('comment-form').scrollIntoViewIfNeeded();
    // At most "listen" without a voice and "continue" without a place are not shown.
    expect(await page.evaluate(notShown)).toBeLessThanOrEqual(2);
    await page.addStyleTag({ content: USER_STYLE });
    const spacing = await page.getByTestId('article-body').locator('p').first().evaluate((p) => getComputedStyle(p).letterSpacing);
    expect(parseFloat(spacing)).toBeGreaterThan(0);
    expect(await page.evaluate(textLost)).toEqual([]);
  });
}

test('the check finds text that is cut, off the screen or scrolling sideways', async ({ page }) => {
  await page.goto('/articles/liman-kenti-yesil-donusum');
  await page.addStyleTag({
    content: `${USER_STYLE}
.article__title { white-space: nowrap; }
.comment__body { height: 1em; overflow: hidden; }`,
  });
  await page.getByTestId('comment-form').scrollIntoViewIfNeeded();
  const problems = await page.evaluate(textLost);
  expect(problems).toEqual(
    expect.arrayContaining([
      expect.stringMatching(/^page scrolls sideways/),
      expect.stringMatching(/^h1\[article-title\].* runs off the screen/),
      expect.stringMatching(/^p\[comment-body\].* cuts its text below/),
    ]),
  );
});
