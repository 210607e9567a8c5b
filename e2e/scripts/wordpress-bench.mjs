// The same article with the same 100 comments, served by okur and by WordPress 6.1 (Debian's
// package, its default theme Twenty Twenty-Three, no page-cache plugin, behind Debian's nginx and
// php-fpm as their own processes here), side by side in one run: Lighthouse 12.2.3, mobile preset
// (simulated Slow 4G, 4x CPU), median of 3, no interaction. Bytes transferred, total blocking time,
// LCP and the performance score: the figures issue 20 is judged by. Figures, not a test.
// Needs Debian's nginx-light, php-fpm, php-mysql, mariadb-server, wordpress and
// wordpress-theme-twentytwentythree (`make bench-wordpress` installs them). Writes
// /etc/wordpress/config-okurbench.php for the run (Debian's WordPress reads its settings there)
// and removes it after. Writes bench/wordpress-page.md and .json.
// Usage: node scripts/wordpress-bench.mjs (OKUR_BIN, OKUR_DIST)
import { execFileSync, spawn } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as chromeLauncher from 'chrome-launcher';
import lighthouse from 'lighthouse';
import { freePort, startServer, tempDir } from '../tests/server.js';

const here = dirname(fileURLToPath(import.meta.url));
const out = resolve(here, '..', 'bench');
const DIST = process.env.OKUR_DIST ?? resolve(here, '..', '..', 'dist');
const SLUG = 'liman-kenti-yesil-donusum';
const COMMENTS = 100;
const RUNS = 3;
const WP_CONFIG = '/etc/wordpress/config-okurbench.php';
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const sleep = (ms) => new Promise((done) => setTimeout(done, ms));

/** Starts a long-running process; `stop()` ends it. */
function run(command, args) {
  const child = spawn(command, args, { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (d) => (stderr += d));
  const exited = new Promise((done) => child.once('exit', done));
  return {
    stderr: () => stderr,
    stop: async () => {
      if (child.exitCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}

/** Resolves once `check()` is true, or fails after 30 s with `what`. */
async function until(check, what) {
  for (let i = 0; i < 300; i++) {
    if (await check()) return;
    await sleep(100);
  }
  throw new Error(`wordpress-bench: ${what} did not come up in 30 s`);
}

/** A MariaDB string literal. */
const sql = (text) => `'${String(text).replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
const escapeHtml = (text) => String(text).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** An image block as WordPress's editor writes it. */
const imageBlock = (src, alt, caption) =>
  `<!-- wp:image -->\n<figure class="wp-block-image"><img src="${src}" alt="${escapeHtml(alt ?? '')}"/>` +
  `${caption ? `<figcaption>${escapeHtml(caption)}</figcaption>` : ''}</figure>\n<!-- /wp:image -->`;

/**
 * The article's blocks as WordPress block-editor markup, as an editor would have written them;
 * `media(src)` gives an image's address on the WordPress site (the same file).
 */
function postContent(article, media) {
  const parts = [];
  if (article.image) parts.push(imageBlock(media(article.image.src), article.image.alt));
  for (const block of article.body) {
    const text = escapeHtml(block.text ?? '');
    if (block.type === 'heading') parts.push(`<!-- wp:heading -->\n<h2>${text}</h2>\n<!-- /wp:heading -->`);
    else if (block.type === 'paragraph') parts.push(`<!-- wp:paragraph -->\n<p>${text}</p>\n<!-- /wp:paragraph -->`);
    else if (block.type === 'quote') {
      const cite = block.cite ? `<cite>${escapeHtml(block.cite)}</cite>` : '';
      parts.push(`<!-- wp:quote -->\n<blockquote class="wp-block-quote"><p>${text}</p>${cite}</blockquote>\n<!-- /wp:quote -->`);
    } else if (block.type === 'list') {
      const tag = block.ordered ? 'ol' : 'ul';
      const items = (block.items ?? []).map((item) => `<li>${escapeHtml(item)}</li>`).join('');
      parts.push(`<!-- wp:list${block.ordered ? ' {"ordered":true}' : ''} -->\n<${tag}>${items}</${tag}>\n<!-- /wp:list -->`);
    } else if (block.type === 'image') {
      parts.push(imageBlock(media(block.src), block.alt, block.caption));
    }
  }
  return parts.join('\n\n');
}

/** Lighthouse's figures for `url`, median of RUNS. */
async function measure(chrome, url) {
  const runs = [];
  for (let i = 0; i < RUNS; i++) {
    const { lhr } = await lighthouse(url, { port: chrome.port, output: 'json', logLevel: 'error', onlyCategories: ['performance'] });
    runs.push({
      lcp: lhr.audits['largest-contentful-paint'].numericValue,
      tbt: lhr.audits['total-blocking-time'].numericValue,
      bytes: lhr.audits['total-byte-weight'].numericValue,
      score: Math.round(lhr.categories.performance.score * 100),
      requests: lhr.audits['network-requests'].details.items.length,
    });
  }
  const row = {};
  for (const key of Object.keys(runs[0])) row[key] = Math.round(median(runs.map((r) => r[key])));
  return row;
}

const tmp = tempDir();
const services = [];
const comments = [];
const results = { lighthouse: '12.2.3', date: new Date().toISOString(), article: SLUG, comments: COMMENTS };
try {
  // okur, as a real site is served (its public address given), and the article's 100 comments.
  const okurPort = await freePort();
  const okur = await startServer({
    db: join(tmp.dir, 'okur.db'),
    addr: `127.0.0.1:${okurPort}`,
    env: { OKUR_COMMENT_RATE_LIMIT: '100000', OKUR_PUBLIC_URL: `http://127.0.0.1:${okurPort}` },
  });
  services.push(okur);
  const api = `${okur.url}/api/articles/${SLUG}`;
  const article = await (await fetch(api)).json();
  const existing = (await (await fetch(`${api}/comments?per_page=50`)).json()).total;
  for (let i = existing + 1; i <= COMMENTS; i++) {
    const posted = await fetch(`${api}/comments`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ author_name: `Okur ${i}`, body: `Yorum ${i}: limandaki dönüşümü yakından izliyorum, güzel bir haber.` }),
    });
    if (posted.status !== 201) throw new Error(`wordpress-bench: comment ${i} answered ${posted.status}`);
  }
  // Every comment as okur has it, threads and replies, oldest first.
  for (let after = null; ;) {
    const page = await (await fetch(`${api}/comments?per_page=50${after ? `&after=${after}` : ''}`)).json();
    comments.push(...page.items);
    if (!page.next) break;
    after = page.next;
  }

  // WordPress: MariaDB, php-fpm and nginx as this script's own processes, state in tmp.
  const wp = join(tmp.dir, 'wordpress');
  mkdirSync(join(wp, 'media'), { recursive: true });
  const socket = join(wp, 'mysqld.sock');
  execFileSync('mariadb-install-db', ['--no-defaults', `--datadir=${join(wp, 'db')}`, '--user=root', '--auth-root-authentication-method=socket', '--skip-test-db'], { stdio: 'ignore' });
  const mariadb = run('/usr/sbin/mariadbd', ['--no-defaults', `--datadir=${join(wp, 'db')}`, `--socket=${socket}`, '--skip-networking', '--user=root', `--pid-file=${join(wp, 'mysqld.pid')}`]);
  services.push(mariadb);
  await until(() => existsSync(socket), 'MariaDB');
  const query = (text) => execFileSync('mariadb', ['--no-defaults', '-S', socket, '-u', 'root', '--default-character-set=utf8mb4', '-N', '-e', text], { encoding: 'utf8' });
  await until(() => { try { query('SELECT 1'); return true; } catch { return false; } }, 'MariaDB');
  query("CREATE DATABASE wp CHARACTER SET utf8mb4; CREATE USER 'wp'@'localhost' IDENTIFIED BY 'wp'; GRANT ALL ON wp.* TO 'wp'@'localhost';");
  writeFileSync(WP_CONFIG, `<?php\ndefine('DB_NAME', 'wp');\ndefine('DB_USER', 'wp');\ndefine('DB_PASSWORD', 'wp');\ndefine('DB_HOST', 'localhost:${socket}');\ndefine('DB_CHARSET', 'utf8mb4');\ndefine('WP_CONTENT_DIR', '/var/lib/wordpress/wp-content');\n`);

  const fpmSocket = join(wp, 'php-fpm.sock');
  writeFileSync(join(wp, 'php-fpm.conf'), `[global]\npid = ${join(wp, 'php-fpm.pid')}\nerror_log = ${join(wp, 'php-fpm.log')}\n[www]\nuser = root\nlisten = ${fpmSocket}\npm = static\npm.max_children = 4\n`);
  services.push(run('/usr/sbin/php-fpm8.2', ['-R', '-F', '-y', join(wp, 'php-fpm.conf')]));
  await until(() => existsSync(fpmSocket), 'php-fpm');

  const wpPort = await freePort();
  // Debian's nginx.conf compresses HTML; the usual production addition compresses the rest too.
  writeFileSync(join(wp, 'nginx.conf'), `daemon off;
user root;
pid ${join(wp, 'nginx.pid')};
error_log ${join(wp, 'nginx-error.log')};
events {}
http {
  include /etc/nginx/mime.types;
  access_log off;
  gzip on;
  gzip_types text/css application/javascript application/json image/svg+xml;
  client_body_temp_path ${wp}/body; fastcgi_temp_path ${wp}/fastcgi; proxy_temp_path ${wp}/proxy;
  uwsgi_temp_path ${wp}/uwsgi; scgi_temp_path ${wp}/scgi;
  server {
    listen 127.0.0.1:${wpPort};
    root /usr/share/wordpress;
    index index.php;
    location /wp-content/ { alias /var/lib/wordpress/wp-content/; }
    location /okur-media/ { alias ${join(wp, 'media')}/; }
    location / { try_files $uri $uri/ /index.php?$args; }
    location ~ \\.php$ {
      include /etc/nginx/fastcgi_params;
      fastcgi_param SCRIPT_FILENAME $document_root$fastcgi_script_name;
      fastcgi_param HTTP_HOST $host:$server_port;
      fastcgi_param WORDPRESS_CONFIG okurbench;
      fastcgi_pass unix:${fpmSocket};
    }
  }
}
`);
  services.push(run('/usr/sbin/nginx', ['-c', join(wp, 'nginx.conf'), '-p', wp]));
  const site = `http://127.0.0.1:${wpPort}`;
  await until(async () => (await fetch(`${site}/wp-admin/install.php`).catch(() => null))?.ok, 'WordPress');
  const installed = await fetch(`${site}/wp-admin/install.php?step=2`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      weblog_title: 'okur karşılaştırma', user_name: 'editor', admin_password: 'bench-password-1', admin_password2: 'bench-password-1',
      pw_weak: '1', admin_email: 'editor@example.com', blog_public: '1',
    }),
  });
  if (!installed.ok || !/wp-login/.test(await installed.text())) throw new Error('wordpress-bench: WordPress did not install');

  // The article and its comments, as WordPress keeps them; its images are the same files.
  const media = (src) => {
    if (!src.startsWith('/')) return src;
    copyFileSync(join(DIST, src), join(wp, 'media', basename(src)));
    return `/okur-media/${basename(src)}`;
  };
  const when = article.published_at.replace('T', ' ').replace(/(\.\d+)?Z$/, '');
  query(`USE wp; INSERT INTO wp_posts (post_author, post_date, post_date_gmt, post_content, post_title, post_excerpt, post_status,
    comment_status, ping_status, post_name, to_ping, pinged, post_modified, post_modified_gmt, post_content_filtered, post_type, guid)
    VALUES (1, ${sql(when)}, ${sql(when)}, ${sql(postContent(article, media))}, ${sql(article.title)}, ${sql(article.summary)}, 'publish',
    'open', 'closed', ${sql(SLUG)}, '', '', ${sql(when)}, ${sql(when)}, '', 'post', '');`);
  const postId = Number(query(`USE wp; SELECT ID FROM wp_posts WHERE post_name = ${sql(SLUG)};`).trim());
  const ids = new Map();
  for (const c of comments) {
    const date = c.created_at.replace('T', ' ').replace(/(\.\d+)?Z$/, '');
    const parent = c.parent_id ? ids.get(c.parent_id) ?? 0 : 0;
    const id = query(`USE wp; INSERT INTO wp_comments (comment_post_ID, comment_author, comment_author_email, comment_author_url, comment_author_IP,
      comment_date, comment_date_gmt, comment_content, comment_approved, comment_agent, comment_type, comment_parent, user_id)
      VALUES (${postId}, ${sql(c.author_name)}, '', '', '', ${sql(date)}, ${sql(date)}, ${sql(c.body)}, '1', '', 'comment', ${parent}, 0);
      SELECT LAST_INSERT_ID();`).trim();
    ids.set(c.id, Number(id));
  }
  query(`USE wp; UPDATE wp_posts SET comment_count = ${comments.length} WHERE ID = ${postId};`);
  const wpArticle = `${site}/?p=${postId}`;
  const wpPage = await (await fetch(wpArticle)).text();
  if (!wpPage.includes(escapeHtml(article.title).slice(0, 20)) || !wpPage.includes(comments.at(-1).body.slice(0, 20))) {
    throw new Error('wordpress-bench: WordPress does not show the article with its comments');
  }

  const chrome = await chromeLauncher.launch({
    chromePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    chromeFlags: ['--headless=new', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
  try {
    results.okur = await measure(chrome, `${okur.url}/articles/${SLUG}`);
    results.wordpress = await measure(chrome, wpArticle);
  } finally {
    await chrome.kill();
  }
} finally {
  for (const service of services.reverse()) await service.stop();
  rmSync(WP_CONFIG, { force: true });
  tmp.remove();
}

const { okur, wordpress } = results;
const ratio = (key) => (wordpress[key] ? (okur[key] / wordpress[key]).toFixed(2) : '—');
const kib = (bytes) => (bytes / 1024).toFixed(1);
const table = [
  `Lighthouse 12.2.3, mobile preset, median of ${RUNS}, Debian Chromium, headless, no interaction; ${results.date.slice(0, 10)}.`,
  `The article \`${SLUG}\` with ${comments.length} comments on both; WordPress 6.1 (Debian), Twenty Twenty-Three, no page cache, nginx with gzip.`,
  '',
  '| | okur | WordPress | okur / WordPress |',
  '| --- | --- | --- | --- |',
  `| LCP | ${okur.lcp} ms | ${wordpress.lcp} ms | ${ratio('lcp')}× |`,
  `| bytes transferred | ${kib(okur.bytes)} KiB | ${kib(wordpress.bytes)} KiB | ${ratio('bytes')}× |`,
  `| total blocking time | ${okur.tbt} ms | ${wordpress.tbt} ms | |`,
  `| requests | ${okur.requests} | ${wordpress.requests} | |`,
  `| performance score | ${okur.score} | ${wordpress.score} | |`,
  '',
];
mkdirSync(out, { recursive: true });
writeFileSync(join(out, 'wordpress-page.json'), JSON.stringify(results, null, 2) + '\n');
writeFileSync(join(out, 'wordpress-page.md'), table.join('\n'));
console.log(table.join('\n'));
