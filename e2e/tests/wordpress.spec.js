// A site moved from WordPress: the test export imported with `okur import`, then read in the
// browser from an old address, as a reader following an old link would.
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, importFiles, startServer, tempDir, test } from './server.js';

const exportFile = resolve(dirname(fileURLToPath(import.meta.url)), '../../server/tests/fixtures/wordpress/site.xml');

let server;
let tmp;

test.beforeAll(async () => {
  tmp = tempDir();
  const db = join(tmp.dir, 'okur.db');
  // The export holds one post that cannot be imported (its date is unreadable): the command
  // exits with 1 and imports the rest.
  await importFiles(db, [exportFile]).catch((err) => {
    if (err.code !== 1) throw err;
  });
  server = await startServer({ db });
});

test.afterAll(async () => {
  await server.stop();
  tmp.remove();
});

test('an old link lands on the imported post, with its comment thread', async ({ page }) => {
  // The export's images are on the old site and a CDN: served here as a blank picture.
  await page.route(/\.jpg$/, (route) =>
    route.fulfill({ contentType: 'image/svg+xml', body: '<svg xmlns="http://www.w3.org/2000/svg" width="8" height="8"/>' }),
  );
  await page.goto(`${server.url}/2025/12/13/k%c4%b1y%c4%b1da-yeni-donem/`);
  await expect(page).toHaveURL(`${server.url}/articles/kiyida-yeni-donem`);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Kıyıda yeni dönem: iskele yenileniyor');
  const body = page.getByTestId('article-body');
  await expect(body.getByRole('heading', { name: 'Neler değişecek?' })).toBeVisible();
  await expect(body.locator('blockquote')).toContainText('İskele, kentin belleğidir.');
  await expect(body.getByRole('img', { name: 'Eski iskele' })).toBeVisible();
  // The <br> of the post is a line break on the page.
  const broken = body.getByText('kırılımı korunur', { exact: false });
  const lines = await broken.evaluate((p) => Math.round(p.getBoundingClientRect().height / parseFloat(getComputedStyle(p).lineHeight)));
  expect(lines).toBeGreaterThanOrEqual(2);

  const comments = page.getByTestId('comment');
  await expect(comments).toHaveCount(4);
  await expect(page.getByTestId('comment-author')).toHaveText(['Ayşe', 'Burak', 'Cem', 'Deniz']);
  // Read where a reader reads it: the comment section is laid out when it comes near
  // (content-visibility), and innerText is the text as laid out.
  await comments.first().scrollIntoViewIfNeeded();
  await expect(comments.first().getByTestId('comment-body')).toHaveText('Çok güzel bir haber.\nTeşekkürler!', { useInnerText: true });
  await expect(comments.nth(3)).toHaveAttribute('data-depth', '3');
});

test('?p=ID addresses land too, and a scheduled post is not there before its time', async ({ page }) => {
  await page.route(/\.jpg$/, (route) =>
    route.fulfill({ contentType: 'image/svg+xml', body: '<svg xmlns="http://www.w3.org/2000/svg" width="8" height="8"/>' }),
  );
  await page.goto(`${server.url}/?p=102`);
  await expect(page).toHaveURL(`${server.url}/articles/blok-haber`);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Blok düzenleyiciyle yazılmış haber');
  await page.goto(`${server.url}/`);
  // On the front page as a story (and, once its views are counted, in the most read list too).
  await expect(page.getByTestId('article-card').getByText('Blok düzenleyiciyle yazılmış haber')).toBeVisible();
  await expect(page.getByText('Yarın yayımlanacak haber')).toHaveCount(0);
});
