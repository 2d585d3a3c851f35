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

/** ANPA's priority is a letter (f flash, b bulletin, u urgent, r routine, d deferred). */
const ANPA_PRIORITY: Record<string, number> = { f: 1, b: 2, u: 3, r: 4, d: 5 };
const SLUG = /^[A-Z]{1,3}-[\w-]+/;

const tokensOf = (line: string) =>
  line
    .replace(/[\x00-\x1f\x7f]/g, ' ')
    .trim()
    .split(/\s+/)
    .filter(Boolean);

/**
 * The lines before STX. IPTC 7901 (dpa): `eca062 4 i 211 ccccb   dpa 061` (service and sequence,
 * priority, category, word count), a blank line, the keyword line. ANPA 1312 (AP): the service and
 * sequence line (`z6715`, selector codes after a unit separator), then `r z BC-BKN--Heat-Hawks
 * 1stLd-Writethru 02-20 0500`: priority and category letters, format codes, the keyword (slug), the
 * take key, the date (MM-DD) and the word count. Either may be on one line.
 */
function readHeader(lines: string[]): Header {
  const first = tokensOf(lines[0] ?? '');
  const seq = /(\d{3,4})$/.exec(first[0] ?? '');
  // The line with the slug (ANPA), else the first line; on the first line the service comes first.
  const slugLineAt = lines.findIndex((l) => tokensOf(l).some((x) => SLUG.test(x)));
  const tokens = slugLineAt > 0 ? tokensOf(lines[slugLineAt]) : first;
  const from = slugLineAt > 0 ? 0 : 1;
  const priority =
    tokens
      .slice(from, from + 2)
      .map((t) => (/^[1-6]$/.test(t) ? Number(t) : null))
      .find((n) => n !== null) ?? null;
  const letter = tokens[from] && ANPA_PRIORITY[tokens[from]] !== undefined ? ANPA_PRIORITY[tokens[from]] : null;
  const category =
    tokens.slice(from, from + 3).find((t, i) => /^[a-z]$/.test(t) && !(i === 0 && t in ANPA_PRIORITY)) ?? null;
  const slugAt = tokens.findIndex((t) => SLUG.test(t));
  const slug = slugAt >= 0 ? tokens[slugAt] : null;
  // Between the slug and the date or 4-digit word count: the take key.
  const rest = slugAt >= 0 ? tokens.slice(slugAt + 1) : [];
  const countAt = rest.findIndex((t) => /^\d{4}$/.test(t) || /^\d{2}-\d{2}$/.test(t));
  const takeKey = rest.slice(0, countAt >= 0 ? countAt : rest.length).join(' ') || null;
  return { sequence: seq ? seq[1] : null, priority: priority ?? letter, category, slug, takeKey };
}

/**
 * The time after ETX: 7901's `131137 GMT Nov 13` (13 Nov, 11:37 UTC, in the year of `reference` or
 * the one before), or AP's `AP-WF-02-20-16 0337GMT` (20 Feb 2016, 03:37 UTC).
 */
function trailerDate(text: string, reference: Date): Date | null {
  const ap = /\b(\d{2})-(\d{2})-(\d{2})\s+(\d{2})(\d{2})\s*(?:GMT|UTC|Z)\b/.exec(text);
  if (ap) {
    const [month, day, hour, minute] = [ap[1], ap[2], ap[4], ap[5]].map(Number);
    if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59) return null;
    return new Date(Date.UTC(2000 + Number(ap[3]), month - 1, day, hour, minute));
  }
  const m = /\b(\d{2})(\d{2})(\d{2})\s*(?:GMT|UTC|Z)?(?:\s+([A-Za-z]{3})\s+(\d{1,2})\b)?/.exec(text);
  if (!m) return null;
  const day = Number(m[1]);
  const month = m[4] ? MONTHS.indexOf(m[4].toLowerCase()) : reference.getUTCMonth();
  if (month < 0 || day < 1 || day > 31 || Number(m[2]) > 23 || Number(m[3]) > 59) return null;
  // dpa writes the year after the month (`Nov 18` is November 2018); without it, the year of
  // `reference` or the one before.
  if (m[5] && m[5].length === 2) return new Date(Date.UTC(2000 + Number(m[5]), month, day, Number(m[2]), Number(m[3])));
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

/**
 * Take and status words an agency sets on a line of their own above the headline (dpa's `REFILE`,
 * `1ST LEAD`, `EXTRA`, `(Achtung)`; AP's `URGENT`, `BULLETIN`, `KILL`): kept as status markers,
 * never taken for the headline. Lines are cut to 60 characters before they are looked at.
 */
const MARKER_WORDS =
  /^(?:(?:\d+(?:ST|ND|RD|TH)|FIRST|SECOND|THIRD|NEW)\s+)?(?:LEAD|LD|WRITETHRU|REFILE|REPEAT|EXTRA|URGENT|FLASH|BULLETIN|ADVISORY|CORRECTION|CORRECTED|CORRECTS|UPDATE|UPDATED|SUB|INSERT|ADD|KILL|KILLED|MANDATORY KILL|ELIMINATE|WITHDRAWN|WITHDRAWAL|STORY WITHDRAWN|EMBARGOED|EILT|EILMELDUNG|VORAB|ZUSAMMENFASSUNG|BERICHTIGUNG|KORREKTUR|WIEDERHOLUNG|SPERRFRIST|ACHTUNG)(?:\s*[-:/]?\s*\d{0,3})?$/i;

export function isStatusMarker(line: string): boolean {
  const text = line.trim();
  if (!text || text.length > 40) return false;
  // `(Achtung)`, `(Eds: refile)`: a short remark in parentheses on its own line.
  if (text.startsWith('(') && text.endsWith(')') && text.indexOf(')') === text.length - 1) return true;
  return MARKER_WORDS.test(text);
}

/** Kill notices withdraw a story. */
const isKill = (text: string) => KILL.test(text.slice(0, 200));

/** AP's caret lines (`^Headline<`): the leading `^` and the end-of-line `<` removed. */
const caretText = (line: string) => line.trim().replace(/^\^/, '').replace(/<\s*$/, '').trim();

interface TextParts {
  markers: string[];
  headline: string;
  byline: string | null;
  /** AP's keyword line in the text (`BC-BKN--Heat-Hawks, 1st Ld-Writethru,416`): slug and take key. */
  keywordLine: { slug: string; takeKey: string | null } | null;
  notes: string[];
  body: string[];
}

/**
 * The text between STX and ETX, read as the agencies lay it out: status markers, the headline (the
 * lines up to a ` =` ending, a byline or a blank line), a byline (`By ...`, ending in ` =` or `=`),
 * then the body. AP writes its header lines with a caret (`^`): the keyword line, the headline, the
 * photo and editors' notes (`^AP Photo ...`, `^Eds: ...`), a summary line, the byline and the
 * writer's title; body paragraphs start with a tab.
 */
function readText(lines: string[]): TextParts {
  const parts: TextParts = { markers: [], headline: '', byline: null, keywordLine: null, notes: [], body: [] };
  let i = 0;
  const blank = () => i < lines.length && !lines[i].trim();
  while (blank()) i++;
  const caret = () => i < lines.length && lines[i].trimStart().startsWith('^');
  if (caret()) {
    // AP's ANPA: every header line is a caret line.
    let headlineTaken = false;
    for (; i < lines.length && (caret() || blank()); i++) {
      const text = caretText(lines[i]);
      if (!text) continue;
      const keyword = /^([A-Z]{1,3}-[^,]{1,80}),\s*([^,]{0,60}?),?\s*(\d{1,5})?$/.exec(text.slice(0, 200));
      if (!parts.keywordLine && SLUG.test(text) && keyword) {
        parts.keywordLine = {
          slug: keyword[1].trim(),
          takeKey: /^\d*$/.test(keyword[2].trim()) ? null : keyword[2].trim(),
        };
      } else if (!parts.keywordLine && SLUG.test(text))
        parts.keywordLine = { slug: text.replace(/,\s*\d*$/, ''), takeKey: null };
      else if (/^by\s/i.test(text)) parts.byline = text.replace(/\s*=$/, '');
      else if (parts.byline && text.endsWith('='))
        continue; // the writer's title (`AP Sports Writer=`)
      else if (/^(?:eds?|editors?)\s*:/i.test(text) || /^AP\s+(?:Photos?|Video|Graphics?|Audio)\b/i.test(text))
        parts.notes.push(text);
      else if (text === 'END') continue;
      else if (isStatusMarker(text) && !headlineTaken) parts.markers.push(text);
      else if (!headlineTaken) {
        parts.headline = text;
        headlineTaken = true;
      }
      // Further caret lines before the body (AP's summary of the story) are not story text.
    }
  } else {
    for (; i < lines.length && isStatusMarker(lines[i]); i++) parts.markers.push(lines[i].trim());
    const head: string[] = [];
    for (; i < lines.length && lines[i].trim(); i++) {
      const text = lines[i].trim();
      if (/^by\s/i.test(text) && head.length) {
        parts.byline = text.replace(/\s*=$/, '');
        i++;
        // The writer's title on the next line (`Associated Press Writer`), above the indented body.
        const title = lines[i]?.trim() ?? '';
        if (
          title &&
          !/^\s/.test(lines[i]) &&
          title.length <= 60 &&
          !/[.!?]$/.test(title) &&
          /^\s{2,}\S/.test(lines[i + 1] ?? '')
        )
          i++;
        break;
      }
      head.push(text);
      // dpa ends its headline with ` =`; an indented line is already the body.
      if (text.endsWith(' =') || /^\s{2,}\S/.test(lines[i + 1] ?? '')) {
        i++;
        break;
      }
    }
    parts.headline = head.join(' ');
    if (!parts.byline) {
      while (blank()) i++;
      const next = lines[i]?.trim() ?? '';
      if (/^by\s/i.test(next) && next.length <= 120 && next.endsWith('=')) {
        parts.byline = next.replace(/\s*=$/, '');
        i++;
      }
    }
  }
  parts.body = lines
    .slice(i)
    .map((l) => l.replace(/<\s*$/, ''))
    .filter((l) => l.trim() !== '^END');
  return parts;
}

function parseStory(chunk: string, index: number, reference: Date, problems: ItemProblem[]): WireItem | null {
  const stx = chunk.indexOf(STX);
  const beforeText = chunk.slice(0, stx);
  // AP doubles the STX; a second one opening the text is no text.
  const afterStx = chunk.slice(stx + 1).replace(/^\u0002+/, '');
  const etx = afterStx.indexOf(ETX);
  const text = etx >= 0 ? afterStx.slice(0, etx) : afterStx;
  const trailer = etx >= 0 ? afterStx.slice(etx + 1) : '';
  const headLines = beforeText.split(/\r\n|\r|\n/);
  const header = readHeader(headLines);
  const keywordLine = headLines
    .slice(1)
    .map((l) => l.replace(/[\x00-\x1f\x7f]/g, ' ').trim())
    .find(Boolean);
  const lines = text.split(/\r\n|\r|\n/).map((l) => l.replace(/[\x00-\x08\x0b-\x1f\x7f]/g, ''));
  if (!lines.some((l) => l.trim())) {
    problems.push({ item: index, field: 'body', reason: 'no text between STX and ETX' });
    return null;
  }
  const parts = readText(lines);
  const item = emptyItem();
  item.headlineFromBody = true;
  item.headline = parts.headline;
  item.byline = parts.byline;
  item.statusMarkers = parts.markers;
  const rest = parts.body;
  const notebook = rest.findIndex((l) => /^#\s/.test(l.trim()));
  const storyLines = notebook >= 0 ? rest.slice(0, notebook) : rest;
  const paras = paragraphs(storyLines);
  // The closing signature: agency and editors' initials, e.g. `dpa wsz jln npr`.
  const signature =
    paras.length && /^[a-z]{2,5}(?: [a-z]{2,4}){1,5}$/.test(paras[paras.length - 1]) ? paras.pop() : null;
  item.bodyHtml = paras.map((p) => `<p>${escapeHtml(p)}</p>`).join('\n');
  item.takeKey = parts.keywordLine?.takeKey ?? header.takeKey;
  const notes = [
    item.takeKey ? `Take: ${item.takeKey}` : '',
    ...parts.notes,
    notebook >= 0 ? rest.slice(notebook).join('\n').trim() : '',
    signature ?? '',
  ].filter(Boolean);
  item.edNote = notes.length ? notes.join('\n') : null;
  // The keyword: 7901's keyword line, else ANPA's slug.
  const keyword =
    (keywordLine && !tokensOf(keywordLine).some((t) => SLUG.test(t)) ? keywordLine : null) ??
    header.slug ??
    parts.keywordLine?.slug ??
    '';
  item.slugline = keyword.replace(/\/+$/, '').trim() || null;
  item.sequence = header.sequence;
  item.urgency = header.priority;
  // ANPA/IPTC category codes (a, i, s, ...) are kept as a subject; they are not a section name.
  if (header.category) item.subjects = [{ code: `anpa-category:${header.category}`, name: null }];
  item.versionCreated = trailerDate(trailer.slice(0, 200), reference);
  // AP signs the end of a story with its service code and time (`AP-WF-02-20-16 0337GMT`).
  const signed = /^\s*\^?([A-Z]{2,5})-[A-Z]{2}-\d{2}-\d{2}-\d{2}\b/.exec(trailer.slice(0, 100));
  if (signed) item.agency = { code: signed[1], name: signed[1] };
  item.firstCreated = item.versionCreated;
  if (parts.markers.some(isKill) || isKill(item.headline) || isKill(item.slugline ?? '')) item.pubStatus = 'canceled';
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
