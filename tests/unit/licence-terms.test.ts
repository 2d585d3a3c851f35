/**
 * Licence footers in four languages, each with the terms Wire must read from it. Full text only for
 * an explicit, unconditional grant; negations, conditions and permission clauses keep it off; what
 * is not fully read is flagged for review and read at its strictest. Synthetic footers.
 */
import { noticeClauses, parseLicenceNotice } from '../../plugins/wire/server/src/normalise/licence';
import { licenceTerms } from '../../plugins/wire/server/src/serve/partner-view';

interface Expected {
  full: boolean;
  quote: number | null;
  marked?: boolean;
  attribution?: boolean;
  link?: boolean;
  review: boolean;
  syndication?: boolean;
}

const USPA_EN =
  'Liability for this article lies with the author, who also holds the copyright. Editorial content from USPA may be quoted on other websites as long as the quote comprises no more than 5% of the entire text, is marked as such and the source is named (via hyperlink).';
const USPA_DE =
  'Die Haftung für diesen Artikel liegt beim Autor, der auch das Urheberrecht hält. Redaktionelle Inhalte von USPA dürfen auf anderen Webseiten zitiert werden, sofern das Zitat nicht mehr als 5% des gesamten Textes umfasst, als solches gekennzeichnet ist und die Quelle genannt wird (per Hyperlink).';

const FOOTERS: Array<[string, Expected]> = [
  // --- USPA, as read before (must not change) ---
  [USPA_EN, { full: false, quote: 5, marked: true, attribution: true, link: true, review: false }],
  [USPA_DE, { full: false, quote: 5, marked: true, attribution: true, link: true, review: false }],
  // --- the examples ---
  [
    'Not free to use. Quotes up to 5% of the text are permitted, marked as such, with attribution. Republication in full only with the written permission of the author.',
    { full: false, quote: 5, marked: true, attribution: true, link: false, review: false },
  ],
  [
    'Not free to use. Quotes up to 5% ... Republication in full only with the written permission of the author',
    { full: false, quote: 5, review: false },
  ],
  ['Subscribers only: may be reproduced in full.', { full: false, quote: null, review: false }],
  [
    'This article may be republished in full only with a licence agreement.',
    { full: false, quote: null, review: false },
  ],
  ['May be republished in full only with the consent of Example Press.', { full: false, quote: null, review: false }],
  // --- English grants ---
  ['Licensed under Creative Commons CC-BY 4.0', { full: true, quote: null, review: false }],
  ['This story is in the public domain.', { full: true, quote: null, review: false }],
  ['This article may be republished in full.', { full: true, quote: null, review: false }],
  ['Free to use. The source must be credited.', { full: true, quote: null, attribution: true, review: false }],
  [
    'May be reproduced in full without restriction, with a link back to the original.',
    { full: true, quote: null, attribution: true, link: true, review: false },
  ],
  // --- English refusals and conditions ---
  [
    'This article may not be reproduced in full. Quotes of up to 10 percent of the article are permitted with attribution.',
    { full: false, quote: 10, attribution: true, review: false },
  ],
  ['Full text is available to paying customers.', { full: false, quote: null, review: false }],
  ['May be reproduced in full unless otherwise stated.', { full: false, quote: null, review: false }],
  ['Reproduction in full is prohibited.', { full: false, quote: null, review: false }],
  [
    'Full text may be republished if the source is named.',
    { full: false, quote: null, attribution: true, review: true },
  ],
  ['Never republish in full.', { full: false, quote: null, review: true }],
  [
    'Copyright 2026 The Example Press. All rights reserved. This material may not be published, broadcast, rewritten or redistributed.',
    { full: false, quote: null, review: false, syndication: false },
  ],
  ['Copyright 2017-18 Example Enews LLP, all rights reserved', { full: false, quote: null, review: false }],
  [
    'Quotes may not exceed 3% of the text and must be clearly marked.',
    { full: false, quote: 3, marked: true, review: false },
  ],
  ['Quotations only with prior permission, up to 5% of the text.', { full: false, quote: null, review: false }],
  ['Some words nobody can read as terms.', { full: false, quote: null, review: true }],
  // --- a grant beside a restriction: the strictest reading, reviewed ---
  [
    'Quotes up to 5% of the text, with attribution. May be republished in full.',
    { full: false, quote: 5, attribution: true, review: true },
  ],
  ['All rights reserved. Licensed under Creative Commons CC-BY 4.0.', { full: false, quote: null, review: true }],
  [
    'May be reproduced in full. Not for republication in full outside Europe.',
    { full: false, quote: null, review: true },
  ],
  ['May be reproduced in full. Call our desk for details.', { full: false, quote: null, review: true }],
  // --- German ---
  [
    'Honorarfrei. Abdruck frei unter Nennung der Quelle.',
    { full: true, quote: null, attribution: true, review: false },
  ],
  ['Frei verwendbar unter Creative Commons.', { full: true, quote: null, review: false }],
  ['Dieser Text darf vollständig veröffentlicht werden.', { full: true, quote: null, review: false }],
  [
    'Nicht frei zur Verwendung. Zitate bis zu 5% des Textes, mit Quellenangabe.',
    { full: false, quote: 5, attribution: true, review: false },
  ],
  ['Nachdruck nur mit Genehmigung des Verlags.', { full: false, quote: null, review: false }],
  ['Der Text darf nicht vollständig übernommen werden.', { full: false, quote: null, review: false }],
  ['Vollständige Veröffentlichung nur für Abonnenten.', { full: false, quote: null, review: false }],
  [
    'Zitate dürfen höchstens 2,5 % des Textes umfassen und müssen als Zitat gekennzeichnet sein.',
    { full: false, quote: 2.5, marked: true, review: false },
  ],
  ['Zitate dürfen max. 4% des Textes umfassen.', { full: false, quote: 4, review: false }],
  [
    'Alle Rechte vorbehalten. Darf nicht veröffentlicht werden.',
    { full: false, quote: null, review: false, syndication: false },
  ],
  [
    'Ohne Gewähr. Vollständig verwendbar, wenn die Quelle genannt wird.',
    { full: false, quote: null, attribution: true, review: true },
  ],
  // --- French ---
  ['Reproduction intégrale autorisée.', { full: true, quote: null, review: false }],
  ['Libre de droits, en citant la source.', { full: true, quote: null, attribution: true, review: false }],
  [
    "Reproduction intégrale interdite. Les citations jusqu'à 5 % du texte sont autorisées, entre guillemets, avec un lien vers la source.",
    { full: false, quote: 5, marked: true, attribution: true, link: true, review: false },
  ],
  ['Ce texte ne peut pas être reproduit intégralement.', { full: false, quote: null, review: false }],
  [
    "Reproduction intégrale uniquement avec l'autorisation écrite de l'auteur.",
    { full: false, quote: null, review: false },
  ],
  ['Texte complet réservé aux abonnés.', { full: false, quote: null, review: false }],
  [
    '© 2026 Agence Exemple. Tous droits réservés. Toute reproduction interdite.',
    { full: false, quote: null, review: false, syndication: false },
  ],
  ['Peut être reproduit intégralement si la source est mentionnée.', { full: false, quote: null, review: true }],
  // --- Spanish ---
  ['Puede reproducirse íntegramente.', { full: true, quote: null, review: false }],
  ['Contenido de uso libre, citando la fuente.', { full: true, quote: null, attribution: true, review: false }],
  ['Prohibida su reproducción total o parcial.', { full: false, quote: null, review: false, syndication: false }],
  [
    'Reproducción íntegra prohibida. Se permiten citas de hasta el 5 % del texto, citando la fuente.',
    { full: false, quote: 5, attribution: true, review: false },
  ],
  ['Reproducción íntegra sólo con autorización del autor.', { full: false, quote: null, review: false }],
  ['Texto completo solo para suscriptores.', { full: false, quote: null, review: false }],
  ['No puede reproducirse íntegramente.', { full: false, quote: null, review: false }],
  ['Todos los derechos reservados. Puede reproducirse íntegramente.', { full: false, quote: null, review: true }],
];

describe('licence footers: the terms each one gives', () => {
  it('covers at least 40 footers', () => {
    expect(FOOTERS.length).toBeGreaterThanOrEqual(40);
  });

  it.each(FOOTERS)('%s', (footer, want) => {
    const l = parseLicenceNotice(footer);
    const got: Expected = { full: l.terms.fullTextAllowed, quote: l.terms.quoteLimitPercent, review: l.needsReview };
    const expected: Expected = { full: want.full, quote: want.quote, review: want.review };
    if (want.marked !== undefined) {
      got.marked = l.terms.quotesMustBeMarked;
      expected.marked = want.marked;
    }
    if (want.attribution !== undefined) {
      got.attribution = l.terms.attributionRequired;
      expected.attribution = want.attribution;
    }
    if (want.link !== undefined) {
      got.link = l.terms.hyperlinkRequired;
      expected.link = want.link;
    }
    if (want.syndication !== undefined) {
      got.syndication = l.terms.syndicationAllowed;
      expected.syndication = want.syndication;
    }
    expect({ got, reasons: l.reviewReasons }).toEqual({ got: expected, reasons: want.review ? expect.any(Array) : [] });
    // needsReview always comes with its reasons, and never with full text.
    if (l.needsReview) {
      expect(l.reviewReasons.length).toBeGreaterThan(0);
      expect(l.terms.fullTextAllowed).toBe(false);
    }
  });

  it('names the language of the notice', () => {
    expect(parseLicenceNotice(USPA_DE).language).toBe('de');
    expect(parseLicenceNotice(USPA_EN).language).toBe('en');
    expect(
      parseLicenceNotice(
        'Reproduction intégrale interdite. Les citations sont autorisées avec un lien vers la source et une mention de la source.',
      ).language,
    ).toBe('fr');
    expect(
      parseLicenceNotice('Se permiten citas de hasta el 5 % del texto, citando la fuente y con un enlace a la fuente.')
        .language,
    ).toBe('es');
  });

  it('does not read a notice too long to be a footer, and flags it', () => {
    const l = parseLicenceNotice(`This article may be republished in full. ${'Filler words here. '.repeat(400)}`);
    expect(l.terms.fullTextAllowed).toBe(false);
    expect(l.needsReview).toBe(true);
  });
});

describe('noticeClauses', () => {
  it('splits at sentence ends, not inside numbers or after "max."', () => {
    expect(noticeClauses('Quotes up to 2.5% of the text. Max. 3 quotes; no more! Really?')).toEqual([
      'Quotes up to 2.5% of the text',
      'Max. 3 quotes',
      'no more',
      'Really',
    ]);
  });

  it('reads long repetitive notices clause by clause (patterns run per sentence, gaps bounded)', () => {
    // What once made the reading quadratic: "author" many times before "holds the copyright".
    // (Timings are measured outside the tests; see docs/licences.md.)
    const hostile = `${'author '.repeat(560)}holds the copyright.`;
    expect(parseLicenceNotice(hostile)).toMatchObject({
      holder: 'The author',
      terms: { fullTextAllowed: false, quoteLimitPercent: null },
    });
    expect(parseLicenceNotice('Liability lies with the author, who also holds the copyright.').holder).toBe(
      'The author',
    );
  });
});

describe('a licence that needs review is served at its strictest', () => {
  const stored = (needsReview: boolean) => ({
    notice: 'Please call our syndication desk.',
    holder: null,
    quoteLimitPercent: null,
    quotesMustBeMarked: false,
    attributionRequired: false,
    hyperlinkRequired: false,
    fullTextAllowed: false,
    syndicationAllowed: true,
    archivalUseAllowed: true,
    needsReview,
  });

  it('gets no fallback quote limit while it waits for an editor; a confirmed one does', () => {
    expect(licenceTerms(stored(true), { fallbackQuotePercent: 3 }).quoteLimitPercent).toBeNull();
    expect(licenceTerms(stored(false), { fallbackQuotePercent: 3 }).quoteLimitPercent).toBe(3);
  });
});
