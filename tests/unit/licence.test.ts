import {
  copyrightHolder,
  describeTerms,
  looksLikeLicenceFooter,
  noticeKey,
  parseLicenceNotice,
} from '../../plugins/wire/server/src/normalise/licence';

const USPA_EN =
  'Liability for this article lies with the author, who also holds the copyright. Editorial content from USPA may be quoted on other websites as long as the quote comprises no more than 5% of the entire text, is marked as such and the source is named (via hyperlink).';
const USPA_DE =
  'Die Haftung für diesen Artikel liegt beim Autor, der auch das Urheberrecht hält. Redaktionelle Inhalte von USPA dürfen auf anderen Webseiten zitiert werden, sofern das Zitat nicht mehr als 5% des gesamten Textes umfasst, als solches gekennzeichnet ist und die Quelle genannt wird (per Hyperlink).';

describe('parseLicenceNotice', () => {
  it('reads the USPA footer in English', () => {
    const l = parseLicenceNotice(USPA_EN);
    expect(l.terms).toEqual({
      quoteLimitPercent: 5,
      quotesMustBeMarked: true,
      attributionRequired: true,
      hyperlinkRequired: true,
      fullTextAllowed: false,
      syndicationAllowed: true,
      archivalUseAllowed: true,
      // It says nothing of text and data mining: the newsroom's default applies.
      tdmAllowed: null,
      picturesAllowed: false,
    });
    expect(l.holder).toBe('The author');
    expect(l.language).toBe('en');
    expect(l.notice).toBe(USPA_EN);
  });

  it('reads the USPA footer in German', () => {
    const l = parseLicenceNotice(USPA_DE);
    expect(l.terms).toMatchObject({
      quoteLimitPercent: 5,
      quotesMustBeMarked: true,
      attributionRequired: true,
      hyperlinkRequired: true,
      fullTextAllowed: false,
    });
    expect(l.holder).toBe('Der Autor');
    expect(l.language).toBe('de');
  });

  it('reads other percentages and decimal commas', () => {
    expect(
      parseLicenceNotice('Quotes of up to 10 percent of the article are permitted with attribution.').terms
        .quoteLimitPercent,
    ).toBe(10);
    expect(parseLicenceNotice('Zitate dürfen höchstens 2,5 % des Textes umfassen.').terms.quoteLimitPercent).toBe(2.5);
  });

  it('gives "All rights reserved" no permissions: no quote limit, no full text', () => {
    const l = parseLicenceNotice('Copyright 2017-18 Example Enews LLP, all rights reserved');
    expect(l.terms).toMatchObject({ quoteLimitPercent: null, fullTextAllowed: false, syndicationAllowed: true });
    expect(l.holder).toBe('Example Enews LLP');
  });

  it('reads an outright ban on publishing as no syndication at all', () => {
    const l = parseLicenceNotice(
      'Copyright 2026 The Example Press. All rights reserved. This material may not be published, broadcast, rewritten or redistributed.',
    );
    expect(l.terms).toMatchObject({ syndicationAllowed: false, fullTextAllowed: false, quoteLimitPercent: null });
    expect(l.holder).toBe('The Example Press');
  });

  it('reads NO ARCHIVAL USE', () => {
    expect(parseLicenceNotice('NO ARCHIVAL USE').terms.archivalUseAllowed).toBe(false);
  });

  it('takes a holder the source names over one read from the notice', () => {
    expect(parseLicenceNotice('© 2026 Someone Else', 'Example Agency').holder).toBe('Example Agency');
  });

  it('grants full text only when the notice says so', () => {
    expect(parseLicenceNotice('Licensed under Creative Commons CC-BY 4.0').terms.fullTextAllowed).toBe(true);
    expect(parseLicenceNotice('Some words nobody can read as terms.').terms).toMatchObject({
      fullTextAllowed: false,
      quoteLimitPercent: null,
    });
  });
});

describe('noticeKey', () => {
  it('is the same for the same notice up to whitespace and case', () => {
    expect(noticeKey(USPA_EN)).toBe(noticeKey(`  ${USPA_EN.replace(/ /g, '\n ')} `));
    expect(noticeKey(USPA_EN)).toBe(noticeKey(USPA_EN.toUpperCase()));
  });

  it('differs for different notices or holders', () => {
    expect(noticeKey(USPA_EN)).not.toBe(noticeKey(USPA_DE));
    expect(noticeKey('All rights reserved', 'A')).not.toBe(noticeKey('All rights reserved', 'B'));
  });
});

describe('looksLikeLicenceFooter', () => {
  it('recognises footers and leaves story paragraphs alone', () => {
    expect(looksLikeLicenceFooter(USPA_EN)).toBe(true);
    expect(looksLikeLicenceFooter(USPA_DE)).toBe(true);
    expect(looksLikeLicenceFooter('Unemployment fell by 5% last year, the ministry said on its website.')).toBe(false);
    expect(looksLikeLicenceFooter('The source, who asked not to be named, said prices rose 3%.')).toBe(false);
  });
});

describe('describeTerms and copyrightHolder', () => {
  it('says the terms in plain words', () => {
    expect(describeTerms(parseLicenceNotice(USPA_EN).terms)).toBe(
      'quotes up to 5% of the text, marked as quotes, source named with a hyperlink',
    );
    expect(describeTerms(parseLicenceNotice('may not be redistributed').terms)).toBe(
      'no publication or redistribution',
    );
  });

  it('finds holders after ©, (c) and Copyright', () => {
    expect(copyrightHolder('© 2026 Agence Exemple. Tous droits réservés')).toBe('Agence Exemple');
    // Was 'Example Wire 2026': a trailing year is no part of the holder (else an agency per year).
    expect(copyrightHolder('(c) Example Wire 2026')).toBe('Example Wire');
    expect(copyrightHolder('No holder named here')).toBeNull();
  });
});

describe('rights text is never an agency (issue 12, item 7)', () => {
  it.each([
    ['Keep the copyright notice with it.', null],
    ['© 2026 USPA News. The full text may be published. Keep the copyright notice with it.', 'USPA News'],
    ['Copyright 2026 dpa GmbH alle Rechte vorbehalten', 'dpa GmbH'],
    ['© 2026 dpa, alle Rechte vorbehalten', 'dpa'],
    ['(c) Reuters 2026. All rights reserved.', 'Reuters'],
  ])('%j → holder %j', (notice, holder) => {
    expect(copyrightHolder(notice)).toBe(holder);
  });
});
