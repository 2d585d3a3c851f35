/**
 * Issue 27, items 3–6 ("The promise under a third attack"): notices a red team found read wider
 * than they are. Each row asserts every term a notice gives, and whether it is flagged for review:
 *
 * - a full-text grant limited by purpose, medium or audience (private, non-commercial, internal,
 *   educational, print ...), a negated one (contractions included, curly apostrophes too) and a
 *   Creative Commons licence with NC or ND grants no full text to a partner's website;
 * - a refused quote is no quotes (limit 0), whatever number the refusal names;
 * - a percentage is read exactly (".5", "0,5", "½", "1/2", "half a percent") or, when it cannot be
 *   read with certainty, as 0 and flagged: never larger than written;
 * - a ban on publication or redistribution is a ban (no quote either), and a ban Wire cannot pin
 *   down is a ban flagged for review.
 * Synthetic notices.
 */
import { describeTerms, parseLicenceNotice, type LicenceTerms } from '../../plugins/wire/server/src/normalise/licence';

interface Want {
  full?: boolean;
  quote?: number | null;
  syndication?: boolean;
  review: boolean;
  marked?: boolean;
  attribution?: boolean;
  link?: boolean;
}

/** Every term: the defaults are a notice that says nothing of marking, attribution or archiving. */
const terms = (w: Want): LicenceTerms => ({
  quoteLimitPercent: w.quote ?? null,
  quotesMustBeMarked: w.marked ?? false,
  attributionRequired: w.attribution ?? false,
  hyperlinkRequired: w.link ?? false,
  fullTextAllowed: w.full ?? false,
  syndicationAllowed: w.syndication ?? true,
  archivalUseAllowed: true,
  tdmAllowed: null,
  picturesAllowed: false,
});

const NO_FULL_TEXT: Array<[string, Want]> = [
  // Contractions are negations, with a straight or a curly apostrophe.
  ["This article isn't free to use.", { review: false }],
  ['This article isn’t free to use.', { review: false }],
  ["This article doesn't come free to use.", { review: false }],
  ['You can’t republish this article in full.', { review: false }],
  ["Articles mustn't be reproduced in full.", { review: false }],
  ['This story won’t be free to use.', { review: false }],
  ['Ce texte n’est pas libre de droits.', { review: false }],
  // Grants limited by purpose, medium or audience: not a grant to a partner's website.
  ['Free to use for private, non-commercial purposes.', { review: false }],
  ['Free to use for internal newsroom purposes; publication requires a licence.', { review: false }],
  ['May be reproduced in full for educational purposes.', { review: false }],
  ['The complete text may be republished in print editions.', { review: false }],
  ['Royalty-free for non-commercial use.', { review: false }],
  ['Free to use for personal use.', { review: false }],
  ['May be republished in full in newsletters.', { review: false }],
  ['Honorarfrei für private Zwecke.', { review: false }],
  ['Abdruck frei für Bildungszwecke.', { review: false }],
  ['Vollständiger Abdruck in Printausgaben gestattet.', { review: false }],
  ['Zur freien Verwendung für nichtkommerzielle Zwecke.', { review: false }],
  ['Dieser Artikel ist nicht frei verwendbar.', { review: false }],
  ['Der Text darf nicht frei verwendet werden.', { review: false }],
  ['Libre de droits pour un usage non commercial.', { review: false }],
  ['Reproduction intégrale autorisée à des fins éducatives.', { review: false }],
  ['Puede reproducirse íntegramente con fines educativos.', { review: false }],
  ['Uso libre para fines no comerciales.', { review: false }],
  ['Se permite la reproducción íntegra en la edición impresa.', { review: false }],
  // Editorial use may or may not cover a partner's site: no grant, an editor decides.
  ['Free for editorial use.', { review: true }],
  // Creative Commons: NC is no commercial use (partners are commercial sites); ND allows verbatim
  // copies but no adaptation, and an excerpt or a re-formatted copy may be one: an editor decides.
  ['Creative Commons BY-NC-ND 4.0.', { review: false }],
  ['Licensed under CC BY-NC 4.0.', { review: false }],
  ['Licensed under CC BY-NC-SA 4.0.', { review: false }],
  ['Creative Commons Attribution-NonCommercial-ShareAlike 4.0 International.', { review: false }],
  ['Licensed under CC BY-ND 4.0.', { review: true }],
  ['Attribution-NoDerivatives 4.0 International (CC BY-ND 4.0).', { review: true }],
];

const FULL_TEXT_STILL: Array<[string, Want]> = [
  ['This article may be republished in full.', { full: true, review: false }],
  ['Free to use.', { full: true, review: false }],
  ['Licensed under Creative Commons CC-BY 4.0', { full: true, review: false }],
  ['Licensed under CC BY-SA 4.0.', { full: true, review: false }],
  ['CC0 1.0 Universal.', { full: true, review: false }],
  ['This story is in the public domain.', { full: true, review: false }],
  ['Dieser Text darf vollständig veröffentlicht werden.', { full: true, review: false }],
];

const REFUSED_QUOTES: Array<[string, Want]> = [
  ['Quotation of this article is not permitted, not even up to 5%.', { quote: 0, review: false }],
  ['Quotes are not permitted (the usual 5% quote allowance does not apply…)', { quote: 0, review: false }],
  ['This article can’t be quoted, not even 5%.', { quote: 0, review: false }],
  ["Excerpts aren't allowed, 2% included.", { quote: 0, review: false }],
  ['Zitate sind nicht gestattet, auch nicht bis 5 %.', { quote: 0, review: false }],
  ['Dieser Text darf nicht zitiert werden, auch nicht zu 5 %.', { quote: 0, review: false }],
  ['Les citations ne sont pas autorisées, même jusqu’à 5 %.', { quote: 0, review: false }],
  ['No se permiten citas, ni siquiera del 5 %.', { quote: 0, review: false }],
  // A negation the reader cannot pin to the quotes or the full text: the strictest reading.
  ['Not free to use, quotes up to 5% permitted.', { quote: 0, review: true }],
  // Limits written with a negation are limits.
  ['Quotes may not exceed 3% of the text.', { quote: 3, review: false }],
  ['Quotes must not be longer than 2% of the text.', { quote: 2, review: false }],
  ['Quotes of no more than 4 % are permitted.', { quote: 4, review: false }],
  ['Zitate dürfen nicht mehr als 5 % des Textes umfassen.', { quote: 5, review: false }],
  ['Les citations ne doivent pas dépasser 5 % du texte.', { quote: 5, review: false }],
  ['Las citas no pueden superar el 5 % del texto.', { quote: 5, review: false }],
];

const NUMBERS: Array<[string, Want]> = [
  ['Quotes up to .5% of the text.', { quote: 0.5, review: false }],
  ['Quotes up to 0.5 per cent of the text.', { quote: 0.5, review: false }],
  ['Quotes up to 0,5 % of the text.', { quote: 0.5, review: false }],
  ['Zitate bis 0,5 Prozent.', { quote: 0.5, review: false }],
  ['Quotes up to 1/2 % of the text.', { quote: 0.5, review: false }],
  ['Quotes up to ½% of the text.', { quote: 0.5, review: false }],
  ['Quotes up to 1½ % of the text.', { quote: 1.5, review: false }],
  ['Quotes up to half a percent of the text.', { quote: 0.5, review: false }],
  ['Quotes up to one-half percent of the text.', { quote: 0.5, review: false }],
  ['Zitate bis zu einem halben Prozent des Textes.', { quote: 0.5, review: false }],
  ['Citations jusqu’à un demi pour cent du texte.', { quote: 0.5, review: false }],
  ['Citas de hasta el medio por ciento del texto.', { quote: 0.5, review: false }],
  ['Quotes up to 2,5 % of the text.', { quote: 2.5, review: false }],
  // Not read with certainty: no quotes, flagged.
  ['Quotes up to 2.5.1% of the text.', { quote: 0, review: true }],
  ['Quotes up to five percent of the text.', { quote: 0, review: true }],
  ['Quotes up to 5-10% of the text.', { quote: 0, review: true }],
  ['Quotes up to 2 to 5 % of the text.', { quote: 0, review: true }],
  ['Quotes up to 150% of the text.', { quote: 0, review: true }],
  ['Quotes up to 1/0 % of the text.', { quote: 0, review: true }],
  ['Quotes up to 12345% of the text.', { quote: 0, review: true }],
];

const BANS: Array<[string, Want]> = [
  ['Not for syndication.', { syndication: false, review: false }],
  ['Publication and redistribution are prohibited.', { syndication: false, review: false }],
  ['Do not publish.', { syndication: false, review: false }],
  ['Don’t publish.', { syndication: false, review: false }],
  ['Redistribution is prohibited.', { syndication: false, review: false }],
  ['Eine Weitergabe an Dritte ist untersagt.', { syndication: false, review: false }],
  ['Weiterverbreitung und Veröffentlichung sind verboten.', { syndication: false, review: false }],
  ['Ne pas publier.', { syndication: false, review: false }],
  ['Prohibida la redistribución.', { syndication: false, review: false }],
  // A ban beside a quote allowance: the ban wins (no quote), and an editor looks.
  ['NOT FOR SYNDICATION. Quotes up to 5% of the text.', { syndication: false, review: true }],
  // Bans Wire cannot place (a condition, a vague negation): held from partners, flagged.
  ['No publication without the consent of the agency.', { syndication: false, review: true }],
  ['Publication is never permitted before noon.', { syndication: false, review: true }],
];

const ALL = [...NO_FULL_TEXT, ...FULL_TEXT_STILL, ...REFUSED_QUOTES, ...NUMBERS, ...BANS];

describe('issue 27: notices the red team read wider than they are', () => {
  it.each(ALL)('%s', (notice, want) => {
    const l = parseLicenceNotice(notice);
    expect({ terms: l.terms, needsReview: l.needsReview }).toEqual({ terms: terms(want), needsReview: want.review });
    // A flag always says why; a clean reading has no reasons.
    expect(l.reviewReasons.length > 0).toBe(want.review);
  });

  it('describes a refused quote as no quotes, not "quotes up to 0%"', () => {
    const l = parseLicenceNotice('Quotes are not permitted.');
    expect(l.terms.quoteLimitPercent).toBe(0);
    expect(describeTerms(l.terms)).toBe('no quotes (headline and link only)');
  });
});
