// Issue 23: reply emails as a reader meets them, against a real SMTP server (aiosmtpd from the
// test venv, its messages read from a folder): the checkbox offered only where the site sends
// email and only with an address; the confirmation email and its link; the reply's email and
// its link to the reply; the stop page; axe in both languages. Each test runs its own server.
import AxeBuilder from '@axe-core/playwright';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { addModerator, expect, freePort, hydrated, startServer, tempDir, test } from './server.js';
import { startSmtpSink } from './smtp.js';

const SLUG = 'genc-takim-final'; // no demo comments
const ARTICLE = `/articles/${SLUG}`;
const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22a', 'wcag22aa'];

/** An SMTP server keeping every message in a folder; `mails()` reads them, oldest first. */
async function smtpSink(dir) {
  const { port, stop } = await startSmtpSink(dir);
  const mails = () =>
    readdirSync(dir)
      .filter((f) => f.endsWith('.json'))
      .sort()
      .map((f) => JSON.parse(readFileSync(join(dir, f), 'utf8')));
  return { port, mails, stop };
}

/** A site that sends email through a sink of its own. */
async function mailSite() {
  const tmp = tempDir();
  const sink = await smtpSink(tmp.dir);
  const port = await freePort();
  const db = join(tmp.dir, 'okur.db');
  const server = await startServer({
    db,
    addr: `127.0.0.1:${port}`,
    env: {
      OKUR_SMTP_URL: `smtp://127.0.0.1:${sink.port}`,
      OKUR_MAIL_FROM: 'Haber <haber@example.com>',
      OKUR_PUBLIC_URL: `http://127.0.0.1:${port}`,
      OKUR_COMMENT_RATE_LIMIT: '1000',
    },
  });
  return { ...server, db, sink, done: async () => { await server.stop(); sink.stop(); tmp.remove(); } };
}

/** The first email to `to` that `matches`, once it has come. */
async function mailTo(sink, to, matches = () => true) {
  let found;
  await expect
    .poll(() => (found = sink.mails().find((m) => m.to.includes(to) && matches(m))), { timeout: 15_000 })
    .toBeTruthy();
  return found;
}

/** The first link in an email's text that starts with `prefix`. */
function link(mail, prefix) {
  return mail.text.split(/\s+/).find((word) => word.startsWith(prefix));
}

test('a reader asks for replies, confirms from the email, and gets the reply by email', async ({ browser }) => {
  const site = await mailSite();
  try {
    const page = await (await browser.newContext()).newPage();
    await page.goto(site.url + ARTICLE);
    await hydrated(page);
    const notify = page.getByTestId('comment-notify');
    // Offered, and usable once there is an address.
    await expect(notify).toBeVisible();
    await expect(notify).toBeDisabled();
    await page.getByTestId('comment-name').fill('Ayşe');
    await page.getByTestId('comment-email').fill('ayse@example.com');
    await expect(notify).toBeEnabled();
    await expect(page.getByText('Yanıtlar e-postayla gelsin')).toBeVisible();
    await notify.check();
    await page.getByTestId('comment-text').fill('Maçı izleyen var mı?');
    await page.getByTestId('comment-submit').click();
    await expect(page.getByTestId('comment-notice')).toContainText('gönderdiğimiz bağlantıyı açın');
    const mine = page.getByTestId('comment').first();
    const id = Number((await mine.getAttribute('id')).replace('comment-', ''));

    // The confirmation: nothing else comes before its link is followed.
    const confirmation = await mailTo(site.sink, 'ayse@example.com');
    expect(confirmation.subject).toBe('E-posta adresinizi onaylayın');
    expect(confirmation.list_unsubscribe_post).toBe('List-Unsubscribe=One-Click');
    const confirm = link(confirmation, `${site.url}/mail/confirm/`);
    const mailPage = await (await browser.newContext()).newPage();
    await mailPage.goto(confirm);
    await expect(mailPage.getByTestId('mail-heading')).toHaveText('E-posta adresiniz onaylandı');
    expect((await new AxeBuilder({ page: mailPage }).withTags(TAGS).analyze()).violations).toEqual([]);

    // Another reader replies: Ayşe's email names them, quotes them and links to the reply.
    const answer = await page.request.post(`${site.url}/api/articles/${SLUG}/comments`, {
      data: { author_name: 'Mehmet <b>', body: 'Ben izledim, <i>harikaydı</i>.', parent_id: id },
    });
    expect(answer.status()).toBe(201);
    const reply = (await answer.json()).comment;
    const email = await mailTo(site.sink, 'ayse@example.com', (m) => m.text.includes('harikaydı'));
    expect(email.subject).toContain('Yorumunuza yanıt');
    expect(email.text).toContain('Mehmet <b>, "');
    expect(email.html).toContain('Mehmet &lt;b&gt;');
    expect(email.html).not.toContain('<i>harikaydı');
    expect(email.list_unsubscribe).toMatch(new RegExp(`^<${site.url}/mail/stop/[A-Za-z0-9_-]+>$`));
    const toReply = link(email, `${site.url}${ARTICLE}?comment=`);
    expect(toReply).toBe(`${site.url}${ARTICLE}?comment=${reply.id}#comment-${reply.id}`);
    await mailPage.goto(toReply);
    await hydrated(mailPage);
    await expect(mailPage.locator(`#comment-${reply.id}`)).toBeVisible();

    // The email's stop link asks first; its button stops the replies to this comment.
    await mailPage.goto(link(email, `${site.url}/mail/stop/`));
    await expect(mailPage.getByTestId('mail-heading')).toHaveText('Yanıt e-postalarını durdurun');
    expect((await new AxeBuilder({ page: mailPage }).withTags(TAGS).analyze()).violations).toEqual([]);
    await mailPage.getByTestId('mail-stop').click();
    await expect(mailPage.getByTestId('mail-heading')).toHaveText('Durduruldu');
    const before = site.sink.mails().length;
    await page.request.post(`${site.url}/api/articles/${SLUG}/comments`, {
      data: { author_name: 'Mehmet', body: 'Bir yanıt daha.', parent_id: id },
    });
    await page.waitForTimeout(2500);
    expect(site.sink.mails().length).toBe(before);
  } finally {
    await site.done();
  }
});

for (const locale of ['tr', 'en']) {
  test(`the reply-email checkbox passes axe and reads right (${locale})`, async ({ browser }) => {
    const site = await mailSite();
    try {
      const context = await browser.newContext();
      await context.addCookies([{ name: 'okur_lang', value: locale, url: site.url }]);
      const page = await context.newPage();
      await page.goto(site.url + ARTICLE);
      await hydrated(page);
      await page.getByTestId('comment-email').fill('deniz@example.com');
      const words = locale === 'tr' ? 'Yanıtlar e-postayla gelsin' : 'Email me replies';
      await expect(page.getByLabel(words)).toBeEnabled();
      expect((await new AxeBuilder({ page }).withTags(TAGS).analyze()).violations).toEqual([]);
    } finally {
      await site.done();
    }
  });
}

test('without email the checkbox is not offered', async ({ page }) => {
  await page.goto(ARTICLE);
  await expect(page.getByTestId('comment-notify')).toBeHidden();
});

test('a moderator asks for held-comment emails and confirms the address', async ({ browser }) => {
  const site = await mailSite();
  try {
    await addModerator(site.db, 'ayse', 'gece vardiyası parolası');
    const desk = await (await browser.newContext()).newPage();
    await desk.goto(`${site.url}/moderation`);
    await desk.getByTestId('login-name').fill('ayse');
    await desk.getByTestId('login-password').fill('gece vardiyası parolası');
    await desk.getByTestId('login-password').press('Enter');
    await desk.getByTestId('view-settings').click();
    await expect(desk.getByTestId('held-mail-state')).toHaveText('Onay bekleyen yorumlar için e-posta gönderilmiyor.');
    await desk.getByTestId('held-mail').fill('ayse@example.com');
    await desk.getByTestId('held-mail-save').click();
    await expect(desk.getByTestId('moderation-status')).toHaveText('Kaydedildi.');
    await expect(desk.getByTestId('held-mail-state')).toContainText('onay bağlantısı bekleniyor');
    expect((await new AxeBuilder({ page: desk }).withTags(TAGS).analyze()).violations).toEqual([]);
    const confirmation = await mailTo(site.sink, 'ayse@example.com');
    expect(confirmation.text).toContain('onay bekleyen yorumların bildirimleri');
    const page = await (await browser.newContext()).newPage();
    await page.goto(link(confirmation, `${site.url}/mail/confirm/`));
    await expect(page.getByTestId('mail-heading')).toHaveText('E-posta adresiniz onaylandı');
    await expect(page.getByTestId('mail-text')).toContainText('Onay bekleyen yorumlar');
    await desk.getByTestId('view-log').click();
    await desk.getByTestId('view-settings').click();
    await expect(desk.getByTestId('held-mail-state')).toHaveText('Onay bekleyen yorumlar birkaç dakikada bir, tek e-postada gelir.');
  } finally {
    await site.done();
  }
});
