// Moving a large WordPress site (issue 11's figure; not a test): generates an export of 5,000
// posts and 100,000 comments (a third of them replies, some four levels deep; classic and
// block-editor content), imports it with `okur import` into a fresh SQLite file, and prints the
// time it took and the importer's peak memory (the kernel's high-water mark of its resident
// set). Writes bench/wordpress.md. Usage: node scripts/wxr-bench.mjs (OKUR_BIN; WXR_POSTS,
// WXR_COMMENTS to change the size).
import { execFileSync } from 'node:child_process';
import { createWriteStream, mkdirSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { OKUR_BIN, tempDir } from '../tests/server.js';

const here = dirname(fileURLToPath(import.meta.url));
const out = resolve(here, '..', 'bench');
const POSTS = Number(process.env.WXR_POSTS ?? 5_000);
const COMMENTS = Number(process.env.WXR_COMMENTS ?? 100_000);

const pad = (n) => String(n).padStart(2, '0');
const date = (minutes) => {
  const at = new Date(Date.UTC(2020, 0, 1) + minutes * 60_000);
  return `${at.getUTCFullYear()}-${pad(at.getUTCMonth() + 1)}-${pad(at.getUTCDate())} ${pad(at.getUTCHours())}:${pad(at.getUTCMinutes())}:${pad(at.getUTCSeconds())}`;
};

const classic = (n) => `Haber ${n} için giriş paragrafı: kentte bugün yaşananlar &amp; ayrıntılar.

İkinci paragraf, iki satırdan
oluşan bir metin.

<h2>Ara başlık ${n}</h2>
<blockquote><p>Alıntılanan söz ${n}.</p><cite>Kaynak</cite></blockquote>
<ul><li>Birinci madde</li><li>İkinci madde<ul><li>Alt madde</li></ul></li></ul>
[caption id="attachment_${n}" width="800"]<img src="https://cdn.example/${n}.jpg" alt="Görsel ${n}" /> Görsel açıklaması[/caption]
<p>Son paragraf <strong>vurgulu</strong> ve <a href="https://example.com/">bağlantılı</a>.</p>`;

const blocks = (n) => `<!-- wp:paragraph --><p>Blok haber ${n}: giriş paragrafı.</p><!-- /wp:paragraph -->
<!-- wp:heading --><h2>Başlık ${n}</h2><!-- /wp:heading -->
<!-- wp:image --><figure class="wp-block-image"><img src="https://cdn.example/b${n}.jpg" alt=""/><figcaption>Açıklama ${n}</figcaption></figure><!-- /wp:image -->
<!-- wp:list --><ul><li>Bir</li><li>İki</li></ul><!-- /wp:list -->
<!-- wp:paragraph --><p>Kapanış paragrafı ${n}.</p><!-- /wp:paragraph -->`;

async function generate(file) {
  const stream = createWriteStream(file);
  const write = (text) => (stream.write(text) ? Promise.resolve() : new Promise((done) => stream.once('drain', done)));
  await write(`<?xml version="1.0" encoding="UTF-8" ?>
<rss version="2.0" xmlns:excerpt="http://wordpress.org/export/1.2/excerpt/" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:wp="http://wordpress.org/export/1.2/">
<channel><title>Ölçek Haber</title><link>https://olcek.example</link><language>tr-TR</language>
<wp:wxr_version>1.2</wp:wxr_version><wp:base_site_url>https://olcek.example</wp:base_site_url>
<wp:author><wp:author_login><![CDATA[editor]]></wp:author_login><wp:author_display_name><![CDATA[Editör]]></wp:author_display_name></wp:author>
`);
  let commentId = 1;
  const perPost = Math.floor(COMMENTS / POSTS);
  for (let n = 1; n <= POSTS; n++) {
    const minutes = n * 60;
    let comments = '';
    const chain = [];
    for (let k = 0; k < perPost; k++) {
      const id = commentId++;
      // Every third comment answers the one before it: chains grow past okur's three levels.
      const parent = k % 3 === 2 && chain.length ? chain[chain.length - 1] : 0;
      if (parent === 0) chain.length = 0;
      chain.push(id);
      const status = id % 25 === 0 ? '0' : '1';
      comments += `<wp:comment><wp:comment_id>${id}</wp:comment_id><wp:comment_author><![CDATA[Okur ${id}]]></wp:comment_author><wp:comment_author_email><![CDATA[okur${id}@example.com]]></wp:comment_author_email><wp:comment_date><![CDATA[${date(minutes + k + 1)}]]></wp:comment_date><wp:comment_date_gmt><![CDATA[${date(minutes + k + 1)}]]></wp:comment_date_gmt><wp:comment_content><![CDATA[Yorum ${id}: haber hakkında düşüncelerim.
İkinci satır.]]></wp:comment_content><wp:comment_approved><![CDATA[${status}]]></wp:comment_approved><wp:comment_type><![CDATA[comment]]></wp:comment_type><wp:comment_parent>${parent}</wp:comment_parent></wp:comment>\n`;
    }
    await write(`<item><title><![CDATA[Ölçek haberi ${n}]]></title><link>https://olcek.example/2020/01/01/olcek-haberi-${n}/</link>
<dc:creator><![CDATA[editor]]></dc:creator><guid isPermaLink="false">https://olcek.example/?p=${n}</guid>
<content:encoded><![CDATA[${n % 2 ? classic(n) : blocks(n)}]]></content:encoded><excerpt:encoded><![CDATA[]]></excerpt:encoded>
<wp:post_id>${n}</wp:post_id><wp:post_date><![CDATA[${date(minutes)}]]></wp:post_date><wp:post_date_gmt><![CDATA[${date(minutes)}]]></wp:post_date_gmt>
<wp:comment_status><![CDATA[open]]></wp:comment_status><wp:post_name><![CDATA[olcek-haberi-${n}]]></wp:post_name><wp:status><![CDATA[publish]]></wp:status>
<wp:post_type><![CDATA[post]]></wp:post_type><category domain="category" nicename="gundem"><![CDATA[Gündem]]></category>
${comments}</item>
`);
  }
  await write('</channel>\n</rss>\n');
  await new Promise((done) => stream.end(done));
}

// The importer's time and peak resident memory, from the kernel's accounting of the child.
const MEASURE = `
import resource, subprocess, sys, time
started = time.monotonic()
done = subprocess.run(sys.argv[1:], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
elapsed = time.monotonic() - started
print(done.returncode, f"{elapsed:.1f}", resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
print(done.stdout)
`;

const tmp = tempDir();
try {
  const file = join(tmp.dir, 'export.xml');
  await generate(file);
  const size = statSync(file).size / (1024 * 1024);
  const db = join(tmp.dir, 'okur.db');
  const [head, ...report] = execFileSync('python3', ['-c', MEASURE, OKUR_BIN, 'import', '--db', db, file], {
    encoding: 'utf8',
    maxBuffer: 1 << 26,
  }).split('\n');
  const [code, seconds, kilobytes] = head.split(' ');
  if (code !== '0') throw new Error(`okur import exited with ${code}:\n${report.join('\n')}`);
  const lines = [
    '| export | file | time | peak memory |',
    '| --- | --- | --- | --- |',
    `| ${POSTS.toLocaleString('en')} posts, ${COMMENTS.toLocaleString('en')} comments | ${size.toFixed(0)} MB | ${seconds} s | ${(Number(kilobytes) / 1024).toFixed(0)} MB |`,
    '',
    'Goal: ≤ 60 s and ≤ 200 MB. The report:',
    '',
    '```',
    ...report.filter((l) => l.trim()).slice(0, 6),
    '```',
  ];
  const table = lines.join('\n');
  console.log(table);
  mkdirSync(out, { recursive: true });
  writeFileSync(join(out, 'wordpress.md'), `${table}\n`);
} finally {
  tmp.remove();
}
