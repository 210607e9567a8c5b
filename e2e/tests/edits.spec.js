// Issue 23: a reader edits or deletes their own comment within the window, in the comment form
// itself; other readers see the change live; the actions leave when the window closes; the form
// in its edit mode passes axe in both languages. Each test runs its own server.
import AxeBuilder from '@axe-core/playwright';
import { join } from 'node:path';
import { expect, hydrated, startServer, tempDir, test } from './server.js';

const SLUG = 'genc-takim-final'; // no demo comments
const ARTICLE = `/articles/${SLUG}`;
const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22a', 'wcag22aa'];

async function fresh() {
  const tmp = tempDir();
  const server = await startServer({ db: join(tmp.dir, 'okur.db'), env: { OKUR_COMMENT_RATE_LIMIT: '1000' } });
  return { ...server, done: async () => { await server.stop(); tmp.remove(); } };
}

/** Opens the article as a reader whose page is live. */
async function reader(browser, site) {
  const page = await (await browser.newContext()).newPage();
  await page.goto(site.url + ARTICLE);
  await hydrated(page);
  return page;
}

async function write(page, name, text) {
  await page.getByTestId('comment-name').fill(name);
  await page.getByTestId('comment-text').fill(text);
  await page.getByTestId('comment-submit').click();
}

test('a reader fixes a typo; another reader sees "düzenlendi" live, and the draft waits', async ({ browser }) => {
  const site = await fresh();
  try {
    const author = await reader(browser, site);
    const other = await reader(browser, site);
    await write(author, 'Deniz', 'Finalde başarılr!');
    const mine = author.getByTestId('comment');
    await expect(mine.getByTestId('comment-body')).toHaveText('Finalde başarılr!');
    // The other reader's comment count shows it arrived; their copy has no actions.
    await expect(other.getByTestId('comments-new')).toBeVisible();
    await other.getByTestId('comments-new').click();
    await expect(other.getByTestId('comment-edit')).toHaveCount(0);

    // Half a new comment is typed, then the reader edits the posted one: the form is prefilled.
    await author.getByTestId('comment-text').fill('Yarım kalan taslak');
    await mine.getByTestId('comment-edit').click();
    await expect(author.getByTestId('comment-edit-target')).toBeVisible();
    await expect(author.getByTestId('comment-text')).toHaveValue('Finalde başarılr!');
    await expect(author.getByTestId('comment-text')).toBeFocused();
    await expect(author.getByTestId('comment-submit')).toHaveText('Değişikliği kaydet');
    const results = await new AxeBuilder({ page: author }).withTags(TAGS).analyze();
    expect(results.violations).toEqual([]);
    await author.getByTestId('comment-text').fill('Finalde başarılar!');
    await author.getByTestId('comment-submit').click();
    await expect(author.getByTestId('comment-notice')).toHaveText('Yorumunuz güncellendi.');
    await expect(mine.getByTestId('comment-body')).toHaveText('Finalde başarılar!');
    await expect(mine.getByTestId('comment-edited')).toContainText('düzenlendi');
    await expect(author.getByTestId('comment-edit-target')).toBeHidden();
    await expect(author.getByTestId('comment-text')).toHaveValue('Yarım kalan taslak');
    await expect(author.getByTestId('comment-count')).toHaveText('1 Yorum');

    // Live, on the other reader's page: the new text and the mark, nothing moved or counted.
    const theirs = other.getByTestId('comment');
    await expect(theirs.getByTestId('comment-body')).toHaveText('Finalde başarılar!');
    await expect(theirs.getByTestId('comment-edited')).toContainText('düzenlendi');
    await expect(other.getByTestId('comment-count')).toHaveText('1 Yorum');

    // A reload keeps the actions (the token is kept with the draft), and the draft.
    await author.reload();
    await hydrated(author);
    await expect(author.getByTestId('comment-edit')).toHaveCount(1);
    await expect(author.getByTestId('comment-text')).toHaveValue('Yarım kalan taslak');
  } finally {
    await site.done();
  }
});

test('a reader deletes their comment; it leaves every open page and the counts', async ({ browser }) => {
  const site = await fresh();
  try {
    const author = await reader(browser, site);
    await write(author, 'Ali', 'Kalacak yorum');
    await expect(author.getByTestId('comment')).toHaveCount(1);
    await write(author, 'Ali', 'Pişman olunan yorum');
    await expect(author.getByTestId('comment')).toHaveCount(2);
    const other = await reader(browser, site);
    await expect(other.getByTestId('comment')).toHaveCount(2);
    await expect(other.getByTestId('comment-count')).toHaveText('2 Yorum');

    const asked = [];
    author.on('dialog', (dialog) => (asked.push(dialog.message()), dialog.accept()));
    const regret = author.getByTestId('comment').filter({ hasText: 'Pişman' });
    await regret.getByTestId('comment-withdraw').click();
    await expect(author.getByTestId('comment-notice')).toHaveText('Yorumunuz silindi.');
    await expect(author.getByTestId('comment')).toHaveCount(1);
    expect(asked).toEqual(['Yorumunuz silinsin mi?']);
    await expect(author.getByTestId('comments-heading')).toHaveText('Ziyaretçi Yorumları - 1 Yorum');
    await expect(other.getByTestId('comment')).toHaveCount(1);
    await expect(other.getByTestId('comment-body')).toHaveText('Kalacak yorum');
    await expect(other.getByTestId('comment-count')).toHaveText('1 Yorum');
    await other.reload();
    await expect(other.getByTestId('comment')).toHaveCount(1);
  } finally {
    await site.done();
  }
});

test('when the window closes the actions leave, and an edit sent late keeps its text', async ({ page }) => {
  const site = await fresh();
  try {
    await page.goto(site.url + ARTICLE);
    await hydrated(page);
    await page.getByTestId('locale-en').click();
    // The form is made again in the new language: a reader types into the one they see.
    await expect(page.getByTestId('comment-submit')).toHaveText('Post comment');
    await write(page, 'Sam', 'Written in English');
    await expect(page.getByTestId('comment-edit')).toHaveText('Edit');
    await expect(page.getByTestId('comment-withdraw')).toHaveText('Delete');
    await page.getByTestId('comment-edit').click();
    await expect(page.getByTestId('comment-edit-target')).toHaveText('You are editing your comment. Cancel');
    const results = await new AxeBuilder({ page }).withTags(TAGS).analyze();
    expect(results.violations).toEqual([]);
    await page.getByTestId('comment-text').fill('Written in English, fixed');
    // The browser's window: two seconds left, as if posted almost ten minutes ago.
    await page.evaluate((key) => {
      const [id, token] = localStorage.getItem(key).split(':');
      localStorage.setItem(key, `${id}:${token}:${Date.now() + 2000}`);
    }, `okur.posted.${SLUG}`);
    await page.reload();
    await hydrated(page);
    await expect(page.getByTestId('comment-edit')).toHaveCount(1);
    await expect(page.getByTestId('comment-text')).toHaveValue('Written in English, fixed');
    await expect(page.getByTestId('comment-edit')).toHaveCount(0, { timeout: 5000 });
    await expect(page.getByTestId('comment-withdraw')).toHaveCount(0);
    // Sent after that: refused here, the text stays as a new draft.
    await page.getByTestId('comment-submit').click();
    await expect(page.getByTestId('comment-error')).toHaveText(
      'The time to change this comment is over. Your text is still in the form.',
    );
    await expect(page.getByTestId('comment-text')).toHaveValue('Written in English, fixed');
    await expect(page.getByTestId('comment-edit-target')).toBeHidden();
    await expect(page.getByTestId('comment-body')).toHaveText('Written in English');
  } finally {
    await site.done();
  }
});

test('the report dialog in English: reasons, a note, Escape closes it, and axe finds nothing', async ({ page, request }) => {
  const site = await fresh();
  try {
    const answer = await request.post(`${site.url}/api/articles/${SLUG}/comments`, { data: { author_name: 'Sam', body: 'A comment to report' } });
    expect(answer.status()).toBe(201);
    await page.goto(site.url + ARTICLE);
    await hydrated(page);
    await page.getByTestId('locale-en').click();
    const report = page.getByTestId('comment-report');
    await expect(report).toHaveText('Report');
    await report.click();
    const dialog = page.getByTestId('report-dialog');
    await expect(dialog.getByRole('heading')).toHaveText('Report the comment');
    await expect(dialog.getByRole('radio')).toHaveCount(4);
    await expect(dialog.getByTestId('report-spam')).toBeChecked();
    await expect(dialog.getByTestId('report-spam')).toBeFocused();
    const results = await new AxeBuilder({ page }).withTags(TAGS).analyze();
    expect(results.violations).toEqual([]);
    await page.keyboard.press('Escape');
    await expect(dialog).toHaveCount(0);
    await expect(report).toBeFocused();
    // A note past 500 characters cannot be typed; one with a bad reason is refused by the server.
    await report.click();
    await dialog.getByTestId('report-off_topic').check();
    await dialog.getByTestId('report-note').fill('x'.repeat(600));
    await expect(dialog.getByTestId('report-note')).toHaveValue('x'.repeat(500));
    await dialog.getByTestId('report-send').click();
    await expect(dialog.getByTestId('report-status')).toHaveText('Your report was received; the moderators will look.');
    await expect(dialog.getByTestId('report-send')).toBeHidden();
  } finally {
    await site.done();
  }
});
