/**
 * Partners at the desk: list, create (with partners.createPartnerToken; the key is returned once),
 * change access and agencies, revoke, make a new key. Revoking deletes every API token of the partner,
 * so all its keys stop working at once, and setting it active again revives none of them: it gets a
 * new key instead.
 */
import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import { UID } from '../content-types';
import { ACCESS_LEVELS, agencyCodes } from './partners';
import { readDailyRequests } from '../../../shared/partner-limits';
import { wire } from './wire';

type Row = Record<string, any>;

export default ({ strapi }: { strapi: Core.Strapi }) => {
  const tokens = () => strapi.service('admin::api-token');

  async function forDesk(p: Row) {
    const ids: number[] = await wire(strapi).service('partners').tokenIdsOf([p.id]);
    const live = (await Promise.all(ids.map((id) => tokens().getById(id)))).filter(Boolean);
    // The key used last, of all the partner's keys.
    const token =
      live.sort((a: Row, b: Row) => String(b.lastUsedAt ?? '').localeCompare(String(a.lastUsedAt ?? '')))[0] ?? null;
    return {
      documentId: p.documentId,
      name: p.name,
      contact: p.contact ?? null,
      access: p.access,
      agencies: Array.isArray(p.agencies) ? p.agencies : [],
      canIngest: !!p.canIngest,
      anyAgency: !!p.anyAgency,
      keys: live.length,
      active: p.active !== false,
      revoked: !token,
      dailyRequests: typeof p.dailyRequests === 'number' ? p.dailyRequests : null,
      expiresAt: p.expiresAt ?? null,
      createdAt: p.createdAt ?? null,
      tokenLastUsedAt: token?.lastUsedAt ?? null,
    };
  }

  return {
    async list(page: number, pageSize: number) {
      const { results, pagination } = await strapi.db
        .query(UID.partner)
        .findPage({ orderBy: { name: 'asc' }, page, pageSize });
      return { data: await Promise.all(results.map(forDesk)), pagination };
    },

    async create(input: Row) {
      const name = typeof input.name === 'string' ? input.name.trim() : '';
      if (!name) throw new errors.ValidationError('a partner needs a name');
      if (!ACCESS_LEVELS.includes(input.access))
        throw new errors.ValidationError(`access must be one of ${ACCESS_LEVELS.join(', ')}`);
      // createPartnerToken throws ValidationError for a taken name or a push token without agencies.
      const created = await wire(strapi)
        .service('partners')
        .createPartnerToken({
          name,
          access: input.access,
          agencies: agencyCodes(input.agencies),
          ingest: !!input.ingest,
          anyAgency: !!input.anyAgency,
          contact: typeof input.contact === 'string' ? input.contact.trim() || null : null,
          dailyRequests: input.dailyRequests ?? null,
        });
      const partner = await strapi.db.query(UID.partner).findOne({ where: { documentId: created.partner.documentId } });
      return { partner: await forDesk(partner), accessKey: created.accessKey as string };
    },

    async update(documentId: string, input: Row) {
      const existing: Row | null = await strapi.db.query(UID.partner).findOne({ where: { documentId } });
      if (!existing) return null;
      const data: Row = {};
      if (input.access !== undefined) {
        if (!ACCESS_LEVELS.includes(input.access))
          throw new errors.ValidationError(`access must be one of ${ACCESS_LEVELS.join(', ')}`);
        data.access = input.access;
      }
      if (input.agencies !== undefined) data.agencies = agencyCodes(input.agencies);
      if (input.anyAgency !== undefined) data.anyAgency = !!input.anyAgency && !!existing.canIngest;
      if (input.active !== undefined) data.active = !!input.active;
      if (input.dailyRequests !== undefined) {
        const daily = readDailyRequests(input.dailyRequests);
        if (!daily.ok) throw new errors.ValidationError(daily.message, { field: 'dailyRequests' });
        data.dailyRequests = daily.value;
      }
      if (input.contact !== undefined)
        data.contact = typeof input.contact === 'string' ? input.contact.trim() || null : null;
      await strapi.documents(UID.partner).update({ documentId, data: data as any });
      return forDesk(await strapi.db.query(UID.partner).findOne({ where: { documentId } }));
    },

    async revoke(documentId: string) {
      const existing: Row | null = await strapi.db.query(UID.partner).findOne({ where: { documentId } });
      if (!existing) return null;
      await strapi.db.transaction(async () => {
        await wire(strapi).service('partners').revokeTokens([existing.id]);
        await strapi.documents(UID.partner).update({ documentId, data: { active: false } as any });
      });
      return forDesk(await strapi.db.query(UID.partner).findOne({ where: { documentId } }));
    },

    /** A new key for a partner (after a revoke and reactivation, or a second site); shown once. */
    async newKey(documentId: string) {
      const existing: Row | null = await strapi.db.query(UID.partner).findOne({ where: { documentId } });
      if (!existing) return null;
      const added = await wire(strapi).service('partners').addPartnerToken(existing.name, { id: existing.id });
      return {
        partner: await forDesk(await strapi.db.query(UID.partner).findOne({ where: { documentId } })),
        accessKey: added.accessKey as string,
      };
    },
  };
};
