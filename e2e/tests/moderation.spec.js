// Issue 12 end to end: a moderator signs in to /moderation (keyboard only) and approves a held
// comment while a reader's open article shows it live; comment links open the page that holds
// the comment, highlighted; the moderation page has no axe violations in either language.
import AxeBuilder from '@axe-core/playwright';
import { join } from 'node:path';
import { addModerator, expect, hydrated, startServer, tempDir, test } from './server.js';

const SLUG = 'liman-kenti-yesil-donusum';
const PASSWORD = 'gece vardiyası parolası';
const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22a', 'wcag22aa'];

/** A server on a fresh database with a moderator `ayse`; `env` for its settings. */
async function siteWithModerator(env = {}) {
  const tmp = tempDir();
  const db = join(tmp.dir, 'okur.db');
  const server = await startServer({ db, env: { OKUR_COMMENT_RATE_LIMIT: '1000', ...env } });
  await addModerator(db, 'ayse', PASSWORD);
  return { ...server, stop: async () => (await server.stop(), tmp.remove()) };
}

/** Posts a comment through the API; its answer (`{comment, status}`). */
async function post(request, site, body, parentId = null, name = 'Okur') {
  const response = await request.post(`${site.url}/api/articles/${SLUG}/comments`, {
    data: { author_name: name, body, parent_id: parentId },
  });
  expect([201, 202], await response.text()).toContain(response.status());
  return response.json();
}

/** The violations, each with the nodes that break it, for a readable failure. */
function summary(violations) {
  return violations.map((v) => `${v.id}: ${v.help}\n  ${v.nodes.map((n) => n.target.join(' ')).join('\n  ')}`);
}

/** Presses Tab until the focused element has this test id (a keyboard user's way there). */
async function tabTo(page, testid) {
  for (let i = 0; i < 60; i++) {
    await page.keyboard.press('Tab');
    if ((await page.evaluate(() => document.activeElement?.dataset?.testid)) === testid) return;
  }
  throw new Error(`Tab never reached ${testid}`);
}

/** Signs in on the moderation page with the keyboard alone. */
async function signInByKeyboard(page) {
  await expect(page.getByTestId('login-form')).toBeVisible();
  await tabTo(page, 'login-name');
  await page.keyboard.type('ayse');
  await page.keyboard.press('Tab');
  await page.keyboard.type(PASSWORD);
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('moderator-name')).toHaveText('ayse');
}

test('a moderator approves a held comment from the keyboard; an open article shows it live', async ({ page, browser, request }) => {
  const site = await siteWithModerator({ OKUR_MODERATION: 'all' });
  try {
    // A reader has the story open.
    await page.goto(`${site.url}/articles/${SLUG}`);
    const count = page.getByTestId('comment-count');
    const before = Number((await count.textContent()).match(/\d+/)[0]);
    const { comment, status } = await post(request, site, 'Bisiklet yolu okul önünden de geçmeli.', null, 'Selin');
    expect(status).toBe('pending');

    // A moderator, in another browser, signs in and finds it in the held queue.
    const desk = await (await browser.newContext()).newPage();
    await desk.goto(`${site.url}/moderation`);
    await signInByKeyboard(desk);
    const item = desk.getByTestId('queue-item').filter({ hasText: 'Bisiklet yolu okul önünden' });
    await expect(item).toBeVisible();
    await expect(item.getByTestId('queue-author')).toHaveText('Selin');
    await expect(item.getByTestId('queue-story')).toHaveText(/Liman kentinde yeşil dönüşüm/);
    await expect(page.getByTestId('comments-new')).toBeHidden();

    // Approved with the keyboard; the reader's page has it within 2 s, without a reload.
    await tabTo(desk, 'approve');
    await desk.keyboard.press('Enter');
    await expect(desk.getByTestId('moderation-status')).toHaveText(/1 yorum onaylandı/);
    await expect(page.getByTestId('comments-new')).toHaveText('1 yeni yorum', { timeout: 2_000 });
    await expect(count).toContainText(String(before + 1));
    await expect(page.getByTestId('comments-heading')).toContainText(String(before + 1));
    // Nothing moved until the reader asks; then it is there.
    await expect(page.locator(`#comment-${comment.id}`)).toHaveCount(0);
    await page.getByTestId('comments-new').click();
    await expect(page.locator(`#comment-${comment.id}`)).toContainText('Bisiklet yolu okul önünden de geçmeli.');
    await expect(page.getByTestId('comments-new')).toBeHidden();

    // The held queue is empty now; the audit trail has the decision; a batch works too.
    await expect(desk.getByTestId('queue-empty')).toBeVisible();
    const more = await Promise.all(['Bir', 'İki'].map((n) => post(request, site, `${n} numaralı yorum.`)));
    await desk.getByTestId('view-recent').click();
    await desk.getByTestId('view-held').click();
    await expect(desk.getByTestId('queue-item')).toHaveCount(2);
    await desk.getByTestId('select-all').check();
    await expect(desk.getByTestId('selected-count')).toHaveText('2 yorum seçili');
    await desk.getByTestId('batch-reject').click();
    await expect(desk.getByTestId('moderation-status')).toHaveText('2 yorum reddedildi.');
    await desk.getByTestId('view-log').click();
    await expect(desk.getByTestId('audit-line')).toHaveCount(3);
    await expect(desk.getByTestId('audit-line').last()).toContainText('onayladı');
    await expect(desk.getByTestId('audit-line').first()).toContainText('reddetti');
    await expect(desk.getByTestId('audit-trail')).toContainText(`Yorum ${more[0].comment.id}`);

    // Signing out ends the session: the API answers 401 to the same browser.
    await desk.getByTestId('logout').click();
    await expect(desk.getByTestId('login-form')).toBeVisible();
    expect((await desk.request.get(`${site.url}/api/moderation/comments`)).status()).toBe(401);
    await desk.context().close();
  } finally {
    // The reader's live stream goes before the server does (else Chromium logs a cut stream).
    await page.close();
    await site.stop();
  }
});

test('a link to a comment deep in a long thread, or on the third page of threads, opens it highlighted', async ({ page, request, context }) => {
  const site = await siteWithModerator();
  try {
    const threads = [];
    for (let i = 0; i < 45; i++) threads.push((await post(request, site, `Konu ${i}: sahil yolu.`)).comment.id);
    const root = threads[0];
    const replies = [];
    for (let i = 0; i < 60; i++) replies.push((await post(request, site, `Yanıt ${i}.`, root)).comment.id);
    // The thread shows 5 replies inline and 50 more per page: reply 57 is on its third page.
    const deep = replies[57];

    // WordPress's form of the link, a bare anchor: the page that holds it is loaded.
    await page.goto(`${site.url}/articles/${SLUG}#comment-${deep}`);
    const target = page.locator(`#comment-${deep}`);
    await expect(target).toHaveAttribute('data-highlighted', '');
    await expect(target).toBeInViewport();
    await expect(target).toBeFocused();
    await expect(page).toHaveURL(new RegExp(`\\?comment=${deep}#comment-${deep}$`));

    // A thread on the third page of threads, by the link the "link" action copies.
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: site.url });
    // Two demo threads come first: thread 40 is the 43rd, on the third page of 20.
    const last = threads[40];
    await page.goto(`${site.url}/articles/${SLUG}?comment=${last}#comment-${last}`);
    await expect(page.locator(`#comment-${last}`)).toHaveAttribute('data-highlighted', '');
    await expect(page.locator(`#comment-${threads[0]}`)).toHaveCount(0);
    const other = page.getByTestId('comment').nth(1);
    const otherId = (await other.getAttribute('id')).replace('comment-', '');
    await other.getByTestId('comment-link').click();
    await expect(page.getByTestId('comment-link-notice')).toHaveText('Bağlantı kopyalandı.');
    await expect(other).toHaveAttribute('data-highlighted', '');
    await expect(page.locator(`#comment-${last}`)).not.toHaveAttribute('data-highlighted', '');
    const copied = await page.evaluate(() => navigator.clipboard.readText());
    expect(copied).toBe(`${site.url}/articles/${SLUG}?comment=${otherId}#comment-${otherId}`);
    await expect(page).toHaveURL(copied);

    // Within the app: a link on another page to a comment there moves to it.
    await page.goto(`${site.url}/`);
    await page.evaluate((href) => {
      const a = Object.assign(document.createElement('a'), { href, textContent: 'the comment' });
      document.querySelector('main').append(a);
    }, `/articles/${SLUG}#comment-${threads[3]}`);
    await page.getByRole('link', { name: 'the comment' }).click();
    await expect(page.locator(`#comment-${threads[3]}`)).toHaveAttribute('data-highlighted', '');
    await expect(page.locator(`#comment-${threads[3]}`)).toBeInViewport();
  } finally {
    await page.close();
    await site.stop();
  }
});

for (const locale of ['tr', 'en']) {
  test(`the moderation page has no axe violations (${locale})`, async ({ page, request }) => {
    // Comments with a link wait: one on its own, one a reply (shown with what it answers).
    const site = await siteWithModerator({ OKUR_MODERATION: 'links' });
    // Asking whether someone is signed in, and a wrong password, are answered 401, which
    // Chromium logs; CSP violations and page errors still fail the test.
    page.expectConsoleErrors = true;
    try {
      const { comment } = await post(request, site, 'Yayımlanan bir yorum, bağlantısız.');
      expect((await post(request, site, 'Ayrıntılar: https://example.org/harita', comment.id)).status).toBe('pending');
      expect((await post(request, site, 'Bakınız https://example.org/plan')).status).toBe('pending');
      await page.context().addCookies([{ name: 'okur_lang', value: locale, url: site.url }]);
      await page.goto(`${site.url}/moderation`);
      await expect(page.locator('html')).toHaveAttribute('lang', locale);
      await expect(page.getByTestId('login-form')).toBeVisible();
      const signIn = await new AxeBuilder({ page }).withTags(TAGS).analyze();
      expect(summary(signIn.violations), 'sign-in form').toEqual([]);
      // A wrong password: the same answer as an unknown name, and the form says so.
      await page.getByTestId('login-name').fill('ayse');
      await page.getByTestId('login-password').fill('yanlış parola yanlış');
      await page.getByTestId('login-submit').click();
      await expect(page.getByTestId('login-error')).not.toBeEmpty();
      const failed = await new AxeBuilder({ page }).withTags(TAGS).analyze();
      expect(summary(failed.violations), 'sign-in form with its error').toEqual([]);

      await signInByKeyboard(page);
      await expect(page.getByTestId('queue-item')).toHaveCount(2);
      await page.getByTestId('queue-select').first().check();
      const held = await new AxeBuilder({ page }).withTags(TAGS).analyze();
      expect(summary(held.violations), 'held queue').toEqual([]);
      // Any story can be closed, with or without comments in the queue.
      await page.getByTestId('view-stories').click();
      const story = page.locator(`[data-testid=story][data-slug=${SLUG}]`);
      await expect(story.getByTestId('story-held')).toHaveText('2');
      const stories = await new AxeBuilder({ page }).withTags(TAGS).analyze();
      expect(summary(stories.violations), 'stories').toEqual([]);
      await story.getByTestId('story-toggle').click();
      await expect(story.getByTestId('story-state')).toHaveText(locale === 'tr' ? 'kapalı' : 'closed');
      await expect(page.getByTestId('moderation-status')).toContainText(locale === 'tr' ? 'kapatıldı' : 'closed to comments');
      expect((await post(request, site, 'Kapalı habere yorum.').catch((e) => e)).message).toContain('403');
      await page.getByTestId('view-log').click();
      await expect(page.getByTestId('audit-line')).toHaveCount(1);
      await expect(page.getByTestId('audit-line')).toContainText(SLUG);
      const log = await new AxeBuilder({ page }).withTags(TAGS).analyze();
      expect(summary(log.violations), 'audit trail').toEqual([]);
    } finally {
      await site.stop();
    }
  });
}

test('a moderator comments with a badge no reader can take, nor their name', async ({ page, browser }) => {
  const site = await siteWithModerator();
  try {
    // A reader who writes the moderator's name with a Cyrillic а is told so on the name field,
    // and keeps the draft.
    await page.goto(`${site.url}/articles/${SLUG}`);
    await page.getByTestId('comment-name').fill('\u0430yse');
    await page.getByTestId('comment-text').fill('Ben de moderatörüm.');
    page.expectConsoleErrors = true; // the browser logs the 422
    await page.getByTestId('comment-submit').click();
    await expect(page.getByTestId('comment-name-error')).toHaveText(
      'Bu ad sitenin, bir yazarın ya da bir moderatörün adına benziyor; başka bir ad yazın.',
    );
    page.expectConsoleErrors = false;
    await expect(page.getByTestId('comment-text')).toHaveValue('Ben de moderatörüm.');

    // The moderator, signed in, comments from the article under their own name.
    const desk = await (await browser.newContext()).newPage();
    await desk.goto(`${site.url}/moderation`);
    await signInByKeyboard(desk);
    await desk.goto(`${site.url}/articles/${SLUG}`);
    await hydrated(desk);
    await desk.getByTestId('comment-name').fill('ayse');
    await desk.getByTestId('comment-text').fill('Kurallara uyan herkesin yorumu yayımlanır.');
    await desk.getByTestId('comment-submit').click();
    await expect(desk.getByTestId('comment-notice')).toHaveText('Yorumunuz yayımlandı.');

    // Every reader sees the badge beside the name, drawn in the page's language.
    const badge = (p, author) =>
      p.getByTestId('comment').filter({ hasText: author }).getByTestId('comment-author')
        .evaluate((e) => getComputedStyle(e, '::after').content);
    await page.reload();
    expect(await badge(page, 'Kurallara uyan')).toBe('"Moderatör"');
    expect(await badge(page, 'Mert K.')).toBe('none');
    await page.context().addCookies([{ name: 'okur_lang', value: 'en', url: site.url }]);
    await page.reload();
    expect(await badge(page, 'Kurallara uyan')).toBe('"Moderator"');
  } finally {
    await site.stop();
  }
});

test('three readers report a comment until it leaves the page; the moderator sees why, keeps it and picks it', async ({ page, browser, request }) => {
  // Readers are told apart by address, as behind the site's own proxy.
  const site = await siteWithModerator({ OKUR_TRUSTED_PROXIES: '127.0.0.1' });
  const readers = [];
  try {
    const { comment } = await post(request, site, 'Ucuz saat için bağlantıya tıklayın.', null, 'Reklamcı');
    const at = `#comment-${comment.id}`;
    // A reader who only watches, live.
    await page.goto(`${site.url}/articles/${SLUG}`);
    await hydrated(page);
    await expect(page.locator(at)).toBeVisible();
    for (const [n, reason] of [[1, 'spam'], [2, 'abuse'], [3, 'spam']]) {
      const context = await browser.newContext({ extraHTTPHeaders: { 'x-forwarded-for': `10.0.0.${n}` } });
      const reader = await context.newPage();
      readers.push(reader);
      await reader.goto(`${site.url}/articles/${SLUG}`);
      await reader.locator(at).getByTestId('comment-report').click();
      const dialog = reader.getByTestId('report-dialog');
      await expect(dialog).toBeVisible();
      await expect(dialog.getByRole('heading')).toHaveText('Yorumu bildir');
      if (n == 1) {
        const results = await new AxeBuilder({ page: reader }).withTags(TAGS).analyze();
        expect(summary(results.violations)).toEqual([]);
      }
      await dialog.getByTestId(`report-${reason}`).check();
      if (n == 2) await dialog.getByTestId('report-note').fill('Her haberin altına aynı reklam.');
      await dialog.getByTestId('report-send').click();
      await expect(dialog.getByTestId('report-status')).toHaveText('Bildiriminiz alındı; moderatörler bakacak.');
      await dialog.getByTestId('report-close').click();
      await expect(dialog).toHaveCount(0);
      // Nothing of a report is shown to readers; the comment stays until the third.
      if (n < 3) {
        await expect(reader.locator(at).getByTestId('comment-report')).toBeFocused();
        await expect(page.locator(at)).toBeVisible();
      }
    }
    // The third report holds it: it leaves the open page at once, and the count drops.
    await expect(page.locator(at)).toHaveCount(0);
    await expect(page.getByTestId('comment-count')).toHaveText('2 Yorum');
    await page.reload();
    await expect(page.locator(at)).toHaveCount(0);

    // The moderator finds it under "Reported", with the reasons, counts and the note.
    const desk = await (await browser.newContext()).newPage();
    await desk.goto(`${site.url}/moderation`);
    await signInByKeyboard(desk);
    await desk.getByTestId('view-reported').click();
    const item = desk.getByTestId('queue-item').filter({ hasText: 'Ucuz saat' });
    await expect(item.getByTestId('queue-report')).toHaveText(['Spam: 2 okur', 'Hakaret ya da taciz: 1 okurHer haberin altına aynı reklam.']);
    const results = await new AxeBuilder({ page: desk }).withTags(TAGS).analyze();
    expect(summary(results.violations)).toEqual([]);
    // Kept: the reports are answered and it is back; the queue is empty.
    await item.getByTestId('approve').click();
    await expect(desk.getByTestId('moderation-status')).toHaveText('1 yorum onaylandı.');
    await expect(desk.getByTestId('queue-empty')).toHaveText('Bildirilen yorum yok.');

    // Picked from the recent ones: marked, first in the strip above the threads, linking to it.
    await desk.getByTestId('view-recent').click();
    const recent = desk.getByTestId('queue-item').filter({ hasText: 'Ucuz saat' });
    await recent.getByTestId('pick').click();
    await expect(desk.getByTestId('moderation-status')).toHaveText('1 yorum editörün seçimi oldu.');
    await expect(recent.getByTestId('queue-picked')).toHaveText('Editörün seçimi');
    await expect(recent.getByTestId('unpick')).toBeVisible();
    await page.reload();
    await hydrated(page);
    const strip = page.getByTestId('comment-picks');
    await expect(strip.getByRole('heading')).toHaveText('Editörün seçimleri');
    await expect(strip.getByTestId('comment-pick')).toHaveText('Reklamcı');
    const mark = await page.locator(`${at} > .comment__meta`).evaluate((e) => getComputedStyle(e, '::before').content);
    expect(mark).toBe('"★ Editörün seçimi"');
    await strip.getByTestId('comment-pick').click();
    await expect(page).toHaveURL(new RegExp(`${at}$`));
    await expect(page.locator(at)).toBeInViewport();
    const axe = await new AxeBuilder({ page }).withTags(TAGS).analyze();
    expect(summary(axe.violations)).toEqual([]);
    await desk.context().close();
  } finally {
    for (const reader of readers) await reader.context().close();
    await page.close();
    await site.stop();
  }
});

for (const locale of ['tr', 'en']) {
  test(`an admin adds an editor in the browser, who sees no comment views; axe (${locale})`, async ({ browser }) => {
    const tmp = tempDir();
    const db = join(tmp.dir, 'okur.db');
    const site = await startServer({ db });
    try {
      await addModerator(db, 'ayse', PASSWORD);
      await addModerator(db, 'can', PASSWORD, 'admin');
      const context = await browser.newContext();
      await context.addCookies([{ name: 'okur_lang', value: locale, url: site.url }]);
      const admin = await context.newPage();
      await admin.goto(`${site.url}/moderation`);
      await admin.getByTestId('login-name').fill('can');
      await admin.getByTestId('login-password').fill(PASSWORD);
      await admin.getByTestId('login-password').press('Enter');
      await admin.getByTestId('view-staff').click();
      await expect(admin.getByTestId('staff-member')).toHaveCount(2);
      await admin.getByTestId('staff-name').fill('deniz');
      await admin.getByTestId('staff-new-role').selectOption('editor');
      await admin.getByTestId('staff-password').fill(PASSWORD);
      await admin.getByTestId('staff-add-submit').click();
      await expect(admin.getByTestId('staff-member')).toHaveCount(3);
      const deniz = admin.locator('[data-testid=staff-member][data-name=deniz]');
      await expect(deniz.getByTestId('staff-role')).toHaveValue('editor');
      // Their own row cannot be changed or removed.
      await expect(admin.locator('[data-testid=staff-member][data-name=can]').getByTestId('staff-remove')).toBeDisabled();
      const results = await new AxeBuilder({ page: admin }).withTags(TAGS).analyze();
      expect(summary(results.violations)).toEqual([]);

      // The editor signs in: no comment views.
      const editor = await (await browser.newContext()).newPage();
      await editor.goto(`${site.url}/moderation`);
      await editor.getByTestId('login-name').fill('deniz');
      await editor.getByTestId('login-password').fill(PASSWORD);
      await editor.getByTestId('login-password').press('Enter');
      await expect(editor.getByTestId('newsroom')).toBeVisible();
      await expect(editor.getByTestId('view-held')).toHaveCount(0);
      // Made a moderator by the admin, they moderate after a reload.
      await deniz.getByTestId('staff-role').selectOption('moderator');
      await expect(admin.getByTestId('moderation-status')).not.toBeEmpty();
      await editor.reload();
      await expect(editor.getByTestId('view-held')).toBeVisible();
      // Removed, their session ends.
      await admin.locator('[data-testid=staff-member][data-name=deniz]').getByTestId('staff-remove').click();
      await expect(admin.getByTestId('staff-member')).toHaveCount(2);
      await editor.reload();
      await expect(editor.getByTestId('login-form')).toBeVisible();
    } finally {
      await site.stop();
      tmp.remove();
    }
  });
}
