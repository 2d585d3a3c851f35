/**
 * What a fetched picture is, read from its first bytes, never from its name or from what the server
 * says alone: JPEG, PNG, GIF or WebP, and the server's declared Content-Type must name the same type.
 * Anything else (an HTML error page served as `image/jpeg`, an SVG with script in it, a PNG declared
 * as `image/gif`, no Content-Type at all) is refused with the reason. Pure: no Strapi, no I/O.
 */

export type PictureMime = 'image/jpeg' | 'image/png' | 'image/gif' | 'image/webp';

export const PICTURE_TYPES: ReadonlyArray<{ mime: PictureMime; ext: string }> = [
  { mime: 'image/jpeg', ext: '.jpg' },
  { mime: 'image/png', ext: '.png' },
  { mime: 'image/gif', ext: '.gif' },
  { mime: 'image/webp', ext: '.webp' },
];

/** Other names servers give the same types. */
const ALIASES: Record<string, PictureMime> = {
  'image/jpg': 'image/jpeg',
  'image/pjpeg': 'image/jpeg',
  'image/x-png': 'image/png',
};

const startsWith = (bytes: Uint8Array, signature: readonly number[], at = 0) =>
  bytes.length >= at + signature.length && signature.every((b, i) => bytes[at + i] === b);

/** The type the bytes are, by their signature; null for anything else. */
export function sniffPicture(bytes: Uint8Array): PictureMime | null {
  if (startsWith(bytes, [0xff, 0xd8, 0xff])) return 'image/jpeg';
  if (startsWith(bytes, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'image/png';
  // GIF87a, GIF89a
  if (startsWith(bytes, [0x47, 0x49, 0x46, 0x38]) && (bytes[4] === 0x37 || bytes[4] === 0x39) && bytes[5] === 0x61)
    return 'image/gif';
  // RIFF <size> WEBP
  if (startsWith(bytes, [0x52, 0x49, 0x46, 0x46]) && startsWith(bytes, [0x57, 0x45, 0x42, 0x50], 8))
    return 'image/webp';
  return null;
}

/** A Content-Type header as a bare, lower-case media type (`image/jpeg; q=1` -> `image/jpeg`). */
export function declaredType(contentType: string | null | undefined): string | null {
  const bare = (contentType ?? '').split(';')[0].trim().toLowerCase();
  return bare ? (ALIASES[bare] ?? bare) : null;
}

export type PictureCheck =
  { ok: true; mime: PictureMime; ext: string; width: number; height: number } | { ok: false; reason: string };

/**
 * The picture's size in pixels from its header (PNG IHDR, GIF screen, JPEG start-of-frame, WebP
 * VP8/VP8L/VP8X); null when the header does not give one (a signature with nothing behind it).
 * One pass over the JPEG segments at most: linear in the bytes.
 */
export function pictureSize(bytes: Uint8Array, mime: PictureMime): { width: number; height: number } | null {
  const view = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const sized = (width: number, height: number) => (width > 0 && height > 0 ? { width, height } : null);
  if (mime === 'image/png')
    return view.length >= 24 && view.toString('latin1', 12, 16) === 'IHDR'
      ? sized(view.readUInt32BE(16), view.readUInt32BE(20))
      : null;
  if (mime === 'image/gif') return view.length >= 10 ? sized(view.readUInt16LE(6), view.readUInt16LE(8)) : null;
  if (mime === 'image/webp') {
    if (view.length < 30) return null;
    const kind = view.toString('latin1', 12, 16);
    if (kind === 'VP8 ' && view[23] === 0x9d && view[24] === 0x01 && view[25] === 0x2a)
      return sized(view.readUInt16LE(26) & 0x3fff, view.readUInt16LE(28) & 0x3fff);
    if (kind === 'VP8L' && view[20] === 0x2f) {
      const b = view.readUInt32LE(21);
      return sized((b & 0x3fff) + 1, ((b >> 14) & 0x3fff) + 1);
    }
    if (kind === 'VP8X') return sized(view.readUIntLE(24, 3) + 1, view.readUIntLE(27, 3) + 1);
    return null;
  }
  // JPEG: walk the segments to the first start-of-frame (SOF0-SOF15 but DHT, JPG and DAC).
  let at = 2;
  while (at + 9 < view.length) {
    if (view[at] !== 0xff) return null;
    const marker = view[at + 1];
    if (marker === 0xff) {
      at += 1;
      continue;
    }
    if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc)
      return sized(view.readUInt16BE(at + 7), view.readUInt16BE(at + 5));
    if (marker === 0xd9 || marker === 0xda) return null;
    at += 2 + view.readUInt16BE(at + 2);
  }
  return null;
}

/** The picture's type when its bytes and its declared Content-Type agree on one Wire takes. */
export function checkPicture(bytes: Uint8Array, contentType: string | null | undefined): PictureCheck {
  const sniffed = sniffPicture(bytes);
  const declared = declaredType(contentType);
  const shown = declared ? declared.slice(0, 60) : null;
  if (!sniffed)
    return {
      ok: false,
      reason: `not a picture Wire takes (JPEG, PNG, GIF or WebP): its bytes are none of them${shown ? ` (declared ${shown})` : ''}`,
    };
  if (!declared) return { ok: false, reason: `the server declared no Content-Type for a ${sniffed} picture` };
  if (declared !== sniffed)
    return { ok: false, reason: `its Content-Type (${shown}) does not agree with its bytes (${sniffed})` };
  const size = pictureSize(bytes, sniffed);
  if (!size) return { ok: false, reason: `its ${sniffed} header gives no size in pixels: not a readable picture` };
  const ext = PICTURE_TYPES.find((t) => t.mime === sniffed)!.ext;
  return { ok: true, mime: sniffed, ext, ...size };
}
