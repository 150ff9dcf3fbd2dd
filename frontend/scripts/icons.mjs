// Draws the app's icons into public/ (run by hand after changing them: `node scripts/icons.mjs`;
// the results are committed): a white house, its door in the brand red, on the brand red, as
// PNGs for the web manifest and the home screen (a maskable one with the safe zone's margin),
// favicon.ico (PNG entries of 16, 32 and 48 px) and icon.svg for browsers that take SVG.
import { writeFileSync } from 'node:fs';
import { deflateSync } from 'node:zlib';

const RED = [200, 16, 46];
const WHITE = [255, 255, 255];
const out = new URL('../public/', import.meta.url);

/** The house in a unit square: [x, y] points, a roof and a body, and the door cut out. */
const ROOF = [[0.5, 0.2], [0.82, 0.48], [0.18, 0.48]];
const BODY = [[0.27, 0.46], [0.73, 0.46], [0.73, 0.8], [0.27, 0.8]];
const DOOR = [[0.44, 0.6], [0.56, 0.6], [0.56, 0.8], [0.44, 0.8]];

function inside([x, y], polygon) {
  let hit = false;
  for (let i = 0, j = polygon.length - 1; i < polygon.length; j = i++) {
    const [xi, yi] = polygon[i];
    const [xj, yj] = polygon[j];
    if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) hit = !hit;
  }
  return hit;
}

/** RGBA pixels of the icon at `size`; `inset` shrinks the house (maskable safe zone), `round` the corners. */
function draw(size, { inset = 0, round = 0.18 } = {}) {
  const pixels = Buffer.alloc(size * size * 4);
  const S = 4; // samples per side, for smooth edges
  for (let py = 0; py < size; py++) {
    for (let px = 0; px < size; px++) {
      let r = 0, g = 0, b = 0, a = 0;
      for (let sy = 0; sy < S; sy++) {
        for (let sx = 0; sx < S; sx++) {
          const x = (px + (sx + 0.5) / S) / size;
          const y = (py + (sy + 0.5) / S) / size;
          // Rounded corners (none for a maskable icon: the platform cuts its own shape).
          const cx = Math.min(Math.max(x, round), 1 - round);
          const cy = Math.min(Math.max(y, round), 1 - round);
          if (round > 0 && (x - cx) ** 2 + (y - cy) ** 2 > round ** 2) continue;
          const u = (x - 0.5) / (1 - 2 * inset) + 0.5;
          const v = (y - 0.5) / (1 - 2 * inset) + 0.5;
          const house = (inside([u, v], ROOF) || inside([u, v], BODY)) && !inside([u, v], DOOR);
          const [cr, cg, cb] = house ? WHITE : RED;
          r += cr; g += cg; b += cb; a += 255;
        }
      }
      const n = S * S;
      const at = (py * size + px) * 4;
      const covered = a / 255;
      pixels[at] = covered ? Math.round(r / covered) : 0;
      pixels[at + 1] = covered ? Math.round(g / covered) : 0;
      pixels[at + 2] = covered ? Math.round(b / covered) : 0;
      pixels[at + 3] = Math.round(a / n);
    }
  }
  return pixels;
}

const CRC = new Int32Array(256).map((_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c;
});
function crc32(buffer) {
  let c = -1;
  for (const byte of buffer) c = CRC[(c ^ byte) & 0xff] ^ (c >>> 8);
  return (c ^ -1) >>> 0;
}
function chunk(type, data) {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}
function png(size, options) {
  const pixels = draw(size, options);
  const rows = Buffer.alloc(size * (size * 4 + 1));
  for (let y = 0; y < size; y++) pixels.copy(rows, y * (size * 4 + 1) + 1, y * size * 4, (y + 1) * size * 4);
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header.set([8, 6, 0, 0, 0], 8); // 8 bits, RGBA
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(rows, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}
function ico(sizes) {
  const images = sizes.map((size) => png(size));
  const head = Buffer.alloc(6 + 16 * sizes.length);
  head.writeUInt16LE(0, 0);
  head.writeUInt16LE(1, 2); // an icon
  head.writeUInt16LE(sizes.length, 4);
  let offset = head.length;
  sizes.forEach((size, i) => {
    const at = 6 + 16 * i;
    head.writeUInt8(size >= 256 ? 0 : size, at);
    head.writeUInt8(size >= 256 ? 0 : size, at + 1);
    head.writeUInt16LE(1, at + 4); // planes
    head.writeUInt16LE(32, at + 6); // bits per pixel
    head.writeUInt32LE(images[i].length, at + 8);
    head.writeUInt32LE(offset, at + 12);
    offset += images[i].length;
  });
  return Buffer.concat([head, ...images]);
}

const points = (polygon) => polygon.map(([x, y]) => `${x * 100},${y * 100}`).join(' ');
const svg = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 100 100"><rect width="100" height="100" rx="18" fill="#c8102e"/><polygon points="${points(ROOF)}" fill="#fff"/><polygon points="${points(BODY)}" fill="#fff"/><polygon points="${points(DOOR)}" fill="#c8102e"/></svg>\n`;

writeFileSync(new URL('icon-192.png', out), png(192));
writeFileSync(new URL('icon-512.png', out), png(512));
writeFileSync(new URL('icon-maskable-512.png', out), png(512, { inset: 0.1, round: 0 }));
writeFileSync(new URL('apple-touch-icon.png', out), png(180, { round: 0 }));
writeFileSync(new URL('favicon.ico', out), ico([16, 32, 48]));
writeFileSync(new URL('icon.svg', out), svg);
