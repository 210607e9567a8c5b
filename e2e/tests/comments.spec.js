// The comment section as readers use it: posting, replies, paging, order, validation, inert
// markup, one post per double click, moderation, remembered names, and a backend that goes
// away with a draft in the form. Each test runs its own server with a fresh database.
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { expect, startServer, tempDir, test } from './server.js';

const SLUG = 'genc-takim-final'; // no demo comments
const ARTICLE = `/articles/${SLUG}`;

/** A fresh server for one test; stopped and removed afterwards. */
async function fresh(env = {}) {
  const tmp = tempDir();
  const db = join(tmp.dir, 'okur.db');
  const server = await startServer({ db, env: { OKUR_COMMENT_RATE_LIMIT: '1000', ...env } });
  return { ...server, db, done: async () => { await server.stop(); tmp.remove(); } };
}

/** Fills the form and sends it. */
async function write(page, name, text) {
  await page.getByTestId('comment-name').fill(name);
  await page.getByTestId('comment-text').fill(text);
  await page.getByTestId('comment-submit').click();
}

test('a reader posts a comment and sees it at once, with the counts raised', async ({ page }) => {
  const site = await fresh();
  try {
    await page.goto(site.url + ARTICLE);
    await expect(page.getByTestId('comment-count')).toHaveText('0 Yorum');
    await expect(page.getByTestId('comments-heading')).toHaveText('Ziyaretçi Yorumları - 0 Yorum');
    await write(page, 'Deniz', 'Finalde başarılar!\nSalonda olacağız.');
    const comment = page.getByTestId('comment');
    await expect(comment).toHaveCount(1);
    await expect(comment.getByTestId('comment-author')).toHaveText('Deniz');
    await expect(comment).toContainText('Deniz dedi ki:');
    await expect(comment.getByTestId('comment-body')).toHaveText('Finalde başarılar!\nSalonda olacağız.');
    // Line breaks show as line breaks.
    const lines = await comment.getByTestId('comment-body').evaluate((e) => e.getClientRects()[0].height / parseFloat(getComputedStyle(e).lineHeight));
    expect(Math.round(lines)).toBe(2);
    await expect(page.getByTestId('comment-count')).toHaveText('1 Yorum');
    await expect(page.getByTestId('comments-heading')).toHaveText('Ziyaretçi Yorumları - 1 Yorum');
    await expect(page.getByTestId('comment-text')).toHaveValue('');
    await expect(page.getByTestId('comment-notice')).toHaveText('Yorumunuz yayımlandı.');
    // It is really stored: a reload shows it.
    await page.reload();
    await expect(page.getByTestId('comment')).toHaveCount(1);
    await expect(page.getByTestId('comment-count')).toHaveText('1 Yorum');
  } finally {
    await site.done();
  }
});

test('a reply sits under its comment, indented', async ({ page }) => {
  const site = await fresh();
  try {
    await page.goto(site.url + ARTICLE);
    await write(page, 'Ali', 'İlk yorum');
    await expect(page.getByTestId('comment')).toHaveCount(1);
    await write(page, 'Veli', 'İkinci yorum');
    await expect(page.getByTestId('comment')).toHaveCount(2);
    await page.getByTestId('comment').first().getByTestId('comment-reply').click();
    await expect(page.getByTestId('comment-reply-target')).toContainText('Ali');
    await expect(page.getByTestId('comment-text')).toBeFocused();
    await write(page, 'Ayşe', 'Ali\'ye yanıt');
    const comments = page.getByTestId('comment');
    await expect(comments).toHaveCount(3);
    await expect(comments.nth(1)).toContainText('Ali\'ye yanıt');
    await expect(comments.nth(1)).toHaveAttribute('data-depth', '2');
    const [top, reply] = await Promise.all([0, 1].map((i) => comments.nth(i).evaluate((e) => e.getBoundingClientRect().left)));
    expect(reply).toBeGreaterThan(top);
    await expect(page.getByTestId('comment-reply-target')).toBeHidden();
    // Still in place after a reload (the server threads it the same way).
    await page.reload();
    await expect(page.getByTestId('comment').nth(1)).toContainText('Ali\'ye yanıt');
    // Readable at 320 px.
    await page.setViewportSize({ width: 320, height: 640 });
    const [scroll, width] = await page.evaluate(() => [document.documentElement.scrollWidth, window.innerWidth]);
    expect(scroll).toBeLessThanOrEqual(width);
  } finally {
    await site.done();
  }
});

test('long threads load 20 at a time, and the order can be reversed', async ({ page, request }) => {
  const site = await fresh();
  try {
    for (let i = 1; i <= 25; i++) {
      const response = await request.post(`${site.url}/api/articles/${SLUG}/comments`, {
        data: { author_name: `Okur ${i}`, body: `Yorum numarası ${i}` },
      });
      expect(response.status()).toBe(201);
    }
    await page.goto(site.url + ARTICLE);
    const comments = page.getByTestId('comment');
    await expect(comments).toHaveCount(20);
    await expect(comments.first().getByTestId('comment-body')).toHaveText('Yorum numarası 1');
    await page.getByTestId('comments-load-more').click();
    await expect(comments).toHaveCount(25);
    await expect(comments.last().getByTestId('comment-body')).toHaveText('Yorum numarası 25');
    await expect(page.getByTestId('comments-load-more')).toBeHidden();
    await page.getByTestId('comments-order-desc').click();
    await expect(comments.first().getByTestId('comment-body')).toHaveText('Yorum numarası 25');
    await expect(comments).toHaveCount(20);
    await expect(page.getByTestId('comments-order-desc')).toHaveAttribute('aria-pressed', 'true');
  } finally {
    await site.done();
  }
});

test('a long thread shows five replies, then brings the rest on request', async ({ page, request }) => {
  const site = await fresh();
  try {
    const post = async (data) => {
      const response = await request.post(`${site.url}/api/articles/${SLUG}/comments`, { data });
      expect(response.status()).toBe(201);
      return (await response.json()).comment.id;
    };
    const root = await post({ author_name: 'Kök', body: 'Tartışmayı açıyorum' });
    for (let i = 1; i <= 12; i++) await post({ author_name: `Yanıt ${i}`, body: `Yanıt numarası ${i}`, parent_id: root });
    await page.goto(site.url + ARTICLE);
    const comments = page.getByTestId('comment');
    await expect(comments).toHaveCount(6);
    const more = page.getByTestId('comment-more-replies');
    await expect(more).toHaveText('Diğer yanıtlar (7)');
    await expect(comments.nth(5).getByTestId('comment-more-replies')).toHaveCount(1);
    // The reader's own reply shows at once and does not upset where the rest continue.
    await comments.first().getByTestId('comment-reply').click();
    await write(page, 'Okur', 'Benim yanıtım');
    await expect(comments).toHaveCount(7);
    await more.click();
    await expect(comments).toHaveCount(14);
    await expect(more).toHaveCount(0);
    const bodies = await comments.getByTestId('comment-body').allTextContents();
    for (let i = 1; i <= 12; i++) expect(bodies.filter((b) => b === `Yanıt numarası ${i}`)).toHaveLength(1);
    expect(bodies.filter((b) => b === 'Benim yanıtım')).toHaveLength(1);
  } finally {
    await site.done();
  }
});

test('rules are checked as the reader types and again by the server', async ({ page }) => {
  const site = await fresh();
  try {
    await page.goto(site.url + ARTICLE);
    await page.getByTestId('comment-submit').click();
    await expect(page.getByTestId('comment-name-error')).toHaveText('Bu alan gerekli.');
    await expect(page.getByTestId('comment-text-error')).toHaveText('Bu alan gerekli.');
    await expect(page.getByTestId('comment-error')).toContainText('Gönderilmedi');
    await page.getByTestId('comment-text').fill('a');
    await expect(page.getByTestId('comment-text-error')).toHaveText('En az 2 karakter yazın.');
    await expect(page.getByTestId('comment-counter')).toHaveText('1 / 5000');
    await page.getByTestId('comment-text').fill('x'.repeat(5001));
    await expect(page.getByTestId('comment-text-error')).toHaveText('En fazla 5000 karakter yazabilirsiniz.');
    await page.getByTestId('comment-email').fill('yanlış-adres');
    await expect(page.getByTestId('comment-email-error')).toContainText('e-posta');
    await expect(page.getByTestId('comment-email')).toHaveAttribute('aria-invalid', 'true');
    await page.getByTestId('comment-email').fill('');
    await expect(page.getByTestId('comment-email-error')).toHaveText('');
    await expect(page.getByTestId('comment')).toHaveCount(0);
  } finally {
    await site.done();
  }
});

test('markup in comments stays text', async ({ page }) => {
  const site = await fresh();
  try {
    await page.goto(site.url + ARTICLE);
    const payload = '<img src=x onerror="window.__pwned=1"><script>window.__pwned=1</script>';
    await write(page, `<b>${payload}</b>`, payload);
    const comment = page.getByTestId('comment');
    await expect(comment.getByTestId('comment-body')).toHaveText(payload);
    await expect(comment.getByTestId('comment-author')).toHaveText(`<b>${payload}</b>`);
    await expect(comment.locator('img, script, b')).toHaveCount(0);
    await page.reload();
    await expect(page.getByTestId('comment').getByTestId('comment-body')).toHaveText(payload);
    expect(await page.evaluate(() => window.__pwned)).toBeUndefined();
  } finally {
    await site.done();
  }
});

test('a double click posts once', async ({ page }) => {
  const site = await fresh();
  try {
    await page.goto(site.url + ARTICLE);
    // Slow the post down so both clicks land while it is in flight.
    await page.route('**/comments', async (route) => {
      if (route.request().method() === 'POST') await new Promise((r) => setTimeout(r, 400));
      await route.continue();
    });
    await page.getByTestId('comment-name').fill('Ali');
    await page.getByTestId('comment-text').fill('Bir kez gitmeli');
    await page.getByTestId('comment-submit').dblclick();
    await expect(page.getByTestId('comment-submit')).toBeDisabled();
    await expect(page.getByTestId('comment')).toHaveCount(1);
    await page.unroute('**/comments');
    await page.reload();
    await expect(page.getByTestId('comment')).toHaveCount(1);
    await expect(page.getByTestId('comment-count')).toHaveText('1 Yorum');
  } finally {
    await site.done();
  }
});

test('held comments say so, and do not appear', async ({ page }) => {
  const site = await fresh({ OKUR_MODERATION: 'all' });
  try {
    await page.goto(site.url + ARTICLE);
    await write(page, 'Ali', 'Onay bekleyecek');
    await expect(page.getByTestId('comment-notice')).toContainText('onayından sonra');
    await expect(page.getByTestId('comment')).toHaveCount(0);
    await expect(page.getByTestId('comment-count')).toHaveText('0 Yorum');
    await expect(page.getByTestId('comment-text')).toHaveValue('');
  } finally {
    await site.done();
  }
});

test('"remember me" keeps name and email after posting, otherwise they clear', async ({ page }) => {
  const site = await fresh();
  try {
    await page.goto(site.url + ARTICLE);
    await page.getByTestId('comment-email').fill('deniz@example.com');
    await page.getByTestId('comment-remember').check();
    await write(page, 'Deniz', 'Hatırla beni');
    await expect(page.getByTestId('comment')).toHaveCount(1);
    await expect(page.getByTestId('comment-name')).toHaveValue('Deniz');
    await page.goto(site.url + '/articles/kutuphane-gece-acik');
    await expect(page.getByTestId('comment-name')).toHaveValue('Deniz');
    await expect(page.getByTestId('comment-email')).toHaveValue('deniz@example.com');
    await page.getByTestId('comment-remember').uncheck();
    await write(page, 'Deniz', 'Artık unut');
    await expect(page.getByTestId('comment-notice')).toHaveText('Yorumunuz yayımlandı.');
    await expect(page.getByTestId('comment-name')).toHaveValue('');
    await page.reload();
    await expect(page.getByTestId('comment-name')).toHaveValue('');
    // The address is never shown.
    await expect(page.locator('body')).not.toContainText('deniz@example.com');
  } finally {
    await site.done();
  }
});

test('with the backend down the draft survives, even a reload, and posts once it is back', async ({ page }) => {
  page.expectConsoleErrors = true; // failed requests are logged by the browser
  const tmp = tempDir();
  const db = join(tmp.dir, 'okur.db');
  let server = await startServer({ db });
  try {
    await page.goto(server.url + ARTICLE);
    await expect(page.getByTestId('comment-form')).toBeVisible();
    await server.stop();
    await write(page, 'Ali', 'Bu metin kaybolmamalı');
    await expect(page.getByTestId('comment-error')).toContainText('sunucuya ulaşılamadı');
    await expect(page.getByTestId('comment-text')).toHaveValue('Bu metin kaybolmamalı');
    server = await startServer({ db, addr: `127.0.0.1:${server.port}` });
    await page.reload();
    await expect(page.getByTestId('comment-text')).toHaveValue('Bu metin kaybolmamalı');
    await expect(page.getByTestId('comment-name')).toHaveValue('Ali');
    await page.getByTestId('comment-submit').click();
    await expect(page.getByTestId('comment').getByTestId('comment-body')).toHaveText('Bu metin kaybolmamalı');
    await expect(page.getByTestId('comment-text')).toHaveValue('');
    expect(await page.evaluate((slug) => localStorage.getItem(`okur.draft.${slug}`), SLUG)).toBeNull();
    await page.reload();
    await expect(page.getByTestId('comment-text')).toHaveValue('');
    await expect(page.getByTestId('comment')).toHaveCount(1);
  } finally {
    await server.stop();
    tmp.remove();
  }
});

test('marks piled on a letter are refused, and a flood stored before the rule stays inside its comment', async ({ page, request }) => {
  const site = await fresh();
  try {
    await page.goto(site.url + ARTICLE);
    // More than six marks on one letter, a name of marks alone: refused in the form, which
    // keeps the draft and sends nothing.
    const flood = 'Zalgo a' + '\u0301\u0300'.repeat(4);
    await write(page, '\u0301'.repeat(20), flood);
    await expect(page.getByTestId('comment-text-error')).toHaveText('Bir harfin üzerinde en fazla 6 işaret olabilir.');
    await expect(page.getByTestId('comment-name-error')).toHaveText('Bu alan gerekli.');
    await expect(page.getByTestId('comment-text')).toHaveValue(flood);
    await expect(page.getByTestId('comment')).toHaveCount(0);

    // A flood stored before the rule (an older database, another store): whatever it draws
    // beyond the comment's box is clipped.
    const posted = await request.post(`${site.url}/api/articles/${SLUG}/comments`, { data: { author_name: 'Deniz', body: 'Eski bir yorum' } });
    expect(posted.status()).toBe(201);
    const { comment } = await posted.json();
    await site.stop();
    const sql = "UPDATE comments SET body = 'a' || replace(hex(zeroblob(4999)), '00', char(769)) WHERE id = ?";
    await promisify(execFile)('python3', ['-c', 'import sqlite3,sys; c=sqlite3.connect(sys.argv[1]); c.execute(sys.argv[2], (int(sys.argv[3]),)); c.commit()', site.db, sql, String(comment.id)]);
    const again = await startServer({ db: site.db, env: { OKUR_COMMENT_RATE_LIMIT: '1000' } });
    try {
      await page.goto(again.url + ARTICLE);
      const body = page.getByTestId('comment-body');
      await expect(body).toHaveCount(1);
      // In view: the comment section is only drawn near the viewport (content-visibility).
      await body.scrollIntoViewIfNeeded();
      // The strip just above the box, beyond the clip margin (the comment's own name line).
      const clip = await body.evaluate((e) => {
        const box = e.getBoundingClientRect();
        const margin = parseFloat(getComputedStyle(e).fontSize) * 0.25;
        return { x: box.x, y: window.scrollY + box.y - margin - 40, width: box.width, height: 40 };
      });
      const strip = () => page.screenshot({ clip, fullPage: true, animations: 'disabled' });
      const withMarks = await strip();
      const text = await body.evaluate((e) => e.textContent);
      expect([...text].length).toBe(5000);
      await body.evaluate((e) => (e.textContent = 'a'));
      const withoutMarks = await strip();
      expect(withMarks.equals(withoutMarks), 'no mark shows above the comment').toBe(true);
      // The control: unclipped, the same marks do draw there (so the comparison can fail).
      await body.evaluate((e, t) => {
        e.textContent = t;
        e.style.setProperty('overflow', 'visible');
      }, text);
      expect((await strip()).equals(withoutMarks), 'unclipped, the marks reach above').toBe(false);
    } finally {
      await again.stop();
    }
  } finally {
    await site.done();
  }
});
