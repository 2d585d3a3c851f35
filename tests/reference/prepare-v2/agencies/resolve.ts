// Frozen reference copy (PREPARE_VERSION 2) for tests/unit/prepare-differential.test.ts: see tests/reference/README.md.
/**
 * Whose copy is this? One pure function, asked in a fixed order: the copy's own metadata, NITF
 * `from-src`/`doc.copyright`, the G2 provider, the dateline credit (ANPA's `(AP) _` included), a
 * sign-off line (`Associated Press=`), the guid's or URL's domain, the feed's default, the rights holder when
 * it is a name, and last the feed's title. A credit that names no known agency still names one: it comes back `isNew`, for an
 * editor to confirm. A phrase that is not a name (a licence holder such as "the author", "notice
 * with it", "alle Rechte vorbehalten") is never an agency.
 */
import type { AgencyRef } from '../../../../plugins/wire/server/src/formats/types';
import { AgencyIndex, SHIPPED, refOf } from './directory';

export interface AgencyEvidence {
  /** What the format read as the agency (G2 provider, NITF regsrc, NewsML 1 provider...). */
  metadata?: AgencyRef | null;
  /** NITF `<from-src src-name>` and `doc.copyright holder`. */
  nitfSource?: string | null;
  g2Provider?: string | null;
  /** The credit in the dateline, as written (`AP`, `NWP Press`). */
  credit?: string | null;
  /** The copy's last lines, where a sign-off (`Associated Press=`, `dpa xyz abc`) stands. */
  signOff?: string | null;
  guid?: string | null;
  url?: string | null;
  feedDefault?: AgencyRef | null;
  /** The rights holder the licence names: an agency only when it reads as a name. */
  holder?: string | null;
  feedTitle?: string | null;
}

export type ResolvedAgency = AgencyRef & { isNew?: boolean; source: string };

/** Words no agency name is made of: licence and rights phrases. */
const NOT_A_NAME =
  /\b(?:notice|author|autor|auteur|rights?|rechte|droits|derechos|reserved|vorbehalten|réservés|reservados|alle|all|copyright|licen[cs]e|lizenz|terms|with|mit|the copyright|urheber\w*|liability|haftung)\b|©|\(c\)|\d{4}/i;

/** Does this phrase read as an agency's name: 1-5 words, a letter first, no rights wording? */
export function looksLikeAgencyName(phrase: string | null | undefined): boolean {
  const text = (phrase ?? '').replace(/\s+/g, ' ').trim();
  if (text.length < 2 || text.length > 60) return false;
  if (!/^[\p{L}]/u.test(text) || !/^[\p{L}\p{N}&.'’ -]+$/u.test(text)) return false;
  if (text.split(' ').length > 5) return false;
  return !NOT_A_NAME.test(text);
}

/** A code for an agency Wire does not know: its name, upper-cased and slugged (`NWP Press` → `NWP-PRESS`). */
export function codeFromName(name: string): string {
  const words = name
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toUpperCase()
    .replace(/[^A-Z0-9]+/g, ' ')
    .trim()
    .split(' ')
    .filter(Boolean);
  let code = '';
  for (const word of words)
    if ((code ? code.length + 1 : 0) + word.length <= 24) code = code ? `${code}-${word}` : word;
  return code;
}

function hostOf(value: string | null | undefined): string | null {
  if (!value) return null;
  const urn = /^urn:newsml:([\w.-]+?)(?::|$)/i.exec(value.trim());
  if (urn) return urn[1];
  const tag = /^tag:([\w.-]+?),/i.exec(value.trim());
  if (tag) return tag[1];
  try {
    const url = new URL(value.trim());
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.hostname : null;
  } catch {
    return null;
  }
}

/** The sign-off at the end of the copy: `Associated Press=`, `(Reporting by ...; Reuters)` is not read. */
function signOffName(text: string | null | undefined): string | null {
  if (!text) return null;
  const lines = text
    .split(/\r\n|\r|\n/)
    .map((l) => l.trim())
    .filter(Boolean)
    .slice(-3)
    .reverse();
  for (const line of lines) {
    const m =
      /^(?:[-–—]\s*)?([\p{L}][\p{L}&.' -]{1,40}?)\s*=\s*$/u.exec(line) ??
      /^([\p{L}][\p{L}&.' -]{1,40}?)\s*$/u.exec(line);
    if (m) return m[1];
  }
  return null;
}

/** Asks the evidence in order; null when nothing names an agency. */
export function resolveAgency(ev: AgencyEvidence, index: AgencyIndex = SHIPPED): ResolvedAgency | null {
  const known = (name: string | null | undefined, source: string): ResolvedAgency | null => {
    const hit = index.byAlias(name) ?? index.byAlias(name?.replace(/^nprov:/i, ''));
    return hit ? { ...refOf(hit), source } : null;
  };
  /** A named agency: the directory's when known, else a new one when the phrase is a name. */
  const named = (name: string | null | undefined, source: string): ResolvedAgency | null => {
    const hit = known(name, source);
    if (hit) return hit;
    const clean = (name ?? '').replace(/^nprov:/i, '').trim();
    if (!looksLikeAgencyName(clean)) return null;
    const code = codeFromName(clean);
    return code ? { code, name: clean, homepage: null, isNew: true, source } : null;
  };

  if (ev.metadata?.code) {
    const hit = known(ev.metadata.code, 'metadata') ?? known(ev.metadata.name, 'metadata');
    if (hit) return hit;
    if (looksLikeAgencyName(ev.metadata.code.replace(/[-_]+/g, ' ')) || looksLikeAgencyName(ev.metadata.name)) {
      return { ...ev.metadata, code: ev.metadata.code.toUpperCase(), isNew: true, source: 'metadata' };
    }
  }
  return (
    named(ev.nitfSource, 'nitf') ??
    named(ev.g2Provider, 'provider') ??
    named(ev.credit, 'credit') ??
    known(signOffName(ev.signOff), 'sign-off') ??
    (() => {
      const e = index.byDomain(hostOf(ev.guid)) ?? index.byDomain(hostOf(ev.url));
      return e ? { ...refOf(e), source: 'domain' } : null;
    })() ??
    (ev.feedDefault ? { ...ev.feedDefault, source: 'feed' } : null) ??
    named(ev.holder, 'holder') ??
    named(ev.feedTitle, 'feed-title')
  );
}
