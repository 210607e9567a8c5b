// WCAG 2.0/2.1/2.2 A and AA with axe-core: zero violations on the front page, an article page
// with comments, a section, an author, search results and the saved stories, in both languages
// and every theme.
import AxeBuilder from '@axe-core/playwright';
import { expect, test } from './server.js';

const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22a', 'wcag22aa'];
// Each theme with the system's scheme, and the faces and widths among them.
const THEMES = [
  ['system', 'light', ''],
  ['system', 'dark', ';face=legible;width=narrow'],
  ['light', 'light', ';face=sans;width=wide'],
  ['dark', 'light', ';face=legible;width=wide'],
  ['sepia', 'dark', ';face=sans;width=narrow'],
];

/** The violations, each with the nodes that break it, for a readable failure. */
function summary(violations) {
  return violations.map((v) => `${v.id} (${v.impact}): ${v.help}\n  ${v.nodes.map((n) => n.target.join(' ') + ' ' + (n.failureSummary ?? '')).join('\n  ')}`);
}

for (const locale of ['tr', 'en']) {
  for (const [theme, scheme, more] of THEMES) {
    test(`no axe violations: ${locale}, theme ${theme} (system ${scheme})${more}`, async ({ page, site }) => {
      await page.emulateMedia({ colorScheme: scheme });
      await page.context().addCookies([{ name: 'okur_lang', value: locale, url: site.url }]);
      await page.addInitScript((t) => localStorage.setItem('okur.reading', `v1;size=1000;spacing=normal;theme=${t}`), theme + more);
      await page.goto('/');
      await expect(page.getByTestId('article-card')).toHaveCount(10);
      await expect(page.locator('html')).toHaveAttribute('lang', locale);
      const front = await new AxeBuilder({ page }).withTags(TAGS).analyze();
      expect(summary(front.violations), 'front page').toEqual([]);

      await page.goto('/articles/liman-kenti-yesil-donusum');
      await expect(page.getByTestId('comment')).toHaveCount(2);
      // A field in its error state is part of the page too.
      await page.getByTestId('comment-text').fill('x');
      await expect(page.getByTestId('comment-text-error')).not.toBeEmpty();
      const article = await new AxeBuilder({ page }).withTags(TAGS).analyze();
      expect(summary(article.violations), 'article page').toEqual([]);

      // The browse pages (issue 21): a section, an author, search results with marked words; and
      // the stories saved for later (issue 22).
      for (const path of ['/sections/egitim', '/authors/cagla-yildiz', '/search?q=sisli', '/search?q=zzqq', '/saved']) {
        await page.goto(path);
        await expect(page.locator('h1')).toBeVisible();
        const browse = await new AxeBuilder({ page }).withTags(TAGS).analyze();
        expect(summary(browse.violations), path).toEqual([]);
      }
    });
  }
}

test('keyboard only: skip to content, switch language, write a comment', async ({ page }) => {
  const { join } = await import('node:path');
  const { startServer, tempDir } = await import('./server.js');
  const tmp = tempDir();
  const server = await startServer({ db: join(tmp.dir, 'okur.db') });
  try {
    await page.goto(`${server.url}/articles/genc-takim-final`);
    await expect(page.getByTestId('article-title')).toBeVisible();
    await page.keyboard.press('Tab');
    await expect(page.getByRole('link', { name: 'İçeriğe geç' })).toBeFocused();
    await page.keyboard.press('Enter');
    await expect(page).toHaveURL(/#main$/);
    // The language switch, by keyboard.
    await page.getByTestId('locale-en').focus();
    await page.keyboard.press('Enter');
    await expect(page.locator('html')).toHaveAttribute('lang', 'en');
    // Into the form and out with a posted comment, keys only.
    await page.getByTestId('comment-name').focus();
    await page.keyboard.type('Keyboard reader');
    await page.keyboard.press('Tab');
    await expect(page.getByTestId('comment-email')).toBeFocused();
    await page.keyboard.press('Tab');
    await expect(page.getByTestId('comment-text')).toBeFocused();
    await page.keyboard.type('Written without a mouse.');
    await page.keyboard.press('Tab');
    await expect(page.getByTestId('comment-remember')).toBeFocused();
    await page.keyboard.press('Tab');
    await expect(page.getByTestId('comment-submit')).toBeFocused();
    await page.keyboard.press('Enter');
    await expect(page.getByTestId('comment').getByTestId('comment-body')).toHaveText('Written without a mouse.');
    await expect(page.getByTestId('comment-notice')).toHaveText('Your comment is published.');
    // Reply, by keyboard.
    await page.getByTestId('comment-reply').focus();
    await page.keyboard.press('Enter');
    await expect(page.getByTestId('comment-text')).toBeFocused();
  } finally {
    await server.stop();
    tmp.remove();
  }
});
