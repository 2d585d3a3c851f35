/**
 * Licence notices in, machine-readable terms out. One model for every source of rights: agency
 * footers (USPA in English and German), common wire notices, and rights fields of structured formats.
 * Pure functions: no Strapi, no I/O.
 */
import { createHash } from 'node:crypto';
import { detached, foldSpaces } from './text';

export interface LicenceTerms {
  /** Largest share of the whole text a quote may have, in percent; null when the notice sets none. */
  quoteLimitPercent: number | null;
  quotesMustBeMarked: boolean;
  attributionRequired: boolean;
  hyperlinkRequired: boolean;
  /** May the full text be republished (by anyone holding only this licence)? */
  fullTextAllowed: boolean;
  /** False when the notice forbids publishing or redistribution outright. */
  syndicationAllowed: boolean;
  archivalUseAllowed: boolean;
  /**
   * Text and data mining, AI training included: false when the notice reserves it (or speaks of it
   * at all: a grant of mining is not read as one, fail closed); null when it says nothing, and the
   * newsroom's default applies (`WIRE_TDM_RESERVATION`, serve/terms.ts).
   */
  tdmAllowed: boolean | null;
  /**
   * The pictures that come with the copy (fetched into the Media Library) may be published with it:
   * true only when a clause names pictures and grants them without a negation, condition or limited
   * use; a notice that does not say pictures are covered does not cover them (fail closed).
   */
  picturesAllowed: boolean;
}

export interface ParsedLicence {
  /** The notice verbatim (whitespace folded), as the agency wrote it. */
  notice: string;
  holder: string | null;
  terms: LicenceTerms;
  /** Language the notice is written in, when recognisable (`en`, `de`, `fr`, `es`). */
  language: string | null;
  /**
   * Part of the notice was not read with certainty: the terms above are its strictest reading, and
   * an editor should confirm them at the desk (Licences, Correct).
   */
  needsReview: boolean;
  /** What was not read, in words for the desk. */
  reviewReasons: string[];
}

/** Whitespace-folded notice; equal notices (up to whitespace) are one licence. */
export function normaliseNotice(notice: string): string {
  return foldSpaces(notice).trim();
}

/** Stable key for a notice: the same footer seen twice maps to one licence record. */
export function noticeKey(notice: string, holder: string | null = null): string {
  return createHash('sha256')
    .update(normaliseNotice(notice).toLowerCase())
    .update('\u0000')
    .update((holder ?? '').trim().toLowerCase())
    .digest('hex');
}

const PERCENT_WORDS = String.raw`(?:%|percent|per cent|prozent|pour cent|pourcent|por ciento)`;
// Footer detection (looksLikeLicenceFooter) only: how a limit is read is readPercents below.
const PERCENT = String.raw`(\d{1,3}(?:[.,]\d+)?)\s*` + PERCENT_WORDS;
// Every word for a share of the text; the number before each is read by numberBefore.
const SHARE_WORD =
  /%|‰|\bper ?cent\b|\bpercent\b|\bprozent\b|\bpour ?cent\b|\bpor ciento\b|\bpromille\b|\bper mille\b/gi;
// "Half a percent" and its kin, as the words before a share word end (read on at most 32 characters).
const HALF_BEFORE =
  /(?:\bhalf (?:a|an|of (?:a|one))|\b(?:a|one)[- ]half(?: of (?:a|one))?|\beine[mnrs]? halbe[mnrs]?|\bhalbe[mnrs]?|\bun demi|\bdemi|\bmedio|\bmedia)[- ]?$/i;
// A number that is the end of a range or of a mixed number ("5-10 %", "2 to 5 %", "1 1/2 %"): not one limit.
const RANGE_BEFORE = /\d ?(?:[-–]|to|bis|à|a|and|und|et|y|or|oder|ou|o)? ?$/i;
const NUMBER_CHARS = '0123456789.,/⁄½¼¾';
const FRACTIONS: Record<string, number> = { '½': 0.5, '¼': 0.25, '¾': 0.75 };

/** A number as written before a share word: `5`, `2,5`, `.5`, `½`, `1½`, `1/2`; null when it is not one of those. */
function readNumber(token: string): number | null {
  if (/^\d{1,3}$/.test(token)) return Number(token);
  if (/^\d{0,3}[.,]\d{1,3}$/.test(token)) return Number(token.replace(',', '.'));
  let m = /^(\d{0,3})([½¼¾])$/.exec(token);
  if (m) return Number(m[1] || 0) + FRACTIONS[m[2]];
  m = /^(\d{1,3})[/⁄](\d{1,3})$/.exec(token);
  if (m && Number(m[2]) > 0) return Number(m[1]) / Number(m[2]);
  return null;
}

/**
 * The shares a clause names, each read exactly or not at all: `unread` counts the share words whose
 * number cannot be read with certainty (none, a word such as "five", a range, "2.5.1", over 100).
 * Each share word looks back at most 32 characters: linear in the clause.
 */
function readPercents(clause: string): { values: number[]; unread: number; found: number } {
  const values: number[] = [];
  let unread = 0;
  let found = 0;
  for (const m of clause.matchAll(SHARE_WORD)) {
    found += 1;
    const scale = m[0] === '‰' || /mille/i.test(m[0]) ? 0.1 : 1;
    let end = m.index;
    for (let spaces = 0; spaces < 3 && end > 0 && clause[end - 1] === ' '; spaces++) end--;
    let start = end;
    while (start > 0 && end - start < 12 && NUMBER_CHARS.includes(clause[start - 1])) start--;
    const before = clause.slice(Math.max(0, start - 32), start);
    let value: number | null = null;
    if (start === end) value = HALF_BEFORE.test(clause.slice(Math.max(0, end - 32), end)) ? 0.5 : null;
    else if (
      !(start > 0 && NUMBER_CHARS.includes(clause[start - 1])) &&
      !/[-−+±]$/.test(before) &&
      !RANGE_BEFORE.test(before)
    )
      value = readNumber(clause.slice(start, end));
    if (value !== null) value *= scale;
    if (value === null || !(value >= 0 && value <= 100)) unread += 1;
    else values.push(value);
  }
  return { values, unread, found };
}

/**
 * How a notice is read (all patterns run on one clause at a time, a clause being a sentence of at
 * most MAX_NOTICE_CHARS; none nests quantifiers, so reading is linear in the notice's length):
 *
 * - A clause is about **quotes** when it names quoting (quote, excerpt, Zitat, citation, cita...);
 *   the one percentage in it is the limit. A permission condition there ("only with permission")
 *   leaves no machine-readable limit.
 * - A clause is about the **full text** when it names it (in full, full text, vollständig,
 *   intégralement, íntegramente...), free use ("free to use", "frei verwendbar", "libre de droits")
 *   or an open licence (Creative Commons, public domain). It grants the full text only when it says
 *   "may/darf/peut/puede" (or is an open licence or free use) with no negation and no condition at
 *   all; any negation or condition makes it a refusal.
 * - Full text is allowed only when some clause grants it and nothing else in the notice restricts
 *   it (a refusal, a quote limit, "all rights reserved", a ban on publication). A grant beside a
 *   restriction is a contradiction: full text stays off and the notice needs review.
 * - A clause Wire cannot place (no known subject) or a negation it cannot pin down flags the notice
 *   `needsReview`: it is served at its strictest reading (no full text, no fallback quote limit)
 *   until an editor confirms the terms at the desk.
 */
const MAX_NOTICE_CHARS = 4000;

/**
 * Bump when the reader gives less for some notice than before: licences stored by an earlier reader
 * are then read again once and narrowed where they now give less (services/licences.ts).
 * 2: issue 27 (limited grants, CC NC/ND, refused quotes, uncertain shares, bans).
 * 3: issue 23 (text and data mining and AI training reserved: `tdmAllowed: false`).
 * 4: issue 25 (pictures covered only where the notice says so: `picturesAllowed`).
 */
export const LICENCE_READER_VERSION = 4;

const QUOTE_SUBJECT =
  /\b(?:quot\w*|excerpt\w*|extract\w*|snippet\w*|zitat\w*|zitier\w*|auszug\w*|auszüge\w*|citation\w*|cit(?:er|é)|extrait\w*|cita\w*|fragment\w*)/i;
const FULL_SUBJECT =
  /\bin full\b|\bfull[- ]text\b|\bin (?:its|their) entirety\b|\bunabridged\b|\bcomplete (?:text|article|story)\b|\bwhole (?:article|story)\b|\brepublication\b|\breprint\w*|\bnachdruck|\babdruck|réimpression|reimpresi[óo]n|vollständig|in voller länge|\bvolltext|ungekürzt|\bkomplett|intégral|\bdans son intégralité|texte complet|article complet|íntegr|en su totalidad|texto completo|artículo completo/i;
const FREE_USE =
  /\bfree (?:to|for) (?:use|republication|republish|reproduc\w*|reprint\w*)|\bfree of (?:charge|rights)|royalty[- ]free|\bfrei verwendbar|zur freien verwendung|\bfrei zur (?:verwendung|veröffentlichung)|honorarfrei|\b(?:ab|nach)druck frei\b|\bnicht frei\b|libre de droits?|libre d'utilisation|utilisation libre|libre de (?:derechos|uso)|uso libre|de libre (?:uso|utilización)|\bno es libre|\bpas libre/i;
const OPEN_LICENCE =
  /creative commons|\bcc[- ]?by\b|\bcc0\b|\battribution-(?:noncommercial|sharealike|noderiv)|public domain|gemeinfrei|domaine public|dominio público/i;
// Creative Commons variants that grant no full text to a partner's site. NC: no commercial use, and
// partners are commercial sites (a refusal). ND: verbatim copies but no adaptation; an excerpt or a
// re-formatted copy may be one, so an editor decides (no full text until then).
const CC_NON_COMMERCIAL = /\bnc\b|non-?commercial|nicht-?kommerziell|pas d'utilisation commerciale|no comercial/i;
const CC_NO_DERIVATIVES = /\bnd\b|no-?deriv|keine bearbeitung|pas de modification|sin (?:obras )?derivad/i;
// A grant limited by purpose, medium or audience is no grant to a partner's website: private,
// personal, non-commercial, internal, educational, print, broadcast, newsletters, "for ... purposes".
const LIMITED_USE =
  /\bpurposes?\b|\bprivate(?:ly)?\b|\bpersonal(?:ly)?\b|\bnon[- ]?commercial\w*|\bnon-?profit\w*|\binternal(?:ly)?\b|\bin-house\b|\bintranets?\b|\bnewsrooms?\b|\beducation\w*|\bacademic\w*|\bresearch\b|\bteaching\b|\bschools?\b|\bstudents?\b|\bprint\w*|\bnewsletters?\b|\boffline\b|\bbroadcast\w*|\bradio\b|\btelevision\b|\btv\b|zweck|\bprivat\w*|\bpersönlich\w*|\bnicht-?kommerziell\w*|\bnichtkommerziell\w*|\bintern(?:e[nrms]?)?\b|\bbildung\w*|\bunterricht\w*|\bschul\w*|\bdruck\w*|\bfins\b|\bpriv[ée]|\bpersonnel\w*|\binternes?\b|éducati|\bpédagogi|\benseignement|\bimprim|presse écrite|\bfines\b|\bprop[óo]sitos?\b|\bprivad[oa]s?\b|\bpersonal(?:es)?\b|\bno comercia|\bintern[oa]s?\b|\beducativ|\bdocen|enseñanza|\bimpres[oa]s?\b|\bimpresi[óo]n/i;
// "For editorial use" may or may not cover a partner's site: no grant, and an editor decides.
const EDITORIAL_USE = /editorial|\bredaktionell/i;
const GRANT_VERB =
  /\b(?:may|can|shall) be\b|\bis (?:permitted|allowed|authori[sz]ed|granted)|\b(?:permitted|allowed)\b|\bdarf\b|\bdürfen\b|\berlaubt|\bgestattet|\bzulässig|\bkann\b|\bkönnen\b|\bpeu(?:t|vent) être\b|\bautoris|\bpermis\b|\bpuede(?:n)? (?:ser|reproducirse|publicarse)|\bse (?:permite|autoriza)|\bpermitid[oa]s?\b|\bautorizad[oa]s?\b/i;
// Negations and refusals whose meaning is plain: full text (or use) is refused.
const CLEAR_REFUSAL =
  /\b(?:may|must|can|shall|do|does|will|should) not\b|\bcannot\b|n't\b|\bnot (?:free|permitted|allowed|authori[sz]ed)\b|\bno (?:full|republication|reproduction|publication|redistribution|syndication|quot\w*|excerpts?)\b|\bprohibited\b|\bforbidden\b|\bnot for\b|\b(?:darf|dürfen|kann|können) [^,;]{0,60}?\bnicht\b|\bnicht (?:frei|gestattet|erlaubt|zulässig)|\bkeine (?:vollständige|veröffentlichung|weiterverbreitung|weitergabe|übernahme|zitate)|\buntersagt|\bverboten|\bunzulässig|\bne (?:peu(?:t|vent)|doi(?:t|vent)|sont?|est)? ?pas\b|\bn'est pas\b|\binterdite?s?\b|\binterdiction\b|\bnon (?:autoris|libre)|\bno (?:puede|pueden|se permite|está permitid|es libre|están permitid)|\bprohibid[oa]s?\b|\bqueda prohibid/i;
// Conditions that make a permission depend on something outside the notice: no grant.
const PERMISSION_CONDITION =
  /\bonly\b|\bsolely\b|\bexclusively\b|\bsubject to\b|\bunless\b|\bexcept\b|\bupon request\b|\bon request\b|\bby (?:prior )?(?:arrangement|agreement)\b|\b(?:permission|consent|authori[sz]ation|approval|licen[cs]e agreement)\b|\bsubscri\w*|\bmembers?\b|\bcustomers?\b|\bclients?\b|\blicensees?\b|\bpaid\b|\bagainst (?:payment|a fee)\b|\bfees?\b|\bnur\b|\bausschließlich|\blediglich|\bgenehmigung|\bzustimmung|\berlaubnis|\beinwilligung|\babonnent|\bkunden|\bes sei denn|\bvorbehaltlich|\bgegen (?:entgelt|gebühr|honorar)|\bseulement\b|\buniquement\b|\bexclusivement\b|\bsauf\b|\bautorisation|\baccord\b|\babonn[ée]|\bréservée? aux|\bsous réserve|\bs[óo]lo\b|únicamente\b|\bexclusivamente\b|\bsalvo\b|\bautorizaci[óo]n|\bpermiso|\bconsentimiento|\bsuscriptor|\babonad|\bprevi[ao]\b|\bsujet[oa] a\b|\bcontrato\b|\bcontrat\b|\bvertrag/i;
// Conditions of any kind (often a duty: "if the source is named"): read as no grant, and reviewed.
const ANY_CONDITION =
  /\bif\b|\bprovided\b|\bproviding\b|\bas long as\b|\bon condition\b|\bsofern\b|\bsoweit\b|\bwenn\b|\bfalls\b|\bunter der bedingung|à condition|\bpourvu\b|\bsi\b|\bsiempre que\b|\bcon tal de\b|\ba condición/i;
// Any other negation word: refusal, but one Wire does not pin down.
// Word edges by letters of any script (`\b` is ASCII only: it would find "ne" in "Rhône").
const NEGATION =
  /(?<![\p{L}\p{N}_])(?:not|no|never|nor|without|nicht|kein\p{L}*|nie|niemals|ohne|ne|pas|jamais|sans|aucun\p{L}*|nunca|sin|ningun\p{L}*)(?![\p{L}\p{N}_])|(?<![\p{L}\p{N}_])n'|n't(?![\p{L}\p{N}_])/iu;
// "Without restriction" and friends widen a grant; they are not a negation.
const WIDENING =
  /\bwithout (?:any )?(?:restrictions?|limitations?|charge|fees?|cost)\b|\bohne (?:einschränkung(?:en)?|beschränkung(?:en)?|kosten|gebühr)|\bsans (?:restriction|limitation|frais)s?\b|\bsin (?:restricci[oó]n(?:es)?|limitaci[oó]n(?:es)?|coste?)\b/gi;

const CURLY_APOSTROPHES = /[\u2018\u2019\u02bc]/g;
const MARKED =
  /marked as (?:such|a quot\w*|quot\w*)|clearly marked|identified as (?:a )?quot\w*|als (?:solche[sr]?|zitat) (?:gekennzeichnet|kenntlich)|kenntlich gemacht|gekennzeichnet|entre guillemets|identifiée?s? comme (?:telle?s?|citations?)|signalée?s? comme|marcad[oa]s? como|entre comillas|identificad[oa]s? como (?:tal(?:es)?|citas?)/i;
const ATTRIBUTION =
  /source (?:is|must be|shall be|to be) (?:named|credited|cited|given|stated|mentioned)|nam(?:e|ing) the source|credit(?:ing)? the source|with attribution|attributed to|attribution (?:is )?required|quelle (?:genannt|angegeben|zu nennen)|unter nennung der quelle|quellenangabe|en citant la source|mention de la source|la source (?:doit être|est) (?:citée|mentionnée|indiquée)|citando la fuente|mencionando la fuente|con atribución|la fuente (?:debe ser|sea) (?:citada|mencionada)|indicando la fuente/i;
// Positive forms only: "not permitting deep hyperlinking" must not read as "a hyperlink is required".
const HYPERLINK =
  /(?:via|with|by|using) (?:a )?(?:hyper-?)?link\b|\(via hyperlink\)|hyperlink(?:ed)? to the (?:source|original)|link(?:ing)? back to|(?:per|mit) (?:hyper)?link|verlinkt|verlinkung|(?:avec|par) (?:un )?(?:hyper)?lien|lien vers (?:la source|l'original)|(?:con|mediante) (?:un )?(?:hiper)?(?:v[íi]nculo|enlace)|enlace a la fuente/i;
const NO_SYNDICATION =
  /may not be (?:published|broadcast|rewritten|redistributed|reproduced)|must not be (?:published|redistributed|reproduced)|not for (?:publication|redistribution|syndication|distribution)|darf nicht (?:veröffentlicht|weiterverbreitet|verbreitet|vervielfältigt)|dürfen nicht (?:veröffentlicht|weiterverbreitet|verbreitet)|veröffentlichung (?:ist )?(?:untersagt|verboten)|nicht zur veröffentlichung|reproduction (?:\w+ )?interdite|diffusion (?:\w+ )?interdite|toute reproduction|ne peu(?:t|vent) (?:pas )?être (?:publiée?s?|reproduite?s?|diffusée?s?)|prohibida (?:su|la) (?:reproducción|publicación|difusión)|queda prohibida|no (?:puede|pueden) ser (?:publicad|reproducid|difundid)/i;
// What a ban speaks of: publishing, redistributing, syndicating, passing on.
const BAN_SUBJECT =
  /\bpublish\w*|\bpublication\b|\bredistribut\w*|\bdistribut\w*|\bsyndicat\w*|\bbroadcast\w*|\bresell\w*|\bweitergabe\b|\bweiterzugeben|\bweitergegeben|\bweiterverbreit\w*|\bveröffentlich\w*|\bverbreit\w*|\bpubli(?:er|ée?s?|cations?)\b|\bdiffus\w*|\bredistribu\w*|\bpublica\w*|\bdifundi\w*|\bdifusi[óo]n/i;
const NO_ARCHIVE =
  /no archiv(?:al|e)|not for archiv|keine archivierung|nicht archiviert|pas d'archivage|archivage interdit|no (?:se permite )?archivar|prohibido archivar/i;
// Text and data mining and AI training, in the words notices use for them (a reservation under
// Art. 4 DSM Directive / § 44b UrhG names them). Any mention reads as a reservation: a notice that
// grants mining is not read as granting it (fail closed; an editor may correct it).
const TDM_RESERVED =
  /text[- ]and[- ]data[- ]mining|\btdm\b|\b(?:text|data)[- ]?mining\b|text-? und data-?mining|text- und datamining|\bdata[- ]?mining|fouille de (?:textes?|données)|exploration de (?:textes?|données)|minería de (?:textos?|datos)|\bki-?training|\bki-?modell|\bai[- ]training|\btrain(?:ing|ed)? (?:of |for |an? )?(?:ai|artificial intelligence|(?:large )?language models?|llms?|machine learning)\b|\bmachine[- ]learning\b|maschinelle[sn]? lernen|künstliche[rn]? intelligenz|\bintelligence artificielle|\binteligencia artificial|\bartificial intelligence\b|\bapprentissage automatique|\baprendizaje automático|§ ?44b|\blarge language models?\b|\bllms?\b|\bgenerative ai\b|\bgenai\b/i;
// What a clause about the pictures that come with the copy names them by.
const PICTURE_SUBJECT =
  /\b(?:photo\w*|pictures?|images?|imagery|pics)\b|\bbild(?:er|ern|material)?\b|\bfotos?\b|\bfotograf\w*|\bimagen(?:es)?\b/i;
// Words that make a clause about the text as well (a clause naming only pictures decides nothing else).
const TEXT_SUBJECT =
  /\b(?:text|texts|article|articles|story|stories|copy|report|reports|content|material|quot\w*|excerpt\w*)\b|\b(?:artikel|beitrag|beiträge|meldung\w*|texte?|inhalte?|zitat\w*)\b|\b(?:texte|articles?|contenus?|citations?)\b|\b(?:texto|artículo|contenidos?|citas?)\b/i;

/** What one clause says of pictures: a grant, a refusal or a condition (no grant), or nothing. */
function readPictures(clause: string): 'grant' | 'refusal' | null {
  if (!PICTURE_SUBJECT.test(clause)) return null;
  const plain = clause.replace(WIDENING, ' ');
  if (
    CLEAR_REFUSAL.test(plain) ||
    NEGATION.test(plain) ||
    PERMISSION_CONDITION.test(plain) ||
    ANY_CONDITION.test(plain) ||
    LIMITED_USE.test(plain) ||
    EDITORIAL_USE.test(plain)
  )
    return 'refusal';
  if (OPEN_LICENCE.test(clause) ? !CC_NON_COMMERCIAL.test(plain) : FREE_USE.test(plain) || GRANT_VERB.test(plain))
    return 'grant';
  // Pictures named without a grant or a refusal ("© Example Photo Wire"): nothing said of their use.
  return null;
}

const ALL_RIGHTS = /all rights reserved|alle rechte vorbehalten|tous droits réservés|todos los derechos reservados/i;
// Bounded gaps: `[^.]*` after every "author" would make a long notice quadratic.
const AUTHOR_HOLDS =
  /(?:lies|rests) with the author,? who also holds the copyright|author[^.]{0,80}?holds? the copyright|liegt beim autor|autor[^.]{0,80}?(?:urheberrecht|copyright)/i;
// Clauses Wire recognises without them changing any term: copyright lines, liability, licence names.
const NEUTRAL =
  /©|\(c\)|\bcopyright\b|urheberrecht|droits? d'auteur|derechos de autor|\bliabilit|\bhaftung|\bresponsabilit|\bresponsabilidad|\bcontent from\b|\binhalte? von\b|\bcontenus? d[e']|\bcontenidos? de\b|\blicen[cs]ed\b|\blizenz|\blicence\b|\blicencia/i;
const GERMAN = /\b(?:der|die|das|und|ist|wird|dürfen|darf|nicht|mit|von|für)\b/gi;
const FRENCH = /\b(?:le|la|les|des|du|est|et|être|peut|pour|avec|une?)\b/gi;
const SPANISH = /\b(?:el|los|las|del|es|y|ser|puede|para|con|una?|su)\b/gi;
const ABBREVIATIONS = new Set([
  'max',
  'min',
  'ca',
  'approx',
  'z.b',
  'bzw',
  'vgl',
  'e.g',
  'i.e',
  'etc',
  'no',
  'nr',
  'art',
  'abs',
  'p',
  's',
  'pp',
  'env',
  'máx',
  'mín',
  'aprox',
]);

/** Sentences of a notice, split at `.;!?` followed by a space (not after "max." or "z.B."). Linear. */
export function noticeClauses(notice: string): string[] {
  const out: string[] = [];
  let start = 0;
  for (let i = 0; i < notice.length; i++) {
    const c = notice[i];
    if (c !== '.' && c !== ';' && c !== '!' && c !== '?') continue;
    const next = notice[i + 1];
    if (next !== undefined && next !== ' ') continue;
    if (c === '.') {
      let w = i;
      while (w > start && w > i - 8 && notice[w - 1] !== ' ' && notice[w - 1] !== '(') w--;
      if (ABBREVIATIONS.has(notice.slice(w, i).toLowerCase())) continue;
    }
    const clause = notice.slice(start, i).trim();
    if (clause) out.push(clause);
    start = i + 1;
  }
  const rest = notice.slice(start).trim();
  if (rest) out.push(rest);
  return out;
}

type FullReading = 'grant' | 'refusal' | 'unclear-refusal' | null;

/** What one clause says of the full text: a grant, a refusal, a refusal Wire is unsure of, or nothing. */
function readFullText(clause: string): FullReading {
  const open = OPEN_LICENCE.test(clause);
  const free = FREE_USE.test(clause);
  if (!open && !free && !FULL_SUBJECT.test(clause)) return null;
  const plain = clause.replace(WIDENING, ' ');
  if (CLEAR_REFUSAL.test(plain) || PERMISSION_CONDITION.test(plain) || LIMITED_USE.test(plain)) return 'refusal';
  if (open && CC_NON_COMMERCIAL.test(plain)) return 'refusal';
  if (NEGATION.test(plain) || ANY_CONDITION.test(plain) || EDITORIAL_USE.test(plain)) return 'unclear-refusal';
  if (open && CC_NO_DERIVATIVES.test(plain)) return 'unclear-refusal';
  if (open || free || GRANT_VERB.test(plain)) return 'grant';
  // "Full text: see our terms": it names the full text and grants nothing.
  return 'unclear-refusal';
}

interface QuoteReading {
  /** The limit; 0 when quotes are refused or the share cannot be read with certainty. */
  percent: number | null;
  /** The clause limits quotes but only under a permission (no machine-readable limit). */
  conditional: boolean;
  ambiguous: boolean;
}

// Limits written with a negation ("may not exceed 3%", "nicht mehr als 5 %"): limits, not refusals.
const LIMIT_PHRASE =
  /(?:\b(?:may|must|shall|should|can|do|does|will) not|n't) (?:exceed\w*|surpass\w*|go beyond|be (?:more|longer|larger|greater|over)(?: than)?)|\b(?:not|no) (?:more|longer|larger|greater|over) than\b|\bnot (?:to )?exceed\w*|\bnever (?:more than|exceed\w*)|\bnicht (?:mehr|länger|größer|über) als\b|\bnicht (?:überschreit|übersteig)\w*|\bne (?:dépass|excèd)\w* pas\b|\bno (?:super|exced|sobrepas|rebas)\w*|\bne (?:doi(?:t|vent)|peu(?:t|vent)) pas (?:dépasser|excéder)|\bpas plus de\b|\bno (?:debe|deben|puede|pueden|podrá|podrán) (?:superar|exceder|sobrepasar|rebasar)|\bno (?:más|mayor(?:es)?|superior(?:es)?) (?:de|del|que|a|al)\b/gi;

function readQuote(clause: string): QuoteReading | null {
  const shares = readPercents(clause);
  const aboutQuotes = QUOTE_SUBJECT.test(clause);
  if (!aboutQuotes && !shares.found) return null;
  if (!aboutQuotes) return { percent: null, conditional: false, ambiguous: true };
  const plain = clause.replace(WIDENING, ' ').replace(LIMIT_PHRASE, ' ');
  // A refused quote is no quotes, whatever number the refusal names ("not even up to 5%"). When the
  // clause also speaks of the full text, the negation may be the full text's: strictest, and reviewed.
  const alsoFull = OPEN_LICENCE.test(clause) || FREE_USE.test(clause) || FULL_SUBJECT.test(clause);
  if (CLEAR_REFUSAL.test(plain)) return { percent: 0, conditional: false, ambiguous: alsoFull };
  if (PERMISSION_CONDITION.test(plain)) return { percent: null, conditional: true, ambiguous: false };
  // A negation Wire does not pin down: no limit read from it. With a share in it, no quotes at all.
  if (NEGATION.test(plain)) return { percent: shares.found ? 0 : null, conditional: false, ambiguous: true };
  // A share that cannot be read with certainty: never a larger reading, no quotes until confirmed.
  if (shares.unread) return { percent: 0, conditional: false, ambiguous: true };
  if (!shares.values.length) return { percent: null, conditional: false, ambiguous: false };
  const distinct = [...new Set(shares.values)];
  return { percent: Math.min(...distinct), conditional: false, ambiguous: distinct.length > 1 };
}

type BanReading = 'ban' | 'unclear-ban' | null;

/**
 * Does a clause forbid publication or redistribution? A ban that names the full text refuses the full
 * text only, and one beside a quote allowance is a quote clause; a negated clause about publishing
 * that Wire cannot pin down ("No publication without the consent of the agency") is a ban too, to be
 * confirmed by an editor.
 */
function readBan(clause: string, full: FullReading, quote: QuoteReading | null): BanReading {
  if (full !== null || (quote && quote.percent !== 0)) return null;
  if (NO_SYNDICATION.test(clause)) return 'ban';
  if (!BAN_SUBJECT.test(clause)) return null;
  const plain = clause.replace(WIDENING, ' ');
  if (CLEAR_REFUSAL.test(plain))
    return PERMISSION_CONDITION.test(plain) || ANY_CONDITION.test(plain) ? 'unclear-ban' : 'ban';
  return NEGATION.test(plain) ? 'unclear-ban' : null;
}

// Feeds repeat the same few notices on every item: read each once. By holder, then notice (the
// notice string itself as the key: often the very same string from item to item, its hash kept).
const parsedNotices = new Map<string, Map<string, ParsedLicence>>();
let cachedNotices = 0;
const MAX_CACHED_NOTICES = 500;

const copyOf = (p: ParsedLicence): ParsedLicence => ({
  ...p,
  terms: { ...p.terms },
  reviewReasons: [...p.reviewReasons],
});

/** Reads a notice into terms. Unknown wording yields the strict default: no full text, no limit. */
export function parseLicenceNotice(rawNotice: string, holderHint: string | null = null): ParsedLicence {
  const holderKey = holderHint ?? '';
  const cached = parsedNotices.get(holderKey)?.get(rawNotice);
  if (cached) return copyOf(cached);
  const parsed = readNotice(rawNotice, holderHint);
  if (cachedNotices >= MAX_CACHED_NOTICES) {
    parsedNotices.clear();
    cachedNotices = 0;
  }
  let byNotice = parsedNotices.get(holderKey);
  if (!byNotice) parsedNotices.set(detached(holderKey), (byNotice = new Map()));
  byNotice.set(detached(rawNotice), parsed);
  cachedNotices += 1;
  return copyOf(parsed);
}

function languageOf(notice: string): string | null {
  const count = (re: RegExp) => (notice.match(re) ?? []).length;
  const scores: Array<[string, number]> = [
    ['de', count(GERMAN)],
    ['fr', count(FRENCH)],
    ['es', count(SPANISH)],
  ];
  scores.sort((a, b) => b[1] - a[1]);
  if (scores[0][1] >= 3 && scores[0][1] > scores[1][1]) return scores[0][0];
  return /[a-z]/i.test(notice) ? 'en' : null;
}

function readNotice(rawNotice: string, holderHint: string | null): ParsedLicence {
  const notice = normaliseNotice(rawNotice);
  const strictest: LicenceTerms = {
    quoteLimitPercent: null,
    quotesMustBeMarked: false,
    attributionRequired: false,
    hyperlinkRequired: false,
    fullTextAllowed: false,
    syndicationAllowed: true,
    archivalUseAllowed: true,
    // Unread: mining reserved, whatever the newsroom's default.
    tdmAllowed: false,
    picturesAllowed: false,
  };
  if (notice.length > MAX_NOTICE_CHARS) {
    return {
      notice,
      holder: holderHint?.trim() || null,
      terms: strictest,
      language: null,
      needsReview: true,
      reviewReasons: [`notice longer than ${MAX_NOTICE_CHARS} characters: not read`],
    };
  }
  const reasons: string[] = [];
  let grants = 0;
  let refusals = 0;
  let quoteLimitPercent: number | null = null;
  let syndicationAllowed = true;
  let pictureGrants = 0;
  let pictureRefusals = 0;
  for (const clause of noticeClauses(notice)) {
    // Read with straight apostrophes: "isn’t" is "isn't" (reasons quote the clause as written).
    const text = clause.replace(CURLY_APOSTROPHES, "'");
    const pictures = readPictures(text);
    if (pictures === 'grant') pictureGrants++;
    else if (pictures === 'refusal') pictureRefusals++;
    // A clause about the pictures only ("Photos may not be archived") says nothing of the text.
    if (pictures && !TEXT_SUBJECT.test(text)) continue;
    const full = readFullText(text);
    const quote = readQuote(text);
    const banned = readBan(text, full, quote);
    if (banned) syndicationAllowed = false;
    if (banned === 'unclear-ban') reasons.push(`read as a ban on publication: "${clause}"`);
    if (full === 'grant') grants++;
    else if (full === 'refusal') refusals++;
    else if (full === 'unclear-refusal') {
      refusals++;
      reasons.push(`unclear about the full text: "${clause}"`);
    }
    if (quote) {
      if (quote.ambiguous) reasons.push(`unclear quote limit: "${clause}"`);
      if (quote.percent !== null && !quote.conditional)
        quoteLimitPercent = quoteLimitPercent === null ? quote.percent : Math.min(quoteLimitPercent, quote.percent);
    }
    const known =
      pictures !== null ||
      full !== null ||
      quote !== null ||
      banned !== null ||
      NEUTRAL.test(clause) ||
      ALL_RIGHTS.test(clause) ||
      NO_ARCHIVE.test(clause) ||
      TDM_RESERVED.test(clause) ||
      MARKED.test(clause) ||
      ATTRIBUTION.test(clause) ||
      HYPERLINK.test(clause) ||
      AUTHOR_HOLDS.test(clause);
    if (!known) reasons.push(`not read: "${clause}"`);
  }
  const allRights = ALL_RIGHTS.test(notice);
  const restricted = refusals > 0 || allRights || !syndicationAllowed || quoteLimitPercent !== null;
  if (grants > 0 && restricted) reasons.push('grants the full text and restricts it: the strictest reading applies');
  if (!syndicationAllowed && quoteLimitPercent)
    reasons.push('bans publication and allows quotes: the ban applies (no quotes)');
  const needsReview = reasons.length > 0;
  const terms: LicenceTerms = {
    quoteLimitPercent: syndicationAllowed ? quoteLimitPercent : null,
    quotesMustBeMarked: MARKED.test(notice),
    attributionRequired: ATTRIBUTION.test(notice) || HYPERLINK.test(notice),
    hyperlinkRequired: HYPERLINK.test(notice),
    fullTextAllowed: grants > 0 && !restricted && !needsReview,
    syndicationAllowed,
    archivalUseAllowed: !NO_ARCHIVE.test(notice),
    tdmAllowed: TDM_RESERVED.test(notice) ? false : null,
    picturesAllowed: pictureGrants > 0 && pictureRefusals === 0 && syndicationAllowed && !needsReview,
  };
  const language = languageOf(notice);
  return {
    notice,
    holder: holderHint?.trim() || copyrightHolder(notice, language),
    terms,
    language,
    needsReview,
    reviewReasons: reasons,
  };
}

/** Who holds the copyright, as the notice says it; null when it does not say. */
export function copyrightHolder(notice: string, language: string | null = null): string | null {
  if (AUTHOR_HOLDS.test(notice)) return language === 'de' ? 'Der Autor' : 'The author';
  // "the copyright notice" names no holder; "alle Rechte vorbehalten" and a trailing year are no part of one.
  const m =
    /(?:©|\(c\)|copyright(?!\s+notice))\s*(?:\(c\)\s*)?(?:\d{4}(?:\s*[-–/]\s*\d{2,4})?\s*,?\s*)?([^,.;()]{2,80}?)(?:[,.;]|\s*[-–—]?\s+(?:all rights|alle rechte|tous droits|todos los derechos)|$)/i.exec(
      notice,
    );
  if (!m) return null;
  const holder = m[1].trim().replace(/\s+\d{4}$/, '');
  return holder && !/^(?:by|the|notice)$/i.test(holder) ? holder : null;
}

/**
 * Does this paragraph read as a licence footer rather than story text? Used by agency profiles to
 * split the footer off the body.
 */
export function looksLikeLicenceFooter(paragraph: string): boolean {
  const text = normaliseNotice(paragraph);
  if (text.length > 1200) return false;
  // Two signals decide: stop at the second.
  let found = 0;
  for (const signal of FOOTER_SIGNALS) if (signal.test(text) && (found += 1) >= 2) return true;
  return false;
}

/** What a licence footer says, any two of which make a paragraph one (none is global: `test` keeps no state). */
const FOOTER_SIGNALS: readonly RegExp[] = [
  /liability for this (?:article|text)/i,
  /haftung für diese[nr]? (?:artikel|text|beitrag)/i,
  AUTHOR_HOLDS,
  /may be quoted|dürfen[^.]*zitiert werden|darf[^.]*zitiert werden/i,
  new RegExp(PERCENT, 'i'),
  ATTRIBUTION,
  HYPERLINK,
  // "Quotes up to 5%", "Zitate bis 5 %", and the refusals footers open or close with.
  /\b(?:quot(?:e|es|ation|ations)|zitate?|citations?|citas?|citazion[ei])\b[^.]{0,80}?\d{1,3}(?:[.,]\d+)?\s*(?:%|percent|prozent|por ciento|pour cent)/i,
  /\bnot free to use\b|\bnicht frei\b|\brepublication in full\b|\breproduction intégrale\b|\bnachdruck\b|\breproducción íntegra\b|\bwritten permission\b|\bschriftliche[rn]? genehmigung\b|\ball rights reserved\b|\balle rechte vorbehalten\b/i,
];

/** The terms in plain words, e.g. `quotes up to 5% of the text, marked as quotes, source linked`. */
export function describeTerms(terms: LicenceTerms): string {
  if (!terms.syndicationAllowed) return 'no publication or redistribution';
  const parts: string[] = [];
  if (terms.fullTextAllowed) parts.push('full text may be republished');
  if (terms.quoteLimitPercent === 0) parts.push('no quotes (headline and link only)');
  else if (terms.quoteLimitPercent !== null) parts.push(`quotes up to ${terms.quoteLimitPercent}% of the text`);
  if (terms.quotesMustBeMarked && terms.quoteLimitPercent !== 0) parts.push('marked as quotes');
  if (terms.hyperlinkRequired) parts.push('source named with a hyperlink');
  else if (terms.attributionRequired) parts.push('source named');
  if (!terms.archivalUseAllowed) parts.push('no archival use');
  if (terms.tdmAllowed === false) parts.push('no text and data mining or AI training');
  if (terms.picturesAllowed) parts.push('pictures may be published with it');
  if (!parts.length) parts.push('no machine-readable permission (headline and link only)');
  return parts.join(', ');
}
