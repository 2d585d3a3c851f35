/**
 * Bytes to text. Honours a BOM, then the charset the transport or the XML declaration names, but
 * trusts the bytes over the label: UTF-8 bytes declared as ISO-8859-1 are read as UTF-8 (otherwise
 * every umlaut would turn into two characters).
 */

/** Labels read as windows-1252 (WHATWG maps them all to it). */
export const LATIN = new Set([
  'iso-8859-1',
  'latin1',
  'latin-1',
  'iso8859-1',
  'l1',
  'windows-1252',
  'cp1252',
  'us-ascii',
  'ascii',
  'iso-8859-15',
]);

// Node's TextDecoder reads windows-1252 as plain Latin-1; these are the 0x80–0x9F code points that
// differ (typographic quotes, dashes, the euro sign), per the WHATWG encoding standard.
const CP1252_HIGH = '€\u0081‚ƒ„…†‡ˆ‰Š‹Œ\u008dŽ\u008f\u0090‘’“”•–—˜™š›œ\u009džŸ';

function decodeWindows1252(bytes: Buffer): string {
  let out = '';
  for (let i = 0; i < bytes.length; i += 0x4000) {
    const chunk = bytes.subarray(i, i + 0x4000);
    out += chunk.toString('latin1').replace(/[\x80-\x9f]/g, (c) => CP1252_HIGH[c.charCodeAt(0) - 0x80]);
  }
  return out;
}

function isValidUtf8(bytes: Buffer): boolean {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return true;
  } catch {
    return false;
  }
}

function declaredCharset(head: string): string | null {
  const xml = /<\?xml[^>]*encoding\s*=\s*["']([\w.:-]+)["']/i.exec(head);
  if (xml) return xml[1].toLowerCase();
  const meta = /<meta[^>]+charset\s*=\s*["']?([\w.:-]+)/i.exec(head);
  return meta ? meta[1].toLowerCase() : null;
}

export interface DecodedText {
  text: string;
  /** The encoding actually used. */
  encoding: string;
  /** Set when the label and the bytes disagreed. */
  note: string | null;
}

/** The encoding a byte-order mark names, and how many bytes it takes; null without one. */
export function byteOrderMark(bytes: Buffer): { encoding: 'utf-8' | 'utf-16le' | 'utf-16be'; length: number } | null {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return { encoding: 'utf-8', length: 3 };
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return { encoding: 'utf-16le', length: 2 };
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return { encoding: 'utf-16be', length: 2 };
  return null;
}

export function decodeBytes(bytes: Buffer, transportCharset: string | null = null): DecodedText {
  const bom = byteOrderMark(bytes);
  if (bom) {
    const rest = bytes.subarray(bom.length);
    const text = bom.encoding === 'utf-8' ? rest.toString('utf8') : new TextDecoder(bom.encoding).decode(rest);
    return { text, encoding: bom.encoding, note: null };
  }

  const label = (
    transportCharset ??
    declaredCharset(bytes.subarray(0, 1024).toString('latin1')) ??
    'utf-8'
  ).toLowerCase();
  const utf8 = isValidUtf8(bytes);
  if (LATIN.has(label)) {
    // Pure ASCII is valid in both; only multi-byte UTF-8 sequences reveal a wrong label.
    if (utf8 && /[^\x00-\x7f]/.test(bytes.toString('latin1'))) {
      return { text: bytes.toString('utf8'), encoding: 'utf-8', note: `declared ${label} but the bytes are UTF-8` };
    }
    return { text: decodeWindows1252(bytes), encoding: label, note: null };
  }
  if (label === 'utf-8' || label === 'utf8') {
    if (utf8) return { text: bytes.toString('utf8'), encoding: 'utf-8', note: null };
    return { text: decodeWindows1252(bytes), encoding: 'windows-1252', note: 'not valid UTF-8; read as windows-1252' };
  }
  try {
    return { text: new TextDecoder(label).decode(bytes), encoding: label, note: null };
  } catch {
    return { text: bytes.toString('utf8'), encoding: 'utf-8', note: `unknown charset "${label}"; read as UTF-8` };
  }
}
