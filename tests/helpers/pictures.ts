/**
 * Pictures made for the tests, byte by byte: real PNGs (Strapi's image reader opens them), a JPEG
 * and GIF signature, and an HTML page pretending to be a picture. Our own synthetic data.
 */
import { crc32, deflateSync } from 'node:zlib';

function chunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body) >>> 0);
  return Buffer.concat([length, body, crc]);
}

/**
 * A PNG of `width` × `height` RGB pixels. `noise`: pixels from a fixed pseudo-random sequence, which
 * does not compress, for a picture of a known large size.
 */
export function png(width: number, height: number, noise = false): Buffer {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header[8] = 8; // bit depth
  header[9] = 2; // RGB
  const rows: Buffer[] = [];
  let seed = 12345;
  for (let y = 0; y < height; y++) {
    const row = Buffer.alloc(1 + width * 3);
    for (let x = 0; x < width * 3; x++) {
      // xorshift32: a sequence deflate finds nothing to shorten in.
      seed ^= seed << 13;
      seed ^= seed >>> 17;
      seed ^= seed << 5;
      row[1 + x] = noise ? seed & 0xff : (x * 40 + y * 25) & 0xff;
    }
    rows.push(row);
  }
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(Buffer.concat(rows))),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

/** A JPEG's signature and JFIF segment, with no frame behind it: no size, no picture. */
export const JPEG_START = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00]);
/** A JPEG header up to its start of frame: 640 × 480. */
export const JPEG_HEADER = Buffer.concat([
  Buffer.from([0xff, 0xd8]),
  Buffer.from([
    0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00, 0x01, 0x01, 0x00, 0x00, 0x01, 0x00, 0x01, 0x00, 0x00,
  ]),
  Buffer.from([
    0xff, 0xc0, 0x00, 0x11, 0x08, 0x01, 0xe0, 0x02, 0x80, 0x03, 0x01, 0x22, 0x00, 0x02, 0x11, 0x01, 0x03, 0x11, 0x01,
  ]),
]);
/** A whole 1 × 1 GIF (a transparent pixel). */
export const GIF_START = Buffer.from('R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7', 'base64');
/** A WebP (lossy) header: 16 × 8. */
export const WEBP_START = Buffer.concat([
  Buffer.from('RIFF'),
  Buffer.from([0x24, 0, 0, 0]),
  Buffer.from('WEBPVP8 '),
  Buffer.from([0x18, 0, 0, 0, 0x30, 0x01, 0x00, 0x9d, 0x01, 0x2a, 0x10, 0x00, 0x08, 0x00]),
]);
export const HTML_PAGE = Buffer.from('<!doctype html><html><body>Not found</body></html>', 'utf8');
