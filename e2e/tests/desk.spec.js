// Issue 24 end to end: the newsroom desk at /desk. An editor writes a story with a link and a photo,
// previews it as readers will see it, publishes it and finds it on the front page; a second
// editor's save conflicts visibly and neither text is lost; a correction shows its note on the
// article; a text typed while the server is down survives a reload; axe in both languages.
import AxeBuilder from '@axe-core/playwright';
import { join } from 'node:path';
import { photograph } from './photo.js';
import { addModerator, expect, startServer, tempDir, test } from './server.js';

const PASSWORD = 'gece vardiyası parolası';
const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22a', 'wcag22aa'];

/** A server on a fresh database with editors `elif` and `mert`. */
async function newsroom() {
  const tmp = tempDir();
  const db = join(tmp.dir, 'okur.db');
  const server = await startServer({ db });
  await addModerator(db, 'elif', PASSWORD, 'editor');
  await addModerator(db, 'mert', PASSWORD, 'editor');
  return { url: server.url, port: server.port, server, db, tmp, stop: async () => (await server.stop(), tmp.remove()) };
}

/** Signs in at the desk as `name`, in `locale`. */
async function signIn(browser, site, name, locale = 'tr') {
  const context = await browser.newContext();
  await context.addCookies([{ name: 'okur_lang', value: locale, url: site.url }]);
  const page = await context.newPage();
  await page.goto(`${site.url}/desk`);
  await page.getByTestId('login-name').fill(name);
  await page.getByTestId('login-password').fill(PASSWORD);
  await page.getByTestId('login-password').press('Enter');
  await expect(page.getByTestId('newsroom')).toBeVisible();
  return page;
}

/** The violations, each with the nodes that break it, for a readable failure. */
function summary(violations) {
  return violations.map((v) => `${v.id}: ${v.help}\n  ${v.nodes.map((n) => n.target.join(' ')).join('\n  ')}`);
}

/** Selects `words` in a text area (as a mouse or Shift+arrows would). */
async function select(area, words) {
  await area.evaluate((el, words) => {
    const at = el.value.indexOf(words);
    el.focus();
    el.setSelectionRange(at, at + words.length);
  }, words);
}

/** Waits until the status line says the text is on the server. */
async function keptOnServer(page) {
  await expect(page.getByTestId('kept')).toContainText(/Sunucuya kaydedildi|Saved on the server/, { timeout: 10_000 });
}

/** Opens a story from the list by words of its title. */
async function open(page, words, slug) {
  await page.getByTestId('filter-words').fill(words);
  await page.getByTestId('filter-apply').click();
  await page.locator(`[data-testid=desk-story][data-slug="${slug}"]`).getByTestId('open-story').click();
  await expect(page.getByTestId('story-editor')).toBeVisible();
}

for (const locale of ['tr', 'en']) {
  test(`an editor writes a story with a link and a photo, previews it and publishes it to the front page; axe (${locale})`, async ({ browser }) => {
    const site = await newsroom();
    try {
      const page = await signIn(browser, site, 'elif', locale);
      const listAxe = await new AxeBuilder({ page }).withTags(TAGS).analyze();
      expect(summary(listAxe.violations)).toEqual([]);
      await page.getByTestId('new-story').click();
      await expect(page.getByTestId('story-editor')).toBeVisible();
      const slug = `kiyida-gece-pazari-${locale}`;
      await page.getByTestId('field-title').fill('Kıyıda gece pazarı açılıyor');
      await page.getByTestId('field-slug').fill(slug);
      await page.getByTestId('field-summary').fill('Sahil yolunda cuma akşamları pazar kurulacak.');
      await page.getByTestId('field-category').fill('Gündem');
      await page.getByTestId('add-paragraph').click();
      const text = page.getByTestId('block').last().getByTestId('block-text');
      await text.fill('Ayrıntılar belediyenin duyurusunda, tezgâhlar yerel üreticilere ayrıldı.');
      // A link by the toolbar, emphasis by the keyboard.
      await select(text, 'belediyenin duyurusunda');
      page.once('dialog', (dialog) => dialog.accept('https://belediye.example/pazar'));
      await page.getByTestId('block').last().getByTestId('mark-link').click();
      await select(text, 'yerel üreticilere');
      await page.keyboard.press('Control+i');
      await expect(text).toHaveValue(
        'Ayrıntılar [belediyenin duyurusunda](https://belediye.example/pazar), tezgâhlar *yerel üreticilere* ayrıldı.',
      );
      // A photograph from the computer as the lead image: its address comes back from the upload.
      await page.getByTestId('field-image-upload').setInputFiles(await photograph(page));
      await expect(page.getByTestId('field-image')).toHaveValue(/^\/media\/[0-9a-f]{20}-1280\.jpg$/, { timeout: 15_000 });
      await expect(page.locator('#field-image-upload-status')).toHaveText(/Görsel yüklendi|Picture uploaded/);
      await page.getByTestId('field-image_alt').fill('Sahil yolunda kurulan tezgâhlar');
      await keptOnServer(page);
      // The preview is the reader's page, at a phone's width.
      await page.getByTestId('preview-phone').click();
      const frame = page.frameLocator('[data-testid=preview-frame]');
      await expect(frame.getByTestId('article-title')).toHaveText('Kıyıda gece pazarı açılıyor');
      await expect(frame.locator('.figure--lead picture source[type="image/webp"]')).toHaveAttribute('srcset', /-320\.webp 320w, .*-1280\.webp 1280w$/);
      await expect(frame.locator('a[href="https://belediye.example/pazar"]')).toHaveText('belediyenin duyurusunda');
      await expect(frame.locator('[data-testid=article-body] em')).toHaveText('yerel üreticilere');
      const editorAxe = await new AxeBuilder({ page }).withTags(TAGS).exclude('[data-testid=preview-frame]').analyze();
      expect(summary(editorAxe.violations)).toEqual([]);
      await page.getByTestId('publish').click();
      await expect(page.getByTestId('moderation-status')).toContainText(/Haber yayında|The story is published/);
      await expect(page.getByTestId('update')).toBeVisible();
      // Readers find it on the front page, its link leading out with rel=noopener.
      const reader = await (await browser.newContext()).newPage();
      await reader.goto(`${site.url}/`);
      await expect(reader.getByTestId('lead-story')).toContainText('Kıyıda gece pazarı açılıyor');
      await reader.goto(`${site.url}/articles/${slug}`);
      const link = reader.locator('[data-testid=article-body] a[href="https://belediye.example/pazar"]');
      await expect(link).toHaveAttribute('rel', 'noopener');
      // The photograph, as a phone would take it: WebP at a width near the screen's, first.
      const lead = reader.locator('.figure--lead img');
      await expect(lead).toHaveAttribute('fetchpriority', 'high');
      await expect(lead).toHaveAttribute('width', '1280');
      await expect(lead).toHaveAttribute('height', '720');
      await expect.poll(() => lead.evaluate((img) => img.complete && img.naturalWidth)).toBeGreaterThan(0);
      expect(await lead.evaluate((img) => img.currentSrc)).toMatch(/-\d+\.webp$/);
      await reader.context().close();
      await page.context().close();
    } finally {
      await site.stop();
    }
  });
}

test('a second editor saving over a changed story sees both texts and loses neither', async ({ browser }) => {
  const site = await newsroom();
  try {
    const elif = await signIn(browser, site, 'elif');
    const mert = await signIn(browser, site, 'mert');
    await open(elif, 'genc-takim-final', 'genc-takim-final');
    await open(mert, 'genc-takim-final', 'genc-takim-final');
    await elif.getByTestId('field-title').fill('Elif\'in başlığı');
    await keptOnServer(elif);
    await mert.getByTestId('field-summary').fill('Mert\'in özeti.');
    const conflict = mert.getByTestId('conflict');
    await expect(conflict).toBeVisible({ timeout: 10_000 });
    await expect(conflict.getByTestId('conflict-theirs')).toContainText('Elif\'in başlığı');
    await expect(conflict.getByTestId('conflict-mine')).toContainText('Mert\'in özeti.');
    // Mert keeps his text, now made on Elif's version: it reaches the server.
    await conflict.getByTestId('keep-mine').click();
    await expect(conflict).toHaveCount(0);
    await keptOnServer(mert);
    await expect(mert.getByTestId('field-summary')).toHaveValue('Mert\'in özeti.');
    await elif.context().close();
    await mert.context().close();
  } finally {
    await site.stop();
  }
});

test('a correction shows its note on the article, and the history its difference', async ({ browser }) => {
  const site = await newsroom();
  try {
    const page = await signIn(browser, site, 'elif');
    await open(page, 'genc-takim-final', 'genc-takim-final');
    await page.getByTestId('field-title').fill('Genç takım finalde: skor düzeltildi');
    await page.getByTestId('field-correction').fill('İlk sürümde skor yanlış yazılmıştı.');
    await page.getByTestId('update').click();
    await expect(page.getByTestId('moderation-status')).toContainText('Haber yayında');
    await page.getByTestId('show-history').click();
    await expect(page.getByTestId('revision')).toHaveCount(2);
    await page.getByTestId('revision').first().getByTestId('show-diff').click();
    await expect(page.getByTestId('diff').locator('ins')).toContainText('Başlık: Genç takım finalde: skor düzeltildi');
    const reader = await (await browser.newContext()).newPage();
    await reader.goto(`${site.url}/articles/genc-takim-final`);
    await expect(reader.getByTestId('article-correction')).toContainText('Düzeltme: İlk sürümde skor yanlış yazılmıştı.');
    await expect(reader.getByTestId('article-updated')).toBeVisible();
    await reader.context().close();
    await page.context().close();
  } finally {
    await site.stop();
  }
});

test('a text typed while the server is down survives a reload', async ({ browser }) => {
  const site = await newsroom();
  let again = null;
  try {
    const page = await signIn(browser, site, 'elif');
    await open(page, 'genc-takim-final', 'genc-takim-final');
    await site.server.stop();
    await page.getByTestId('field-summary').fill('Sunucu yokken yazılan özet.');
    await expect(page.getByTestId('kept')).toContainText('Sunucuya ulaşılamıyor', { timeout: 10_000 });
    again = await startServer({ db: site.db, addr: `127.0.0.1:${site.port}` });
    await page.reload();
    await expect(page.getByTestId('story-editor')).toHaveCount(0);
    await open(page, 'genc-takim-final', 'genc-takim-final');
    await expect(page.getByTestId('field-summary')).toHaveValue('Sunucu yokken yazılan özet.');
    await expect(page.getByTestId('moderation-status')).toContainText('geri getirildi');
    await keptOnServer(page);
    await page.context().close();
  } finally {
    await again?.stop();
    site.tmp.remove();
  }
});

/** Presses Tab until the focused element has this test id (a keyboard user's way there). */
async function tabTo(page, testid) {
  for (let i = 0; i < 80; i++) {
    await page.keyboard.press('Tab');
    if ((await page.evaluate(() => document.activeElement?.dataset?.testid)) === testid) return;
  }
  throw new Error(`Tab never reached ${testid}`);
}

test('the desk works from the keyboard alone: a new story, a paragraph with strong words, published', async ({ browser }) => {
  const site = await newsroom();
  try {
    const page = await signIn(browser, site, 'elif');
    await tabTo(page, 'new-story');
    await page.keyboard.press('Enter');
    await expect(page.locator('#editor-heading')).toBeFocused();
    await tabTo(page, 'field-title');
    await page.keyboard.type('Klavyeyle yazılan haber');
    await tabTo(page, 'field-slug');
    await page.keyboard.press('Control+a');
    await page.keyboard.type('klavyeyle-yazilan-haber');
    await tabTo(page, 'field-summary');
    await page.keyboard.type('Fare kullanılmadan yazıldı.');
    await tabTo(page, 'field-category');
    await page.keyboard.type('Gündem');
    await tabTo(page, 'add-paragraph');
    await page.keyboard.press('Enter');
    await expect(page.getByTestId('block-text')).toBeFocused();
    await page.keyboard.type('Bu sözcükler kalın');
    await page.keyboard.press('Shift+Control+ArrowLeft');
    await page.keyboard.press('Control+b');
    await expect(page.getByTestId('block-text')).toHaveValue('Bu sözcükler **kalın**');
    await tabTo(page, 'publish');
    await page.keyboard.press('Enter');
    await expect(page.getByTestId('moderation-status')).toContainText('Haber yayında');
    const article = await (await page.request.get(`${site.url}/api/articles/klavyeyle-yazilan-haber`)).json();
    expect(article.body[0].marks).toEqual([{ start: 13, end: 18, kind: 'strong' }]);
    await page.context().close();
  } finally {
    await site.stop();
  }
});
