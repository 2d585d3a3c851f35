/**
 * Licence terms as machine-readable rights: W3C ODRL 2.2 policies in IPTC's RightsML profile
 * (docs/licences.md, "Policies"), and the newsroom's text-and-data-mining policy in W3C TDMRep's
 * profile. Generated from the same terms every partner output is served under (serve/terms.ts), so a
 * policy can never grant more than the article route serves. Pure: no Strapi, no I/O.
 *
 * ODRL has no action for "mark it as a quotation" or "link to the source": those two duties are
 * terms of Wire's own small profile, whose IRIs docs/licences.md documents ("Wire's ODRL profile").
 */
import type { PartnerArticle } from './partner-view';
import type { licenceTerms } from './terms';

export const ODRL_CONTEXT = 'http://www.w3.org/ns/odrl.jsonld';
export const ODRL_LANGID = 'http://www.w3.org/ns/odrl/2/';
export const RIGHTSML_PROFILE = 'https://iptc.org/std/RightsML/odrl-profile/';
/** Wire's ODRL profile (docs/licences.md#wires-odrl-profile): a URN, the same on every Wire. */
export const ODRL_WIRE_PROFILE = 'urn:wire:odrl';
export const ODRL_WIRE_TERMS = 'urn:wire:odrl:';
export const TDMREP_PROFILE = 'http://www.w3.org/ns/tdmrep';
export const TDMREP_TERMS = 'http://www.w3.org/ns/tdmrep#';
export const POLICY_CONTENT_TYPE = 'application/ld+json; charset=utf-8';

/** ODRL's context, then the prefixes of the two profiles' terms (`wire:`, `tdm:`). */
const CONTEXT = [ODRL_CONTEXT, { wire: ODRL_WIRE_TERMS, tdm: TDMREP_TERMS }];

type Terms = ReturnType<typeof licenceTerms>;
type Json = Record<string, unknown>;

/** Who grants (the agency, else the licence's holder) or receives (the partner) a policy. */
export interface PolicyParty {
  uid: string;
  name: string | null;
  url?: string | null;
}

const party = (p: PolicyParty): Json => ({
  '@type': 'Party',
  uid: p.uid,
  ...(p.name ? { 'vcard:fn': p.name } : {}),
  ...(p.url ? { 'vcard:hasURL': p.url } : {}),
});

/** The agency as a party: `urn:wire:agency:<code>`, as the Atom feed's source names it. */
export function agencyParty(agency: { code: string; name?: string | null; homepage?: string | null }): PolicyParty {
  return {
    uid: `urn:wire:agency:${encodeURIComponent(agency.code)}`,
    name: agency.name || agency.code,
    url: agency.homepage,
  };
}

/** The duties any use carries: attribution (to the agency), a link to the source, marking a quotation. */
function duties(terms: Terms, assigner: PolicyParty, quotation: boolean): Json[] {
  const out: Json[] = [];
  if (terms.attributionRequired || terms.hyperlinkRequired)
    out.push({ action: 'attribute', attributedParty: party(assigner) });
  if (terms.hyperlinkRequired) out.push({ action: 'wire:linkToSource' });
  if (quotation && terms.quotesMustBeMarked) out.push({ action: 'wire:markAsQuotation' });
  return out;
}

const rule = (target: unknown, action: unknown, duty: Json[] = []): Json => ({
  target,
  action,
  ...(duty.length ? { duty } : {}),
});

/** `extract`, refined to at most `percent` % of the text (RightsML's refined action). */
const extractUpTo = (percent: number) => [
  {
    'rdf:value': { '@id': 'odrl:extract' },
    refinement: [
      {
        leftOperand: 'percentage',
        operator: 'lteq',
        rightOperand: { '@value': String(Number(percent)), '@type': 'xsd:decimal' },
      },
    ],
  },
];

type Mode = 'full-text' | 'quote' | 'headline-only';

/** What the licence allows a holder of it, as served: whole, quoted, or headline and link only. */
export function modeOfTerms(terms: Terms): Mode {
  if (!terms.syndicationAllowed) return 'headline-only';
  if (terms.fullTextAllowed) return 'full-text';
  return terms.quoteLimitPercent !== null && terms.quoteLimitPercent > 0 ? 'quote' : 'headline-only';
}

/** Permissions and prohibitions for one target, from the mode served and the terms. */
function rules(target: unknown, mode: Mode, terms: Terms, assigner: PolicyParty) {
  const permission: Json[] = [];
  const prohibition: Json[] = [];
  if (mode === 'full-text') {
    const duty = duties(terms, assigner, false);
    permission.push(rule(target, 'reproduce', duty), rule(target, 'distribute', duty));
  } else if (mode === 'quote' && terms.quoteLimitPercent !== null) {
    permission.push(rule(target, extractUpTo(terms.quoteLimitPercent), duties(terms, assigner, true)));
  } else {
    // Headline and link only: none of the text.
    prohibition.push(rule(target, 'reproduce'), rule(target, 'extract'));
  }
  if (!terms.syndicationAllowed) {
    // No publication or redistribution; and in any case no passing it on to third parties.
    if (mode !== 'full-text') prohibition.push(rule(target, 'distribute'));
    prohibition.push(rule(target, 'grantUse'));
  }
  if (!terms.archivalUseAllowed) prohibition.push(rule(target, 'archive'));
  if (!terms.tdmAllowed) prohibition.push(rule(target, 'tdm:mine'));
  return {
    ...(permission.length ? { permission } : {}),
    ...(prohibition.length ? { prohibition } : {}),
  };
}

/** RightsML and Wire's profile, and TDMRep's when the policy names `tdm:mine`. */
const profiles = (terms: Terms) => [RIGHTSML_PROFILE, ODRL_WIRE_PROFILE, ...(terms.tdmAllowed ? [] : [TDMREP_PROFILE])];

/**
 * A licence as an ODRL Offer: what anyone holding only this licence may do with the articles under
 * it (the terms as a quote partner is served them, the newsroom's policy applied).
 */
export function licenceOffer(input: { uid: string; licenceId: string; terms: Terms; assigner: PolicyParty }): Json {
  const target = { '@type': 'AssetCollection', uid: `urn:wire:licence:${encodeURIComponent(input.licenceId)}` };
  return {
    '@context': CONTEXT,
    '@type': 'Offer',
    uid: input.uid,
    profile: profiles(input.terms),
    assigner: party(input.assigner),
    ...rules(target, modeOfTerms(input.terms), input.terms, input.assigner),
  };
}

/**
 * What this partner may do with this article, as an ODRL Agreement naming it as assignee: built from
 * the article exactly as the article route serves it to this partner (its `usage.mode` and the
 * licence's terms), so it never grants more.
 */
export function articleAgreement(input: {
  uid: string;
  article: PartnerArticle;
  terms: Terms;
  assigner: PolicyParty;
  assignee: PolicyParty;
}): Json {
  const { article, terms } = input;
  const target = { '@type': 'Asset', uid: `urn:wire:article:${encodeURIComponent(article.id)}` };
  return {
    '@context': CONTEXT,
    '@type': 'Agreement',
    uid: input.uid,
    profile: profiles(terms),
    assigner: party(input.assigner),
    assignee: party(input.assignee),
    ...rules(target, article.usage.mode, terms, input.assigner),
  };
}

/** The newsroom, as TDMRep names the party to ask (a vCard). */
export interface Newsroom {
  name: string | null;
  email: string | null;
  url: string | null;
}

/**
 * The newsroom's TDM policy (W3C TDMRep): mining is offered only with the newsroom's consent.
 * `target`: what it covers (the partner API).
 */
export function tdmPolicy(input: { uid: string; target: string; newsroom: Newsroom; base: string }): Json {
  const { newsroom } = input;
  return {
    '@context': CONTEXT,
    '@type': 'Offer',
    uid: input.uid,
    profile: TDMREP_PROFILE,
    assigner: {
      uid: newsroom.url || input.base,
      '@type': 'vcard:Organization',
      'vcard:fn': newsroom.name || 'The newsroom',
      ...(newsroom.email ? { 'vcard:hasEmail': `mailto:${newsroom.email}` } : {}),
      ...(newsroom.url ? { 'vcard:hasURL': newsroom.url } : {}),
    },
    permission: [{ target: input.target, action: 'tdm:mine', duty: [{ action: 'obtainConsent' }] }],
  };
}

/** `/.well-known/tdmrep.json`: one entry for everything under the partner API. */
export function tdmrepEntries(input: { reservation: 0 | 1; policyUrl: string }) {
  return [
    {
      location: '/api/wire/*',
      'tdm-reservation': input.reservation,
      ...(input.reservation === 1 ? { 'tdm-policy': input.policyUrl } : {}),
    },
  ];
}

/** The headers every partner response carries (TDMRep, and the IETF AI-preferences draft). */
export function tdmHeaders(input: { reservation: 0 | 1; policyUrl: string }): Record<string, string> {
  return {
    'tdm-reservation': String(input.reservation),
    ...(input.reservation === 1 ? { 'tdm-policy': input.policyUrl } : {}),
    // draft-ietf-aipref-attach / -vocab: a draft, not a standard (docs/partner-api.md). Without a
    // reservation no preference is stated (never a grant the newsroom did not make).
    ...(input.reservation === 1 ? { 'Content-Usage': 'train-ai=n' } : {}),
  };
}
