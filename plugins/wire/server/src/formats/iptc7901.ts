/**
 * Plain-text wire as transmitted on the old agency lines: IPTC 7901 and ANPA 1312. Each story is
 * framed by control bytes: SOH (0x01) opens the header line (service and sequence, priority,
 * category, word count), the keyword/slugline follows, STX (0x02) opens the text (headline first),
 * ETX (0x03) closes it, and a DDHHMM time may follow. Lines end in CRLF. A transmission may carry
 * several stories. dpa's notebook (`# dpa NOTEBOOK`) and the editors' signature line are editorial
 * notes, not story text.
 */
import { escapeHtml } from '../normalise/text';
import { DocumentError, emptyItem, type FeedFormat, type ItemProblem, type RawDocument, type WireItem } from './types';

const SOH = '\u0001';
const STX = '\u0002';
const ETX = '\u0003';
const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];

/** Kill notices withdraw a story: `KILL`, `ELIMINATE`, `WITHDRAWN` in the headline or keyword. */
const KILL = /\b(?:KILL|KILLED|ELIMINATE|WITHDRAWN|MANDATORY KILL|STORY WITHDRAWN)\b/;

interface Header {
  sequence: string | null;
  priority: number | null;
  category: string | null;
  slug: string | null;
  /** ANPA's take key after the slug, e.g. `1st Ld-Writethru`. */
  takeKey: string | null;
}

/** `eca062 4 i 211 ccccb   dpa 061` (IPTC 7901) or `a0212  r a BC-Storm-Warning 0412` (ANPA). */
function readHeader(line: string): Header {
  const tokens = line
    .replace(/[\x00-\x1f\x7f]/g, ' ')
    .trim()
    .split(/\s+/);
  const seq = /(\d{3,4})$/.exec(tokens[0] ?? '');
  const priority =
    tokens
      .slice(1, 3)
      .map((t) => (/^[1-6]$/.test(t) ? Number(t) : null))
      .find((n) => n !== null) ?? null;
  // ANPA's priority is a letter (f flash, b bulletin, u urgent, r routine, d deferred).
  const anpaPriority: Record<string, number> = { f: 1, b: 2, u: 3, r: 4, d: 5 };
  const letterPriority = tokens[1] && anpaPriority[tokens[1]] !== undefined ? anpaPriority[tokens[1]] : null;
  const category = tokens.slice(1, 4).find((t) => /^[a-z]$/.test(t) && !(t in anpaPriority && t === tokens[1])) ?? null;
  const slugAt = tokens.findIndex((t) => /^[A-Z]{1,3}-[\w-]+/.test(t));
  const slug = slugAt >= 0 ? tokens[slugAt] : null;
  // Between the slug and the 4-digit word count: the take key.
  const rest = slugAt >= 0 ? tokens.slice(slugAt + 1) : [];
  const countAt = rest.findIndex((t) => /^\d{4}$/.test(t));
  const takeKey = rest.slice(0, countAt >= 0 ? countAt : rest.length).join(' ') || null;
  return { sequence: seq ? seq[1] : null, priority: priority ?? letterPriority, category, slug, takeKey };
}

/** `131137 GMT Nov 13` → 13 Nov, 11:37 UTC, in the year of `reference` (or the one before). */
function trailerDate(text: string, reference: Date): Date | null {
  const m = /\b(\d{2})(\d{2})(\d{2})\s*(?:GMT|UTC|Z)?(?:\s+([A-Za-z]{3})\s+(\d{1,2}))?/.exec(text);
  if (!m) return null;
  const day = Number(m[1]);
  const month = m[4] ? MONTHS.indexOf(m[4].toLowerCase()) : reference.getUTCMonth();
  if (month < 0 || day < 1 || day > 31 || Number(m[2]) > 23 || Number(m[3]) > 59) return null;
  let year = reference.getUTCFullYear();
  const date = new Date(Date.UTC(year, month, day, Number(m[2]), Number(m[3])));
  if (date.getTime() - reference.getTime() > 2 * 86400_000) date.setUTCFullYear((year -= 1));
  return date;
}

function paragraphs(lines: string[]): string[] {
  const out: string[] = [];
  let current: string[] = [];
  for (const line of lines) {
    // A blank line or an indented line starts a new paragraph.
    if (!line.trim() || (/^\s{2,}\S/.test(line) && current.length)) {
      if (current.length) out.push(current.join(' '));
      current = [];
    }
    if (line.trim()) current.push(line.trim());
  }
  if (current.length) out.push(current.join(' '));
  return out;
}

function parseStory(chunk: string, index: number, reference: Date, problems: ItemProblem[]): WireItem | null {
  const [beforeText, afterStx = ''] = chunk.split(STX);
  const [text, trailer = ''] = afterStx.split(ETX);
  const headLines = beforeText.split(/\r\n|\r|\n/);
  const header = readHeader(headLines[0] ?? '');
  const keyword =
    headLines
      .slice(1)
      .map((l) => l.trim())
      .find(Boolean) ??
    header.slug ??
    '';
  const lines = text.split(/\r\n|\r|\n/).map((l) => l.replace(/[\x00-\x08\x0b-\x1f\x7f]/g, ''));
  const first = lines.findIndex((l) => l.trim());
  if (first < 0) {
    problems.push({ item: index, field: 'body', reason: 'no text between STX and ETX' });
    return null;
  }
  const item = emptyItem();
  item.headline = lines[first].trim();
  const rest = lines.slice(first + 1);
  const notebook = rest.findIndex((l) => /^#\s/.test(l.trim()));
  const storyLines = notebook >= 0 ? rest.slice(0, notebook) : rest;
  const paras = paragraphs(storyLines);
  // The closing signature: agency and editors' initials, e.g. `dpa wsz jln npr`.
  const signature =
    paras.length && /^[a-z]{2,5}(?: [a-z]{2,4}){1,5}$/.test(paras[paras.length - 1]) ? paras.pop() : null;
  item.bodyHtml = paras.map((p) => `<p>${escapeHtml(p)}</p>`).join('\n');
  const notes = [
    header.takeKey ? `Take: ${header.takeKey}` : '',
    notebook >= 0 ? rest.slice(notebook).join('\n').trim() : '',
    signature ?? '',
  ].filter(Boolean);
  item.edNote = notes.length ? notes.join('\n') : null;
  item.slugline = keyword.replace(/\/+$/, '').trim() || null;
  item.sequence = header.sequence;
  item.urgency = header.priority;
  // ANPA/IPTC category codes (a, i, s, ...) are kept as a subject; they are not a section name.
  if (header.category) item.subjects = [{ code: `anpa-category:${header.category}`, name: null }];
  item.versionCreated = trailerDate(trailer, reference);
  item.firstCreated = item.versionCreated;
  if (KILL.test(item.headline) || KILL.test(item.slugline ?? '')) item.pubStatus = 'canceled';
  return item;
}

export const iptc7901: FeedFormat = {
  name: 'iptc7901',

  detect(doc: RawDocument): boolean {
    const head = doc.text.slice(0, 64);
    return head.includes(SOH) && doc.text.includes(STX);
  },

  parse(doc: RawDocument) {
    const chunks = doc.text
      .split(SOH)
      .slice(1)
      .filter((c) => c.includes(STX));
    if (!chunks.length) throw new DocumentError('no story framed by SOH … STX … ETX', 'text');
    const problems: ItemProblem[] = [];
    const reference = new Date();
    const items = chunks
      .map((c, i) => parseStory(c, i + 1, reference, problems))
      .filter((x): x is WireItem => x !== null);
    return { format: 'iptc7901', items, problems };
  },
};
