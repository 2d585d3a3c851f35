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

export type PictureCheck = { ok: true; mime: PictureMime; ext: string } | { ok: false; reason: string };

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
  const ext = PICTURE_TYPES.find((t) => t.mime === sniffed)!.ext;
  return { ok: true, mime: sniffed, ext };
}
