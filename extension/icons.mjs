// Draws the why401 icon (a white padlock on a red rounded square) as PNG bytes at any size.
// Pure node (zlib only): the build writes icons/icon-{16,32,48,128}.png from this; nothing is downloaded.

import { deflateSync } from "node:zlib";

const BG = [198, 40, 40];
const FG = [255, 255, 255];

/** Signed distance from (x, y) to a rounded rectangle, in unit coordinates. */
function roundRect(x, y, x0, y0, x1, y1, r) {
  const cx = Math.max(x0 + r, Math.min(x, x1 - r));
  const cy = Math.max(y0 + r, Math.min(y, y1 - r));
  return Math.hypot(x - cx, y - cy) - r;
}

/** Colour of the icon at (x, y) in [0, 1]², or null outside it. */
function shade(x, y) {
  if (roundRect(x, y, 0.04, 0.04, 0.96, 0.96, 0.2) > 0) return null;
  // Keyhole, cut out of the body.
  const keyhole = Math.hypot(x - 0.5, y - 0.6) < 0.065 || (Math.abs(x - 0.5) < 0.03 && y > 0.6 && y < 0.75);
  const body = roundRect(x, y, 0.24, 0.46, 0.76, 0.84, 0.06) <= 0;
  if (body) return keyhole ? BG : FG;
  // Shackle: the upper half of a ring, with legs down to the body.
  const d = Math.hypot(x - 0.5, y - 0.4);
  const ring = d < 0.2 && d > 0.12;
  if (ring && y <= 0.4) return FG;
  const leg = y > 0.4 && y < 0.47 && ((x > 0.3 && x < 0.38) || (x > 0.62 && x < 0.7));
  if (leg) return FG;
  return BG;
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(buf) {
  let c = 0xffffffff;
  for (const b of buf) c = CRC_TABLE[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type, data) {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, "ascii"), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([len, body, crc]);
}

/** The icon as a PNG (RGBA, 4×4 supersampled), `size` pixels square. */
export function iconPng(size) {
  const ss = 4;
  const raw = Buffer.alloc(size * (size * 4 + 1));
  for (let py = 0; py < size; py++) {
    const row = py * (size * 4 + 1);
    raw[row] = 0; // filter: none
    for (let px = 0; px < size; px++) {
      let r = 0, g = 0, b = 0, a = 0;
      for (let sy = 0; sy < ss; sy++) {
        for (let sx = 0; sx < ss; sx++) {
          const c = shade((px + (sx + 0.5) / ss) / size, (py + (sy + 0.5) / ss) / size);
          if (c) { r += c[0]; g += c[1]; b += c[2]; a += 1; }
        }
      }
      const o = row + 1 + px * 4;
      raw[o] = a ? Math.round(r / a) : 0;
      raw[o + 1] = a ? Math.round(g / a) : 0;
      raw[o + 2] = a ? Math.round(b / a) : 0;
      raw[o + 3] = Math.round((255 * a) / (ss * ss));
    }
  }
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(size, 0);
  ihdr.writeUInt32BE(size, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 6; // RGBA
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk("IHDR", ihdr),
    chunk("IDAT", deflateSync(raw, { level: 9 })),
    chunk("IEND", Buffer.alloc(0)),
  ]);
}

export const ICON_SIZES = [16, 32, 48, 128];
