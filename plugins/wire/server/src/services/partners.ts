/**
 * Partners and their tokens: who is calling, and what their token lets them read. The access level
 * comes from the partner record tied to the API token, never from the request.
 */
import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import { UID } from '../content-types';
import type { Access } from '../serve/partner-view';
import { readDailyRequests, storedDailyRequests } from '../../../shared/partner-limits';

export interface Viewer {
  access: Access;
  /** Agency codes the caller may read; null for every agency. */
  agencies: string[] | null;
  partner: { documentId: string; name: string } | null;
  /**
   * What the caller may push: null for nothing; `{ agencies: null }` for every agency (a partner
   * made with `--any-agency`), else the agency codes its copy must be credited to.
   */
  push: { agencies: string[] | null } | null;
  /** Requests a UTC day, every key of the partner together; null: no quota (serve/rate-limit.ts). */
  dailyRequests: number | null;
}

export type ViewerResult = { ok: true; viewer: Viewer } | { ok: false; status: 401 | 403; reason: string };

/**
 * Whose account a request counts on: the partner (every key of it together), or the token alone when
 * it has no partner. The quote ledger, usage and the request limits all key on it.
 */
export const callerKey = (viewer: Viewer, tokenId: unknown): string => viewer.partner?.documentId ?? `token:${tokenId}`;

export interface NewPartnerToken {
  name: string;
  access: Access;
  agencies?: string[];
  ingest?: boolean;
  /** Required, with `ingest` and no agencies, for a token that may push copy of every agency. */
  anyAgency?: boolean;
  contact?: string | null;
  /** Requests a UTC day (a whole number from 1); null or empty: no quota. */
  dailyRequests?: number | string | null;
}

/** Agency codes as stored: upper case, trimmed, no empties. */
export const agencyCodes = (value: unknown): string[] => {
  const list = Array.isArray(value) ? value : typeof value === 'string' ? value.split(',') : [];
  return [...new Set(list.map((a) => String(a).trim().toUpperCase()).filter(Boolean))];
};

/**
 * A push token without agencies must say so (`--any-agency`): an ingest token for every agency is
 * a choice, never the default of a forgotten flag.
 */
export function checkPushScope(input: { ingest?: boolean; anyAgency?: boolean; agencies: string[] }): void {
  if (!input.ingest) return;
  if (input.anyAgency && input.agencies.length)
    throw new errors.ValidationError('give either agencies or "any agency" for a push token, not both');
  if (!input.anyAgency && !input.agencies.length) {
    throw new errors.ValidationError(
      'a push token needs the agencies whose copy it may write (--agencies USPA,...), or --any-agency for every agency',
    );
  }
}

/** Every partner read scope (routes/content-api.ts), for tokens that also push. */
const READ_ACTIONS = [
  'article.find',
  'article.findOne',
  'version.find',
  'quote.findOne',
  'change.find',
  'rss.find',
  'atom.find',
  'policy.findOne',
  'agreement.findOne',
  'account.find',
  'usage.find',
  'usageCsv.find',
].map((a) => `plugin::wire.${a}`);
const INGEST_ACTION = 'plugin::wire.ingest.push';

export const ACCESS_LEVELS: Access[] = ['full', 'quote'];

export default ({ strapi }: { strapi: Core.Strapi }) => {
  /** Every API token id of these partners: their first (`apiTokenId`) and their further keys. */
  async function tokenIdsOf(partnerIds: number[]): Promise<number[]> {
    if (!partnerIds.length) return [];
    const partners = await strapi.db
      .query(UID.partner)
      .findMany({ where: { id: { $in: partnerIds } }, select: ['id', 'apiTokenId'] });
    const further = await strapi.db
      .query(UID.partnerToken)
      .findMany({ where: { partner: { id: { $in: partnerIds } } }, select: ['id', 'apiTokenId'] });
    return [
      ...new Set(
        [...partners, ...further].map((r: any) => r.apiTokenId).filter((id: unknown) => typeof id === 'number'),
      ),
    ];
  }

  return {
    tokenIdsOf,

    /**
     * Push tokens (custom tokens: they read and push) hold the read routes that existed when they
     * were made; read-only tokens reach every read route by themselves. At boot each partner's push
     * token gets the read actions it lacks (never the push action, never a token of no partner), so
     * an older key reads what a new one does: its policy, its usage, its account. Returns how many
     * tokens were given more.
     */
    async upgradePushTokens(): Promise<number> {
      const partners = await strapi.db.query(UID.partner).findMany({ select: ['id'] });
      const tokens = strapi.service('admin::api-token');
      let upgraded = 0;
      for (const id of await tokenIdsOf(partners.map((p: any) => p.id))) {
        const token = await tokens.getById(id);
        if (!token || token.type !== 'custom') continue;
        const actions: string[] = Array.isArray(token.permissions) ? token.permissions : [];
        if (!actions.includes(INGEST_ACTION)) continue;
        const missing = READ_ACTIONS.filter((a) => !actions.includes(a));
        if (!missing.length) continue;
        await tokens.update(id, { permissions: [...actions, ...missing] });
        strapi.log.info(
          `[wire] push token ${token.name}: given the read routes added since it was made (${missing.join(', ')})`,
        );
        upgraded += 1;
      }
      return upgraded;
    },

    async viewerFor(
      auth: { credentials?: { id: number; type?: string; description?: string | null } } | undefined,
    ): Promise<ViewerResult> {
      const token = auth?.credentials;
      if (!token?.id) return { ok: false, status: 401, reason: 'an API token is required' };
      const partner: any =
        (await strapi.db.query(UID.partner).findOne({ where: { apiTokenId: token.id } })) ??
        (
          await strapi.db
            .query(UID.partnerToken)
            .findOne({ where: { apiTokenId: token.id }, populate: { partner: true } })
        )?.partner ??
        null;
      if (!partner && /^Wire partner "/.test(token.description ?? '')) {
        // A partner's key whose partner record is gone (deleting a partner deletes its keys; this is
        // for one removed behind Wire's back): nothing, rather than the defaults.
        return { ok: false, status: 403, reason: "this key's partner no longer exists" };
      }
      if (!partner) {
        // A token made in the admin (Settings → API Tokens) without a partner: the least, whatever
        // its Strapi type. Quote access, never a push; a partner record is how a token gets more.
        return {
          ok: true,
          viewer: { access: 'quote', agencies: null, partner: null, push: null, dailyRequests: null },
        };
      }
      if (!partner.active) return { ok: false, status: 403, reason: `partner "${partner.name}" is not active` };
      if (partner.expiresAt && new Date(partner.expiresAt).getTime() <= Date.now()) {
        return {
          ok: false,
          status: 403,
          reason: `partner "${partner.name}" expired on ${new Date(partner.expiresAt).toISOString()}`,
        };
      }
      const agencies =
        Array.isArray(partner.agencies) && partner.agencies.length
          ? partner.agencies.map((code: unknown) => String(code).toUpperCase())
          : null;
      // Pushing: only a partner allowed to, for its agencies, or for every agency when made so explicitly.
      const push = !partner.canIngest
        ? null
        : agencies
          ? { agencies }
          : partner.anyAgency === true
            ? { agencies: null }
            : null;
      return {
        ok: true,
        viewer: {
          access: partner.access === 'full' ? 'full' : 'quote',
          agencies,
          partner: { documentId: partner.documentId, name: partner.name },
          push,
          dailyRequests: storedDailyRequests(partner.dailyRequests),
        },
      };
    },

    /**
     * Revokes every key of these partners: the API tokens are deleted (a request with one is 401),
     * and the partner's links to them removed, so reactivating a partner revives nothing; it needs a
     * new key (`token add`, or "New key" at the desk).
     */
    async revokeTokens(partnerIds: number[]): Promise<number> {
      const ids = await tokenIdsOf(partnerIds);
      const tokens = strapi.service('admin::api-token');
      for (const id of ids) if (await tokens.getById(id)) await tokens.revoke(id);
      if (partnerIds.length) {
        await strapi.db.query(UID.partnerToken).deleteMany({ where: { partner: { id: { $in: partnerIds } } } });
        await strapi.db
          .query(UID.partner)
          .updateMany({ where: { id: { $in: partnerIds } }, data: { apiTokenId: null } });
      }
      return ids.length;
    },

    /**
     * Another API token for an existing partner (a second site, or a new key before the old one is
     * deleted under Settings → API Tokens). It reads with the partner's access and agencies.
     */
    async addPartnerToken(partnerName: string, where: Record<string, unknown> = { name: partnerName }) {
      const partner: any = await strapi.db.query(UID.partner).findOne({ where });
      if (!partner) throw new errors.NotFoundError(`no partner named "${partnerName}"`);
      partnerName = partner.name;
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
      if (!ACCESS_LEVELS.includes(input.access))
        throw new errors.ValidationError(`access must be one of ${ACCESS_LEVELS.join(', ')} (got "${input.access}")`);
      const tokens = strapi.service('admin::api-token');
      if (await tokens.exists({ name: input.name }))
        throw new errors.ValidationError(`an API token named "${input.name}" already exists`);
      const agencies = agencyCodes(input.agencies ?? []);
      checkPushScope({ ingest: input.ingest, anyAgency: input.anyAgency, agencies });
      const daily = readDailyRequests(input.dailyRequests);
      if (!daily.ok) throw new errors.ValidationError(daily.message, { field: 'dailyRequests' });
      return strapi.db.transaction(async () => {
        const token = await tokens.create({
          name: input.name,
          description: `Wire partner "${input.name}": ${input.access} access${agencies.length ? ` to ${agencies.join(', ')}` : ''}${input.ingest ? `, may push for ${agencies.length ? agencies.join(', ') : 'any agency'}` : ''}`,
          type: input.ingest ? 'custom' : 'read-only',
          kind: 'content-api',
          lifespan: null,
          ...(input.ingest ? { permissions: [...READ_ACTIONS, INGEST_ACTION] } : {}),
        });
        const partner = await strapi.documents(UID.partner).create({
          data: {
            name: input.name,
            contact: input.contact ?? null,
            access: input.access,
            agencies,
            canIngest: !!input.ingest,
            anyAgency: !!input.ingest && !!input.anyAgency,
            active: true,
            dailyRequests: daily.value,
            apiTokenId: token.id,
          } as any,
        });
        return { accessKey: token.accessKey as string, tokenId: token.id as number, partner };
      });
    },
  };
};
