/**
 * Rights that travel (issue 23): licence terms as ODRL 2.2 policies in IPTC's RightsML profile,
 * expanded by a JSON-LD processor (offline, tests/helpers/jsonld.ts) so every term must resolve to
 * an IRI; the newsroom's TDMRep policy and headers; and licences that reserve text and data mining
 * or AI training read as such.
 */
import { describeTerms, parseLicenceNotice } from '../../plugins/wire/server/src/normalise/licence';
import { toPartnerArticle } from '../../plugins/wire/server/src/serve/partner-view';
import { toNinjs } from '../../plugins/wire/server/src/serve/ninjs';
import { toAtomFeed, toRssFeed } from '../../plugins/wire/server/src/serve/partner-feeds';
import {
  agencyParty,
  articleAgreement,
  licenceOffer,
  RIGHTSML_PROFILE,
  tdmHeaders,
  tdmPolicy,
  tdmrepEntries,
  ODRL_WIRE_TERMS,
} from '../../plugins/wire/server/src/serve/policy';
import { licenceTerms } from '../../plugins/wire/server/src/serve/terms';
import { expandStrictly, ODRL, valuesOf } from '../helpers/jsonld';
import { storedArticle, USPA_TERMS } from '../helpers/stored-article';

const USPA_EN =
  'Liability for this article lies with the author, who also holds the copyright. Editorial content from USPA may be quoted on other websites as long as the quote comprises no more than 5% of the entire text, is marked as such and the source is named (via hyperlink).';
const BASE = 'https://wire.example.org';
const RESERVED = { fallbackQuotePercent: null, tdmReserved: true, apiUrl: BASE };
const USPA = agencyParty({ code: 'USPA', name: 'USPA News', homepage: 'https://uspa.test' });

const offerFor = (terms: ReturnType<typeof licenceTerms>) =>
  licenceOffer({ uid: `${BASE}/api/wire/licences/L1/policy`, licenceId: 'L1', terms, assigner: USPA });

const RDF_VALUE = 'http://www.w3.org/1999/02/22-rdf-syntax-ns#value';
/** The actions of a policy's permissions or prohibitions: plain ones by IRI, refined ones by their rdf:value. */
const actionsOf = (expanded: any[], rule: 'permission' | 'prohibition'): string[] =>
  (expanded[0][`${ODRL}${rule}`] ?? [])
    .flatMap((r: any) => r[`${ODRL}action`])
    .map((a: any) => a['@id'] ?? a[RDF_VALUE][0]['@id']);

describe('a licence as an ODRL Offer (RightsML)', () => {
  const terms = licenceTerms({ ...USPA_TERMS, notice: USPA_EN }, RESERVED);

  it('quotes up to 5 % as a refined extract, with the attribution, link and marking duties, and expands as JSON-LD', async () => {
    const offer = offerFor(terms);
    expect(offer).toMatchObject({ '@type': 'Offer', profile: expect.arrayContaining([RIGHTSML_PROFILE]) });
    // It prohibits tdm:mine, so it names TDMRep's profile too.
    expect(offer.profile).toContain('http://www.w3.org/ns/tdmrep');
    expect((offer['@context'] as unknown[])[0]).toBe('http://www.w3.org/ns/odrl.jsonld');
    const expanded = await expandStrictly(offer);
    const [policy] = expanded;
    expect(policy['@type']).toEqual([`${ODRL}Offer`]);
    expect(policy[`${ODRL}profile`]).toEqual(expect.arrayContaining([{ '@id': RIGHTSML_PROFILE }]));
    const [permission] = policy[`${ODRL}permission`];
    const [action] = permission[`${ODRL}action`];
    expect(action['http://www.w3.org/1999/02/22-rdf-syntax-ns#value']).toEqual([{ '@id': `${ODRL}extract` }]);
    const [refinement] = action[`${ODRL}refinement`];
    expect(refinement[`${ODRL}leftOperand`]).toEqual([{ '@id': `${ODRL}percentage` }]);
    expect(refinement[`${ODRL}operator`]).toEqual([{ '@id': `${ODRL}lteq` }]);
    expect(refinement[`${ODRL}rightOperand`]).toEqual([
      { '@value': '5', '@type': 'http://www.w3.org/2001/XMLSchema#decimal' },
    ]);
    const duties = permission[`${ODRL}duty`].map((d: any) => d[`${ODRL}action`][0]['@id']);
    expect(duties).toEqual([`${ODRL}attribute`, `${ODRL_WIRE_TERMS}linkToSource`, `${ODRL_WIRE_TERMS}markAsQuotation`]);
    const attribute = permission[`${ODRL}duty`][0];
    expect(attribute[`${ODRL}attributedParty`][0]['@id']).toBe('urn:wire:agency:USPA');
    // No full text for a quote licence, and mining reserved by the newsroom.
    expect(actionsOf(expanded, 'permission')).not.toContain(`${ODRL}reproduce`);
    expect(actionsOf(expanded, 'prohibition')).toEqual(['http://www.w3.org/ns/tdmrep#mine']);
  });

  it('grants the full text as reproduce and distribute, without a refinement', async () => {
    const expanded = await expandStrictly(offerFor({ ...terms, fullTextAllowed: true, quoteLimitPercent: null }));
    expect(actionsOf(expanded, 'permission').sort()).toEqual([`${ODRL}distribute`, `${ODRL}reproduce`]);
    expect(valuesOf(expanded, `${ODRL}refinement`)).toEqual([]);
  });

  it('prohibits archiving, syndication and mining where the licence forbids them', async () => {
    const expanded = await expandStrictly(
      offerFor({ ...terms, syndicationAllowed: false, archivalUseAllowed: false, tdmAllowed: false }),
    );
    expect(actionsOf(expanded, 'permission')).toEqual([]);
    expect(actionsOf(expanded, 'prohibition').sort()).toEqual(
      [
        `${ODRL}archive`,
        `${ODRL}distribute`,
        `${ODRL}extract`,
        `${ODRL}grantUse`,
        `${ODRL}reproduce`,
        'http://www.w3.org/ns/tdmrep#mine',
      ].sort(),
    );
  });

  it('with no reservation by the newsroom and none in the licence, prohibits no mining', async () => {
    const open = licenceTerms({ ...USPA_TERMS, notice: USPA_EN }, { ...RESERVED, tdmReserved: false });
    expect(open.tdmAllowed).toBe(true);
    expect(actionsOf(await expandStrictly(offerFor(open)), 'prohibition')).toEqual([]);
    // ...but a licence that reserves it still does.
    const reserved = licenceTerms({ ...USPA_TERMS, tdmAllowed: false }, { ...RESERVED, tdmReserved: false });
    expect(reserved.tdmAllowed).toBe(false);
  });
});

describe("an article's Agreement for one partner", () => {
  const row = storedArticle({ licence: { ...USPA_TERMS, documentId: 'L1' } });
  const agreement = (access: 'full' | 'quote', overrides = {}) => {
    const stored = { ...row, ...overrides };
    return articleAgreement({
      uid: 'urn:wire:agreement:doc1:p1',
      article: toPartnerArticle(stored, access, RESERVED),
      terms: licenceTerms(stored.licence, RESERVED),
      assigner: USPA,
      assignee: { uid: 'urn:wire:partner:p1', name: 'Partner One' },
    });
  };

  it('names the partner as assignee and grants what the article route serves it', async () => {
    const quote = await expandStrictly(agreement('quote'));
    expect(quote[0]['@type']).toEqual([`${ODRL}Agreement`]);
    expect(quote[0][`${ODRL}assignee`][0]['@id']).toBe('urn:wire:partner:p1');
    expect(valuesOf(quote, `${ODRL}rightOperand`)).toEqual([
      { '@value': '5', '@type': 'http://www.w3.org/2001/XMLSchema#decimal' },
    ]);
    const full = await expandStrictly(agreement('full'));
    expect(actionsOf(full, 'permission').sort()).toEqual([`${ODRL}distribute`, `${ODRL}reproduce`]);
  });

  it('grants nothing of the text when the route serves the headline only (no link for a licence that needs one)', async () => {
    const bare = await expandStrictly(
      agreement('quote', { url: null, agency: { code: 'USPA', name: 'USPA News', homepage: null } }),
    );
    expect(actionsOf(bare, 'permission')).toEqual([]);
    expect(actionsOf(bare, 'prohibition')).toEqual(expect.arrayContaining([`${ODRL}reproduce`, `${ODRL}extract`]));
  });
});

describe('served articles link their policy and canonical source', () => {
  const row = storedArticle({ licence: { ...USPA_TERMS, documentId: 'L1' } });

  it('in usage, ninjs (rightsinfo) and the feeds', () => {
    const quote = toPartnerArticle(row, 'quote', RESERVED);
    expect(quote.licence?.policy).toBe(`${BASE}/api/wire/licences/L1/policy`);
    expect(quote.usage).toMatchObject({
      tdmAllowed: false,
      canonical: 'https://news.test/a?x=1&y=2',
      policy: `${BASE}/api/wire/articles/doc1/policy`,
    });
    const ninjs = toNinjs(quote, { apiUrl: BASE });
    expect(ninjs.rightsinfo).toEqual({
      langid: 'http://www.w3.org/ns/odrl/2/',
      linkedrights: `${BASE}/api/wire/licences/L1/policy`,
    });
    expect(ninjs.renditions).toContainEqual(
      expect.objectContaining({ name: 'canonical', href: 'https://news.test/a?x=1&y=2' }),
    );
    const feed = { title: 'T', selfUrl: `${BASE}/api/wire/feed.rss`, siteUrl: BASE, description: 'D' };
    expect(toRssFeed([quote], feed)).toContain('<atom:link rel="canonical" href="https://news.test/a?x=1&amp;y=2"');
    expect(toAtomFeed([quote], feed)).toContain(`<link rel="license" href="${BASE}/api/wire/licences/L1/policy"`);
  });

  it('a headline-only answer names no canonical copy', () => {
    const bare = toPartnerArticle({ ...row, licence: { ...USPA_TERMS, quoteLimitPercent: null } }, 'quote', RESERVED);
    expect(bare.usage.mode).toBe('headline-only');
    expect(bare.usage.canonical).toBeNull();
  });
});

describe('the TDM reservation (W3C TDMRep) and the AI-preferences draft', () => {
  it('headers and tdmrep.json follow the one setting', () => {
    const policyUrl = `${BASE}/api/wire/tdm-policy`;
    expect(tdmHeaders({ reservation: 1, policyUrl })).toEqual({
      'tdm-reservation': '1',
      'tdm-policy': policyUrl,
      'Content-Usage': 'train-ai=n',
    });
    expect(tdmHeaders({ reservation: 0, policyUrl })).toEqual({ 'tdm-reservation': '0' });
    expect(tdmrepEntries({ reservation: 1, policyUrl })).toEqual([
      { location: '/api/wire/*', 'tdm-reservation': 1, 'tdm-policy': policyUrl },
    ]);
  });

  it('the TDM policy is an ODRL Offer of tdm:mine with the duty to obtain consent, the newsroom as a vCard', async () => {
    const doc = tdmPolicy({
      uid: `${BASE}/api/wire/tdm-policy`,
      target: `${BASE}/api/wire/`,
      base: BASE,
      newsroom: { name: 'Example Newsroom', email: 'rights@example.org', url: 'https://example.org' },
    });
    const [policy] = await expandStrictly(doc);
    expect(policy[`${ODRL}profile`]).toEqual([{ '@id': 'http://www.w3.org/ns/tdmrep' }]);
    const [permission] = policy[`${ODRL}permission`];
    expect(permission[`${ODRL}action`]).toEqual([{ '@id': 'http://www.w3.org/ns/tdmrep#mine' }]);
    expect(permission[`${ODRL}duty`][0][`${ODRL}action`]).toEqual([{ '@id': `${ODRL}obtainConsent` }]);
    const [assigner] = policy[`${ODRL}assigner`];
    expect(assigner['@type']).toEqual(['http://www.w3.org/2006/vcard/ns#Organization']);
    expect(assigner['http://www.w3.org/2006/vcard/ns#fn']).toEqual([{ '@value': 'Example Newsroom' }]);
  });

  it('the JSON-LD check is wired: a term with no IRI fails it', async () => {
    await expect(expandStrictly({ ...offerFor(licenceTerms(USPA_TERMS, RESERVED)), unknownTerm: 1 })).rejects.toThrow();
  });
});

describe('licences that reserve text and data mining or AI training', () => {
  it.each([
    'All rights reserved. Text and data mining (TDM) is reserved under Art. 4 of Directive (EU) 2019/790.',
    'The publisher reserves the right to use this content for machine learning.',
    'Alle Rechte vorbehalten. Text- und Data-Mining nach § 44b UrhG ist untersagt.',
    'Keine Nutzung für KI-Training.',
    "Toute utilisation à des fins d'intelligence artificielle est interdite.",
    'Queda prohibida la minería de textos y datos.',
    'No use of this article to train AI or large language models.',
  ])('%s → tdmAllowed false, clause read (no review for it)', (notice) => {
    const read = parseLicenceNotice(notice);
    expect(read.terms.tdmAllowed).toBe(false);
    expect(read.reviewReasons.filter((r) => r.startsWith('not read'))).toEqual([]);
    expect(describeTerms(read.terms)).toMatch(/no text and data mining or AI training|no publication/);
  });

  it('a licence that says nothing of mining keeps the newsroom default (null)', () => {
    expect(parseLicenceNotice(USPA_EN).terms.tdmAllowed).toBeNull();
    expect(licenceTerms({ ...USPA_TERMS, tdmAllowed: null }, RESERVED).tdmAllowed).toBe(false);
    expect(licenceTerms({ ...USPA_TERMS, tdmAllowed: null }, { ...RESERVED, tdmReserved: false }).tdmAllowed).toBe(
      true,
    );
    // Unknown newsroom setting: reserved (fail closed).
    expect(licenceTerms(USPA_TERMS, { fallbackQuotePercent: null }).tdmAllowed).toBe(false);
  });

  it('a notice too long to read reserves mining', () => {
    expect(parseLicenceNotice('x '.repeat(3000)).terms.tdmAllowed).toBe(false);
  });
});
