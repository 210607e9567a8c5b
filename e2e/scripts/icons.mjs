// The app's icons for the web app manifest (issue 22), drawn here rather than converted from
// style/favicon.svg: the favicon's letter is a font, and no converter is on every machine. The
// mark is the favicon's: okur's red with a white "o", drawn as a ring inside the middle 60 %
// (the safe zone a maskable icon keeps when a launcher crops it to a circle). Writes
// style/icons/icon-192.png and icon-512.png; run again after changing the mark, and commit them.
// Usage: node scripts/icons.mjs
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { deflateSync } from 'node:zlib';

const here = dirname(fileURLToPath(import.meta.url));
const out = resolve(here, '..', '..', 'style', 'icons');
const RED = [0xb3, 0x26, 0x1e];
const WHITE = [0xff, 0xff, 0xff];

/** The colour at (x, y) of a 1 × 1 square: white on the ring, red elsewhere. */
function colour(x, y) {
  const distance = Math.hypot(x - 0.5, y - 0.54);
  return distance >= 0.168 && distance <= 0.293 ? WHITE : RED;
}

/** The icon's pixels, RGBA, each the average of 4 × 4 samples (smooth edges). */
function draw(size) {
  const pixels = Buffer.alloc(size * size * 4);
  for (let py = 0; py < size; py++) {
    for (let px = 0; px < size; px++) {
      const sum = [0, 0, 0];
      for (let sy = 0; sy < 4; sy++) {
        for (let sx = 0; sx < 4; sx++) {
          const c = colour((px + (sx + 0.5) / 4) / size, (py + (sy + 0.5) / 4) / size);
          for (let i = 0; i < 3; i++) sum[i] += c[i];
        }
      }
      const at = (py * size + px) * 4;
      for (let i = 0; i < 3; i++) pixels[at + i] = Math.round(sum[i] / 16);
      pixels[at + 3] = 255;
    }
  }
  return pixels;
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
const crc32 = (bytes) => (bytes.reduce((c, b) => CRC_TABLE[(c ^ b) & 0xff] ^ (c >>> 8), 0xffffffff) ^ 0xffffffff) >>> 0;

/** One PNG chunk: length, type, data, CRC of type and data. */
function chunk(type, data) {
  const head = Buffer.alloc(4);
  head.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([head, body, crc]);
}

/** A PNG file (8-bit RGBA, no filter) of these pixels. */
function png(size, pixels) {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header.set([8, 6, 0, 0, 0], 8);
  const rows = Buffer.alloc(size * (size * 4 + 1));
  for (let y = 0; y < size; y++) pixels.copy(rows, y * (size * 4 + 1) + 1, y * size * 4, (y + 1) * size * 4);
  const signature = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  return Buffer.concat([signature, chunk('IHDR', header), chunk('IDAT', deflateSync(rows, { level: 9 })), chunk('IEND', Buffer.alloc(0))]);
}

mkdirSync(out, { recursive: true });
for (const size of [192, 512]) {
  const file = join(out, `icon-${size}.png`);
  writeFileSync(file, png(size, draw(size)));
  console.log(file);
}
