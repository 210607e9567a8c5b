// Every feed of a live `okur serve` (the demo site, with a public address), parsed by a real
// feed parser: Python's feedparser (PyPI, in e2e/.venv; `make feeds` installs it). Fails unless
// each one parses as Atom 1.0 with no problem reported (bozo 0), and every entry has an
// absolute link on the site, a date and a summary; a story's entry carries its body with its
// links and emphasis.
// Usage: node scripts/feeds.mjs path/to/python   (OKUR_BIN and OKUR_DIST as for the e2e tests)
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startServer, tempDir } from '../tests/server.js';

const python = process.argv[2];
const SITE = 'https://okur.example';
const CHECK = `
import json, sys, feedparser
site, paths = sys.argv[1], json.load(open(sys.argv[2]))
problems = []
for path, file in paths:
    d = feedparser.parse(open(file, 'rb').read())
    if d.bozo: problems.append(f"{path}: {d.bozo_exception!r}")
    if d.version != 'atom10': problems.append(f"{path}: version {d.version!r}")
    if not d.feed.get('title') or not d.feed.get('updated_parsed'): problems.append(f"{path}: no title or updated")
    for e in d.entries:
        if not e.get('link', '').startswith(site + '/'): problems.append(f"{path}: entry link {e.get('link')!r}")
        if not e.get('updated_parsed') or not e.get('summary'): problems.append(f"{path}: entry {e.get('id')} lacks a date or summary")
    if path == '/feed.xml':
        # A story's body, its links and emphasis included, relative links resolved on the site.
        lead = next((e for e in d.entries if e.link == site + '/articles/liman-kenti-yesil-donusum'), None)
        html = lead.content[0].value if lead and lead.get('content') else ''
        for part in ['<strong>dört kilometrelik</strong>', 'href="https://katilim.example.org/sahil-yolu"',
                     f'href="{site}/articles/dere-yatagi-gonullu-temizlik"', '<em>kesintisiz</em>']:
            if part not in html: problems.append(f"{path}: the lead story's content lacks {part}: {html[:300]!r}")
    print(f"{path}: {d.version}, {len(d.entries)} entries, bozo {d.bozo}")
if problems:
    print('\\n'.join(problems)); sys.exit(1)
`;

const tmp = tempDir();
const server = await startServer({ db: join(tmp.dir, 'okur.db'), env: { OKUR_PUBLIC_URL: SITE } });
let failed = false;
try {
  const json = async (path) => (await fetch(server.url + path)).json();
  const articles = (await json('/api/articles?per_page=100')).items;
  const paths = ['/feed.xml'];
  for (const s of await json('/api/sections')) paths.push(`/sections/${s.slug}/feed.xml`);
  for (const a of new Set(articles.map((a) => a.author_slug))) paths.push(`/authors/${a}/feed.xml`);
  for (const a of articles) paths.push(`/articles/${a.slug}/comments.xml`);
  const files = [];
  for (const [i, path] of paths.entries()) {
    const response = await fetch(server.url + path);
    if (response.status !== 200) throw new Error(`${path} answered ${response.status}`);
    if (!response.headers.get('content-type').startsWith('application/atom+xml')) throw new Error(`${path}: not Atom`);
    const file = join(tmp.dir, `feed-${i}.xml`);
    writeFileSync(file, Buffer.from(await response.arrayBuffer()));
    files.push([path, file]);
  }
  const list = join(tmp.dir, 'feeds.json');
  writeFileSync(list, JSON.stringify(files));
  const run = spawnSync(python, ['-c', CHECK, SITE, list], { stdio: 'inherit' });
  failed = run.status !== 0;
  console.log(`feeds: ${paths.length} parsed by feedparser, ${failed ? 'problems above' : 'no problems'}`);
} finally {
  await server.stop();
  tmp.remove();
}
process.exit(failed ? 1 : 0);
