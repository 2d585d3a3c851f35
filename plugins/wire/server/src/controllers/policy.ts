import type { Core } from '@strapi/strapi';
import { licencePolicyUrl, tdmPolicyUrl } from '../serve/links';
import { agencyParty, articleAgreement, licenceOffer, POLICY_CONTENT_TYPE, tdmPolicy } from '../serve/policy';
import { licenceTerms } from '../serve/terms';
import { servePolicyOf } from '../services/serve-policy';
import { wire } from '../services/wire';
import { apiBase, partnerViewer, sendCacheable } from './respond';

/** The licence's holder when no agency's copy names it: a party of its own. */
const holderParty = (licenceId: string, holder: string | null) => ({
  uid: `urn:wire:licence:${encodeURIComponent(licenceId)}:holder`,
  name: holder,
});

/**
 * ODRL policies (serve/policy.ts): GET /api/wire/licences/:id/policy (the licence as an Offer, for
 * any valid partner token) and GET /api/wire/articles/:id/policy (what this partner may do with the
 * article, as an Agreement: the same 404 as the article route when it may not read it).
 */
export const policy = ({ strapi }: { strapi: Core.Strapi }) => ({
  async findOne(ctx) {
    const who = await partnerViewer(strapi, ctx);
    if (!who) return;
    const id = String(ctx.params.id);
    const found = await wire(strapi).service('licences').policyOf(id);
    if (!found) return ctx.notFound(`no licence ${id}`);
    const offer = licenceOffer({
      uid: licencePolicyUrl(apiBase(strapi), id),
      licenceId: id,
      terms: licenceTerms(found.licence, servePolicyOf(strapi)),
      assigner: found.agency ? agencyParty(found.agency) : holderParty(id, found.licence.holder ?? null),
    });
    sendCacheable(strapi, ctx, offer, POLICY_CONTENT_TYPE);
  },
});

export const agreement = ({ strapi }: { strapi: Core.Strapi }) => ({
  async findOne(ctx) {
    const who = await partnerViewer(strapi, ctx);
    if (!who) return;
    const id = String(ctx.params.id);
    const view = await wire(strapi).service('articles').policyView(who, id);
    // The article route's very answer: nothing about a story this token may not read.
    if (!view) return ctx.notFound(`no article ${id} for this token`);
    const { article, terms, row } = view;
    const licenceId = row.licence?.documentId ?? id;
    const body = articleAgreement({
      uid: `urn:wire:agreement:${encodeURIComponent(id)}:${encodeURIComponent(who.ledgerOwner ?? 'anonymous')}`,
      article,
      terms,
      assigner: row.agency ? agencyParty(row.agency) : holderParty(licenceId, row.licence?.holder ?? null),
      assignee: who.partner
        ? { uid: `urn:wire:partner:${encodeURIComponent(who.partner.documentId)}`, name: who.partner.name }
        : { uid: `urn:wire:${who.ledgerOwner ?? 'token'}`, name: null },
    });
    sendCacheable(strapi, ctx, body, POLICY_CONTENT_TYPE);
  },
});

/** GET /api/wire/tdm-policy: the newsroom's TDM policy (W3C TDMRep). Public, as crawlers read it. */
export const tdm = ({ strapi }: { strapi: Core.Strapi }) => ({
  async find(ctx) {
    const base = apiBase(strapi);
    const newsroom = strapi.plugin('wire').config('newsroom') as {
      name: string | null;
      email: string | null;
      url: string | null;
    };
    ctx.set('Cache-Control', 'public, max-age=3600');
    ctx.type = POLICY_CONTENT_TYPE;
    ctx.body = JSON.stringify(
      tdmPolicy({
        uid: tdmPolicyUrl(base, null),
        target: `${base}/api/wire/`,
        newsroom: newsroom ?? { name: null, email: null, url: null },
        base,
      }),
    );
  },
});
