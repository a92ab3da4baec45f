// Draws media/icon.png (128x128): a shield guarding three linked nodes. Node built-ins only:
// every pixel is supersampled 4x4 against the shapes below, then written as an RGBA PNG.
// Run: node media/make-icon.mjs
import { writeFileSync } from 'node:fs';
import { deflateSync } from 'node:zlib';
import { fileURLToPath } from 'node:url';

const size = 128;
const samples = 4;

// Shield outline: flat top corners, straight sides, curved point at the bottom (unit coords 0..1).
function inShield(x, y, inset) {
  const top = 0.1 + inset;
  const left = 0.17 + inset;
  const right = 0.83 - inset;
  if (y < top || x < left || x > right) return false;
  // Top edge dips towards the centre a little, like a crest.
  const crest = top + 0.03 * (1 - Math.abs(x - 0.5) / (0.5 - left + 1e-9));
  if (y < crest) return false;
  if (y < 0.5) return true;
  // Lower half narrows along a parabola to the point at y = 0.93 - inset.
  const bottom = 0.93 - inset;
  const t = (y - 0.5) / (bottom - 0.5);
  if (t > 1) return false;
  const half = (right - left) / 2;
  return Math.abs(x - 0.5) <= half * Math.sqrt(1 - t * t);
}
const nodes = [
  [0.5, 0.36],
  [0.37, 0.6],
  [0.63, 0.6],
];
function nearSegment(x, y, [ax, ay], [bx, by], width) {
  const dx = bx - ax;
  const dy = by - ay;
  const t = Math.max(0, Math.min(1, ((x - ax) * dx + (y - ay) * dy) / (dx * dx + dy * dy)));
  return Math.hypot(x - (ax + t * dx), y - (ay + t * dy)) <= width;
}
function colour(x, y) {
  if (!inShield(x, y, 0)) return undefined;
  if (!inShield(x, y, 0.04)) return [232, 238, 247]; // rim
  for (const [cx, cy] of nodes) if (Math.hypot(x - cx, y - cy) <= 0.065) return [255, 255, 255];
  const [a, b, c] = nodes;
  if (nearSegment(x, y, a, b, 0.018) || nearSegment(x, y, a, c, 0.018) || nearSegment(x, y, b, c, 0.018)) return [200, 220, 255];
  const shade = Math.round(40 * y);
  return [30 - shade / 4, 99 - shade, 186 - shade]; // blue body, darker towards the point
}

const raw = Buffer.alloc(size * (size * 4 + 1));
for (let py = 0; py < size; py++) {
  raw[py * (size * 4 + 1)] = 0; // filter: none
  for (let px = 0; px < size; px++) {
    let r = 0, g = 0, b = 0, a = 0;
    for (let sy = 0; sy < samples; sy++) {
      for (let sx = 0; sx < samples; sx++) {
        const c = colour((px + (sx + 0.5) / samples) / size, (py + (sy + 0.5) / samples) / size);
        if (!c) continue;
        r += c[0]; g += c[1]; b += c[2]; a += 1;
      }
    }
    const o = py * (size * 4 + 1) + 1 + px * 4;
    if (a > 0) {
      raw[o] = Math.round(r / a);
      raw[o + 1] = Math.round(g / a);
      raw[o + 2] = Math.round(b / a);
    }
    raw[o + 3] = Math.round((255 * a) / (samples * samples));
  }
}

const crcTable = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
function crc32(buffer) {
  let c = 0xffffffff;
  for (const byte of buffer) c = crcTable[(c ^ byte) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}
function chunk(type, data) {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}
const header = Buffer.alloc(13);
header.writeUInt32BE(size, 0);
header.writeUInt32BE(size, 4);
header[8] = 8; // bit depth
header[9] = 6; // RGBA
const png = Buffer.concat([
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
  chunk('IHDR', header),
  chunk('IDAT', deflateSync(raw, { level: 9 })),
  chunk('IEND', Buffer.alloc(0)),
]);
writeFileSync(fileURLToPath(new URL('./icon.png', import.meta.url)), png);
