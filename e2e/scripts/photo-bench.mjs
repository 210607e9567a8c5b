// Issue 24's page figure: Lighthouse 12.2.3 mobile (simulated Slow 4G, 4x CPU), median of 3, on
// two stories a publishing tool wrote through the desk's API, the same words in each; one with a
// real photograph as its lead image (scikit-image's `coffee()` scaled to 1600x900, written as a
// JPEG of quality 85 and uploaded with POST /api/desk/images), the other with none. The goal:
// performance 100 with the photograph, and its LCP within 1.1x of the story without.
// Figures to record, not a test. Usage: node scripts/photo-bench.mjs PYTHON (OKUR_BIN, OKUR_DIST).
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as chromeLauncher from 'chrome-launcher';
import lighthouse from 'lighthouse';
import { addModerator, freePort, staffToken, startServer, tempDir } from '../tests/server.js';

const python = process.argv[2];
const RUNS = 3;
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

const tmp = tempDir();
const photo = join(tmp.dir, 'coffee.jpg');
execFileSync(python, ['-c', `
from PIL import Image
from skimage import data, transform
import numpy as np
big = transform.resize(data.coffee(), (900, 1600), order=3, anti_aliasing=False)
Image.fromarray((big * 255).astype(np.uint8)).save(${JSON.stringify(photo)}, quality=85)
`]);
const db = join(tmp.dir, 'okur.db');
const port = await freePort();
const server = await startServer({ db, addr: `127.0.0.1:${port}`, env: { OKUR_PUBLIC_URL: `http://127.0.0.1:${port}` } });
try {
  await addModerator(db, 'bench', 'bench parolası uzun', 'editor');
  const auth = { authorization: `Bearer ${await staffToken(db, 'bench')}` };
  const uploaded = await fetch(`${server.url}/api/desk/images`, {
    method: 'POST',
    headers: { ...auth, 'content-type': 'image/jpeg' },
    body: readFileSync(photo),
  });
  if (uploaded.status !== 201) throw new Error(`upload: ${uploaded.status} ${await uploaded.text()}`);
  const image = await uploaded.json();
  const words = 'Kıyı yolunda yeni açılan kahve dükkânı, sabahın ilk saatlerinde balıkçılarla doldu. '.repeat(6).trim();
  const story = (slug, lead) => ({
    slug,
    title: 'Kıyıda sabah kahvesi',
    summary: 'Balıkçıların yeni durağı sabah altıda açılıyor.',
    author: 'Deniz Aksoy',
    category: 'Yaşam',
    status: 'published',
    image: lead,
    body: [
      { type: 'paragraph', text: words },
      { type: 'heading', text: 'İlk müşteriler' },
      { type: 'paragraph', text: words },
    ],
  });
  for (const [slug, lead] of [['fotografli', { src: image.src, alt: 'Bir fincan kahve' }], ['fotografsiz', undefined]]) {
    const made = await fetch(`${server.url}/api/desk/articles`, {
      method: 'POST',
      headers: { ...auth, 'content-type': 'application/json' },
      body: JSON.stringify(story(slug, lead)),
    });
    if (made.status !== 201) throw new Error(`${slug}: ${made.status} ${await made.text()}`);
  }
  const chrome = await chromeLauncher.launch({
    chromePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    chromeFlags: ['--headless=new', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
  const rows = {};
  try {
    for (const slug of ['fotografli', 'fotografsiz']) {
      const runs = [];
      for (let i = 0; i < RUNS; i++) {
        const { lhr } = await lighthouse(`${server.url}/articles/${slug}`, { port: chrome.port, output: 'json', logLevel: 'error', onlyCategories: ['performance'] });
        const lcpElement = lhr.audits['largest-contentful-paint-element']?.details?.items?.[0]?.items?.[0]?.node?.nodeLabel ?? '';
        const picture = (lhr.audits['network-requests'].details.items || []).find((r) => r.url.includes('/media/'));
        runs.push({ performance: Math.round(lhr.categories.performance.score * 100), lcp: lhr.audits['largest-contentful-paint'].numericValue, cls: lhr.audits['cumulative-layout-shift'].numericValue, lcpElement, picture: picture && `${picture.url.split('/').pop()} ${picture.transferSize} B` });
      }
      rows[slug] = { performance: median(runs.map((r) => r.performance)), lcp: Math.round(median(runs.map((r) => r.lcp))), cls: Math.max(...runs.map((r) => r.cls)), lcpElement: runs[0].lcpElement, picture: runs[0].picture };
      console.log(`${slug}: performance ${rows[slug].performance}, LCP ${rows[slug].lcp} ms, CLS ${rows[slug].cls}, LCP element ${JSON.stringify(rows[slug].lcpElement)}${rows[slug].picture ? `, picture ${rows[slug].picture}` : ''}`);
    }
  } finally {
    await chrome.kill();
  }
  const ratio = rows.fotografli.lcp / rows.fotografsiz.lcp;
  console.log(`Lighthouse ${RUNS}x mobile, photograph (${image.width}x${image.height} widest, from a 1600x900 JPEG q85 of ${readFileSync(photo).length} bytes): LCP ${ratio.toFixed(2)}x the story without (goal <= 1.1x), performance ${rows.fotografli.performance} (goal 100)`);
} finally {
  await server.stop();
  tmp.remove();
}
