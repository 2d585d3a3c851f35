/**
 * Partners and their tokens: who is calling, and what their token lets them read. The access level
 * comes from the partner record tied to the API token, never from the request.
 */
import type { Core } from '@strapi/strapi';
import { UID } from '../content-types';
import type { Access } from '../serve/partner-view';

export interface Viewer {
  access: Access;
  /** Agency codes the caller may read; null for every agency. */
  agencies: string[] | null;
  partner: { documentId: string; name: string } | null;
}

export type ViewerResult = { ok: true; viewer: Viewer } | { ok: false; status: 401 | 403; reason: string };

export interface NewPartnerToken {
  name: string;
  access: Access;
  agencies?: string[];
  ingest?: boolean;
  contact?: string | null;
}

/** Every partner read scope (routes/content-api.ts), for tokens that also push. */
const READ_ACTIONS = ['article.find', 'article.findOne', 'version.find', 'quote.findOne', 'change.find', 'rss.find', 'atom.find'].map((a) => `plugin::wire.${a}`);
const INGEST_ACTION = 'plugin::wire.ingest.push';

export const ACCESS_LEVELS: Access[] = ['full', 'quote'];

export default ({ strapi }: { strapi: Core.Strapi }) => ({
  async viewerFor(auth: { credentials?: { id: number; type?: string } } | undefined): Promise<ViewerResult> {
    const token = auth?.credentials;
    if (!token?.id) return { ok: false, status: 401, reason: 'an API token is required' };
    const partner: any =
      (await strapi.db.query(UID.partner).findOne({ where: { apiTokenId: token.id } })) ??
      (await strapi.db.query(UID.partnerToken).findOne({ where: { apiTokenId: token.id }, populate: { partner: true } }))?.partner ??
      null;
    if (!partner) {
      // A token made in the admin without a partner: Strapi's full-access type reads in full, any
      // other type gets the configured default, which is the strict one unless changed.
      const fallback = token.type === 'full-access' ? 'full' : (strapi.plugin('wire').config('defaultAccess') as Access);
      return { ok: true, viewer: { access: ACCESS_LEVELS.includes(fallback) ? fallback : 'quote', agencies: null, partner: null } };
    }
    if (!partner.active) return { ok: false, status: 403, reason: `partner "${partner.name}" is not active` };
    if (partner.expiresAt && new Date(partner.expiresAt).getTime() <= Date.now()) {
      return { ok: false, status: 403, reason: `partner "${partner.name}" expired on ${new Date(partner.expiresAt).toISOString()}` };
    }
    const agencies = Array.isArray(partner.agencies) && partner.agencies.length
      ? partner.agencies.map((code: unknown) => String(code).toUpperCase())
      : null;
    return { ok: true, viewer: { access: partner.access === 'full' ? 'full' : 'quote', agencies, partner: { documentId: partner.documentId, name: partner.name } } };
  },

  /**
   * Another API token for an existing partner (a second site, or a new key before the old one is
   * deleted under Settings → API Tokens). It reads with the partner's access and agencies.
   */
  async addPartnerToken(partnerName: string) {
    const partner: any = await strapi.db.query(UID.partner).findOne({ where: { name: partnerName } });
    if (!partner) throw new Error(`no partner named "${partnerName}"`);
    const tokens = strapi.service('admin::api-token');
    const count = await strapi.db.query(UID.partnerToken).count({ where: { partner: { id: partner.id } } });
    let name = `${partnerName} (${count + 2})`;
    for (let n = count + 3; await tokens.exists({ name }); n += 1) name = `${partnerName} (${n})`;
    return strapi.db.transaction(async () => {
      const token = await tokens.create({
        name,
        description: `Wire partner "${partnerName}": another key`,
        type: partner.canIngest ? 'custom' : 'read-only',
        kind: 'content-api',
        lifespan: null,
        ...(partner.canIngest ? { permissions: [...READ_ACTIONS, INGEST_ACTION] } : {}),
      });
      await strapi.db.query(UID.partnerToken).create({ data: { partner: partner.id, apiTokenId: token.id } });
      return { accessKey: token.accessKey as string, tokenId: token.id as number, tokenName: name };
    });
  },

  /** Creates a partner and its API token; the plain key is in the result and nowhere else. */
  async createPartnerToken(input: NewPartnerToken) {
    if (!ACCESS_LEVELS.includes(input.access)) throw new Error(`access must be one of ${ACCESS_LEVELS.join(', ')} (got "${input.access}")`);
    const tokens = strapi.service('admin::api-token');
    if (await tokens.exists({ name: input.name })) throw new Error(`an API token named "${input.name}" already exists`);
    const agencies = (input.agencies ?? []).map((a) => a.trim().toUpperCase()).filter(Boolean);
    return strapi.db.transaction(async () => {
      const token = await tokens.create({
        name: input.name,
        description: `Wire partner "${input.name}": ${input.access} access${agencies.length ? ` to ${agencies.join(', ')}` : ''}${input.ingest ? ', may push' : ''}`,
        type: input.ingest ? 'custom' : 'read-only',
        kind: 'content-api',
        lifespan: null,
        ...(input.ingest ? { permissions: [...READ_ACTIONS, INGEST_ACTION] } : {}),
      });
      const partner = await strapi.documents(UID.partner).create({
        data: { name: input.name, contact: input.contact ?? null, access: input.access, agencies, canIngest: !!input.ingest, active: true, apiTokenId: token.id } as any,
      });
      return { accessKey: token.accessKey as string, tokenId: token.id as number, partner };
    });
  },
});
