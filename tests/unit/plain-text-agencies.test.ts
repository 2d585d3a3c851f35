import { parseDocument, formatByName } from '../../plugins/wire/server/src/formats/registry';
import { plainText } from '../../plugins/wire/server/src/formats/plain-text';
import { prepareItem } from '../../plugins/wire/server/src/ingest/prepare';
import { looksLikeAgencyName, resolveAgency } from '../../plugins/wire/server/src/agencies/resolve';
import { AGENCY_DIRECTORY, validHomepage } from '../../plugins/wire/server/src/agencies/directory';
import { MAJOR_AGENCY_CODES } from '../helpers/agencies';

// Synthetic copy, written for these tests.
const EN_FOOTER = (agency: string, pct: number) =>
  `Liability for this article lies with the author, who also holds the copyright. Editorial content from ${agency} may be quoted on other websites as long as the quote comprises no more than ${pct}% of the entire text, is marked as such and the source is named (via hyperlink).`;
const DE_FOOTER = (agency: string, pct: number) =>
  `Für den Inhalt des Artikels haftet der Autor, der auch das Urheberrecht besitzt. Redaktionelle Inhalte von ${agency} dürfen auf anderen Webseiten zitiert werden, sofern das Zitat nicht mehr als ${pct}% des Gesamttextes umfasst, als solches gekennzeichnet ist und die Quelle benannt wird (via Hyperlink).`;
const FR_FOOTER = (agency: string, pct: number) =>
  `Les contenus de ${agency} peuvent être cités sur d'autres sites à condition que la citation ne dépasse pas ${pct}% du texte, soit marquée comme telle et que la source soit mentionnée (par lien).`;

const story = (section: string, headline: string, credit: string, body: string, footer: string | null) =>
  [
    section,
    '',
    headline,
    '',
    `${credit} ${body}`,
    'A second paragraph follows with more detail about the matter at hand.',
    ...(footer ? [footer] : []),
  ].join('\n') + '\n';

function prepare(text: string, ctx = {}) {
  const parsed = parseDocument({ text, origin: 'test.txt' });
  expect(parsed.format).toBe('plain-text');
  const prepared = prepareItem(parsed.items[0], 1, ctx);
  if (!prepared.ok) throw new Error(prepared.problem.reason);
  return prepared.article;
}

describe('plain-text wire copy from any agency', () => {
  const cases: Array<[string, string, string, string | null, string | null, number | null, string]> = [
    // [language, credit, expected code, expected place, footer, percent, body]
    [
      'en',
      'ROTTERDAM (NWP Press) -',
      'NWP-PRESS',
      'ROTTERDAM',
      EN_FOOTER('NWP Press', 3),
      3,
      'The harbour board approved a new quay for container ships on Monday.',
    ],
    [
      'de',
      'Rostock (Hanse Presse) –',
      'HANSE-PRESSE',
      'Rostock',
      DE_FOOTER('Hanse Presse', 4),
      4,
      'Die Stadt hat am Montag einen neuen Fähranleger eröffnet, wie die Verwaltung mitteilte.',
    ],
    [
      'fr',
      'LYON (Agence Rhône Info) —',
      'AGENCE-RHONE-INFO',
      'LYON',
      FR_FOOTER('Agence Rhône Info', 6),
      6,
      "La ville a inauguré lundi une nouvelle ligne de tramway vers l'aéroport.",
    ],
    [
      'en',
      'BUENOS AIRES, Argentina (AP) _',
      'AP',
      'BUENOS AIRES',
      null,
      null,
      'The government announced a new wheat export quota on Tuesday.',
    ],
    [
      'en',
      'Reuters -',
      'REUTERS',
      null,
      EN_FOOTER('Reuters', 2),
      2,
      'Oil prices rose on Wednesday after a pipeline outage in the North Sea.',
    ],
    [
      'de',
      'Berlin (dpa) -',
      'DPA',
      'Berlin',
      DE_FOOTER('dpa', 5),
      5,
      'Der Bundestag hat am Donnerstag das neue Mietgesetz beschlossen.',
    ],
    [
      'fr',
      'PARIS (AFP) -',
      'AFP',
      'PARIS',
      FR_FOOTER('AFP', 5),
      5,
      "Le gouvernement a présenté mercredi son projet de budget pour l'année prochaine.",
    ],
    [
      'en',
      'LONDON (PA) —',
      'PA',
      'LONDON',
      EN_FOOTER('PA Media', 10),
      10,
      'Rail fares will rise by four percent in March, the operators said.',
    ],
    [
      'en',
      'Kyodo News –',
      'KYODO',
      null,
      EN_FOOTER('Kyodo News', 7),
      7,
      'A strong earthquake shook northern Japan early on Friday, officials said.',
    ],
    [
      'de',
      'Wien (APA) -',
      'APA',
      'Wien',
      DE_FOOTER('APA', 8),
      8,
      'Der Nationalrat hat am Mittwoch das Budget für das kommende Jahr beschlossen.',
    ],
    [
      'en',
      'Nordlicht Nachrichten -',
      'NORDLICHT-NACHRICHTEN',
      null,
      EN_FOOTER('Nordlicht Nachrichten', 12),
      12,
      'The ferry company ordered two electric ships for the island route.',
    ],
    [
      'fr',
      'BRUXELLES (Belga) _',
      'BELGA',
      'BRUXELLES',
      FR_FOOTER('Belga', 4),
      4,
      'Le parlement a adopté jeudi la réforme des pensions après un long débat.',
    ],
  ];

  it.each(cases)('%s: %s', (_lang, credit, code, place, footer, percent, body) => {
    const article = prepare(story('News', 'A headline for this story', credit, body, footer));
    expect(article.agency.code).toBe(code);
    expect(article.headline).toBe('A headline for this story');
    expect(article.section).toBe('News');
    expect(article.dateline?.place ?? null).toBe(place);
    expect(article.bodyText).toContain(body.slice(0, 30));
    if (footer) {
      expect(article.licence?.terms.quoteLimitPercent).toBe(percent);
      expect(article.licence?.terms.hyperlinkRequired).toBe(true);
      expect(article.bodyText).not.toContain(footer.slice(0, 30));
    } else {
      expect(article.licence).toBeNull();
    }
  });

  it('flags an agency the directory does not know as new, and keeps the copy', () => {
    const article = prepare(
      story('News', 'Quay approved', 'ROTTERDAM (NWP Press) -', cases[0][6], EN_FOOTER('NWP Press', 3)),
    );
    expect(article.agency).toMatchObject({ code: 'NWP-PRESS', name: 'NWP Press', isNew: true });
    const known = prepare(story('News', 'Oil rises', 'Reuters -', cases[4][6], null));
    expect(known.agency.isNew).toBeUndefined();
  });

  it('keeps uspa-text (and wire-text) as aliases of plain-text', () => {
    expect(formatByName('uspa-text').name).toBe('plain-text');
    expect(formatByName('wire-text').name).toBe('plain-text');
  });

  it('does not claim prose, markup or a bare dash line without a known agency or footer', () => {
    expect(
      plainText.detect({
        text: 'Shopping list\n\nMilk - two litres of the full fat kind, please\nBread',
        origin: 'a.txt',
      }),
    ).toBe(false);
    expect(plainText.detect({ text: '<nitf><body>BERLIN (dpa) - x</body></nitf>', origin: 'a.txt' })).toBe(false);
    expect(plainText.detect({ text: '{"headline": "x", "body": "BERLIN (dpa) - text"}', origin: 'a.txt' })).toBe(false);
    // A bare credit naming an agency the directory does not know needs its footer.
    expect(
      plainText.detect({ text: story('News', 'H', 'Nordlicht Nachrichten -', cases[10][6], null), origin: 'a.txt' }),
    ).toBe(false);
    expect(
      plainText.detect({
        text: story('News', 'H', 'Nordlicht Nachrichten -', cases[10][6], EN_FOOTER('Nordlicht Nachrichten', 12)),
        origin: 'a.txt',
      }),
    ).toBe(true);
  });
});

describe('agency resolution', () => {
  it('asks the evidence in order', () => {
    expect(resolveAgency({ metadata: { code: 'AFP', name: 'AFP' }, credit: 'AP' })).toMatchObject({
      code: 'AFP',
      source: 'metadata',
    });
    expect(resolveAgency({ nitfSource: 'PA', credit: 'AP' })).toMatchObject({ code: 'PA', source: 'nitf' });
    expect(resolveAgency({ g2Provider: 'nprov:REUTERS', credit: 'AP' })).toMatchObject({
      code: 'REUTERS',
      source: 'provider',
    });
    expect(resolveAgency({ credit: 'AP', signOff: 'Reuters=' })).toMatchObject({ code: 'AP', source: 'credit' });
    expect(resolveAgency({ signOff: 'The last paragraph.\nAssociated Press=' })).toMatchObject({
      code: 'AP',
      source: 'sign-off',
    });
    expect(resolveAgency({ guid: 'urn:newsml:dpa.com:20240101:abc' })).toMatchObject({ code: 'DPA', source: 'domain' });
    expect(resolveAgency({ url: 'https://www.reuters.com/world/story-1' })).toMatchObject({
      code: 'REUTERS',
      source: 'domain',
    });
    expect(resolveAgency({ feedDefault: { code: 'NWP', name: 'NWP Press' } })).toMatchObject({
      code: 'NWP',
      source: 'feed',
    });
    expect(resolveAgency({})).toBeNull();
  });

  it('never makes an agency of a licence phrase', () => {
    for (const phrase of [
      'notice with it',
      'The author',
      'Der Autor',
      'Tricky Test Agency alle',
      'All rights reserved',
      '© 2024 Someone',
    ]) {
      expect(looksLikeAgencyName(phrase)).toBe(false);
      expect(resolveAgency({ holder: phrase })).toBeNull();
    }
    expect(resolveAgency({ holder: 'Heise Medien' })).toMatchObject({ code: 'HEISE-MEDIEN', isNew: true });
  });

  it('an unreadable rights holder leaves the item without an agency rather than inventing one', () => {
    const text = 'News\n\nNo credit here\n\nJust text without any credit line, written plainly.\n';
    expect(() => parseDocument({ text, origin: 'x.txt' })).toThrow(/not a known wire format/);
  });
});

describe('the agency directory', () => {
  it('ships the major agencies, codes unique, homepages http(s) or null', () => {
    const codes = AGENCY_DIRECTORY.map((a) => a.code);
    expect(new Set(codes).size).toBe(codes.length);
    for (const c of MAJOR_AGENCY_CODES) expect(codes).toContain(c);
    for (const a of AGENCY_DIRECTORY) if (a.homepage) expect(validHomepage(a.homepage)).not.toBeNull();
    expect(AGENCY_DIRECTORY.find((a) => a.code === 'USPA')?.homepage).toBeNull();
    expect(validHomepage('javascript:alert(1)')).toBeNull();
    expect(validHomepage('ftp://x.example')).toBeNull();
  });
});

describe('agency shapes of other formats', () => {
  const prepareAny = (text: string) => {
    const parsed = parseDocument({ text, origin: 'x' });
    const r = prepareItem(parsed.items[0], 1);
    if (!r.ok) throw new Error(r.problem.reason);
    return r.article;
  };

  it('an AP ANPA story: byline, `BUENOS AIRES, Argentina (AP) _` dateline, `Associated Press=` sign-off', () => {
    const anpa = (signOff: string) =>
      `\u0001a0213  r i BC-Argentina-Wheat 0321\r\n\u0002Argentina sets new wheat export quota\r\nBy MARIA LOPEZ\r\nAssociated Press Writer\r\n   BUENOS AIRES, Argentina (AP) _ The government set a new wheat export quota on Tuesday, officials said.\r\n   Farmers had asked for the change for months.\r\n${signOff}\u0003 131137 GMT Nov 13\r\n`;
    const a = prepareAny(anpa('   Associated Press=\r\n'));
    expect(a.agency.code).toBe('AP');
    expect(a.dateline).toMatchObject({ place: 'BUENOS AIRES', region: 'Argentina', agency: 'AP' });
    // Without the sign-off the dateline credit alone names AP.
    expect(prepareAny(anpa('')).agency.code).toBe('AP');
  });

  it('a PA NITF document named only by `<del-list><from-src src-name="PA"/>`', () => {
    const nitf = `<?xml version="1.0"?><nitf><head><title>Rail fares rise</title><docdata><doc-id id-string="pa-123"/><del-list><from-src src-name="PA"/></del-list></docdata></head><body><body.head><hedline><hl1>Rail fares to rise in March</hl1></hedline></body.head><body.content><p>Rail fares will rise by four percent in March, the operators said.</p></body.content></body></nitf>`;
    expect(prepareAny(nitf).agency).toMatchObject({ code: 'PA', name: 'PA Media' });
  });

  it('a German "alle Rechte vorbehalten" notice names its holder, not "...-ALLE"', () => {
    const text = story(
      'News',
      'Fähre bestellt',
      'Nordlicht Nachrichten -',
      'Die Reederei hat zwei elektrische Fähren bestellt, teilte sie mit.',
      '© 2026 Tricky Test Agency alle Rechte vorbehalten. Zitate bis 5 % des Textes dürfen mit Quellenangabe zitiert werden.',
    );
    const a = prepare(text);
    expect(a.licence?.holder).toBe('Tricky Test Agency');
    expect(a.agency.code).toBe('NORDLICHT-NACHRICHTEN');
  });
});

describe('footers in Spanish and Italian, where the shape is the same', () => {
  it.each([
    [
      'es',
      'MADRID (Agencia Meseta) -',
      'El ayuntamiento aprobó el lunes un nuevo plan de transporte para la ciudad.',
      'Los contenidos de Agencia Meseta pueden ser citados siempre que la cita no supere el 7% del texto y se mencione la fuente (mediante enlace).',
      7,
    ],
    [
      'it',
      'ROMA (Agenzia Tevere) -',
      'Il comune ha approvato lunedì un nuovo piano per il trasporto pubblico.',
      'I contenuti di Agenzia Tevere possono essere citati purché la citazione non superi il 9% del testo e sia indicata la fonte.',
      9,
    ],
  ])('%s', (_lang, credit, body, footer, percent) => {
    const article = prepare(story('Cronaca', 'Un titolo', credit, body, footer));
    expect(article.licence?.notice).toBe(footer);
    expect(article.licence?.terms.quoteLimitPercent).toBe(percent);
    expect(article.bodyText).not.toContain(footer.slice(0, 25));
  });
});
