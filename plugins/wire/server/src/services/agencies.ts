/**
 * The agency directory editors own: the shipped entries (agencies/directory.ts) seeded once each,
 * agencies first named by a credit flagged new, and editors' edits (name, aliases, homepage,
 * default licence, confirm) at the desk. A seeded entry is never written again: what an editor
 * changed stays.
 */
import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import { AGENCY_DIRECTORY, readAliases, storedDirectoryVersion, validHomepage } from '../agencies/directory';
import { UID } from '../content-types';
import { MAX_RETENTION_DAYS, retentionDays } from '../serve/retention';
import { wire } from './wire';

type Row = Record<string, any>;

export function agencyForDesk(r: Row, linkNeeded: boolean) {
  const homepage = validHomepage(r.homepage);
  return {
    documentId: r.documentId,
    code: r.code,
    name: r.name,
    aliases: readAliases(r.aliases),
    homepage,
    defaultLicence: r.defaultLicence
      ? { documentId: r.defaultLicence.documentId, name: r.defaultLicence.name ?? null }
      : null,
    confirmed: r.confirmed !== false,
    /** Fail closed: anything but `full` is `quote`. */
    newsroomAccess: r.newsroomAccess === 'full' ? ('full' as const) : ('quote' as const),
    /** Days its copy may be hosted from first receipt (services/expiry.ts); null: no limit of its own. */
    retentionDays: retentionDays(r.retentionDays),
    isNew: r.confirmed === false,
    /** Its copy's licence asks for a link, and there is no homepage to link to. */
    needsHomepage: linkNeeded && !homepage,
  };
}

export default ({ strapi }: { strapi: Core.Strapi }) => {
  const store = () => strapi.store({ type: 'plugin', name: 'wire' });

  /** Agencies having a story whose licence requires a hyperlink (or whose default licence does). */
  async function agenciesNeedingLinks(): Promise<Set<number>> {
    // Join tables as Strapi's own metadata names them (no guessed table names).
    const attrs = (strapi.db.metadata.get(UID.article) as any).attributes;
    const agencyJoin = attrs.agency.joinTable;
    const licenceJoin = attrs.licence.joinTable;
    const licenceMeta = strapi.db.metadata.get(UID.licence) as any;
    const hyperlinkColumn = licenceMeta.attributes.hyperlinkRequired.columnName ?? 'hyperlink_required';
    const rows = await strapi.db
      .connection(agencyJoin.name)
      .join(
        licenceJoin.name,
        `${agencyJoin.name}.${agencyJoin.joinColumn.name}`,
        `${licenceJoin.name}.${licenceJoin.joinColumn.name}`,
      )
      .join(
        licenceMeta.tableName,
        `${licenceMeta.tableName}.id`,
        `${licenceJoin.name}.${licenceJoin.inverseJoinColumn.name}`,
      )
      .where(`${licenceMeta.tableName}.${hyperlinkColumn}`, true)
      .distinct(`${agencyJoin.name}.${agencyJoin.inverseJoinColumn.name} as id`);
    return new Set(rows.map((r: Row) => Number(r.id)));
  }

  return {
    /** Seeds each shipped agency once (recorded in the plugin store); an existing row keeps its values. */
    async seed() {
      const seeded = new Set<string>(((await store().get({ key: 'agenciesSeeded' })) as string[] | null) ?? []);
      const added: string[] = [];
      for (const entry of AGENCY_DIRECTORY) {
        if (seeded.has(entry.code)) continue;
        const existing = await strapi.db.query(UID.agency).findOne({ where: { code: entry.code } });
        if (!existing) {
          await strapi.documents(UID.agency).create({
            data: {
              code: entry.code,
              name: entry.name,
              aliases: entry.aliases,
              homepage: entry.homepage,
              confirmed: true,
            } as any,
          });
        } else {
          // Made by ingest before the directory was seeded: fill what is empty, change nothing set.
          const fill: Row = { confirmed: true };
          if (!readAliases(existing.aliases).length) fill.aliases = entry.aliases;
          if (!existing.homepage && entry.homepage) fill.homepage = entry.homepage;
          await strapi.db.query(UID.agency).update({ where: { id: existing.id }, data: fill });
        }
        added.push(entry.code);
      }
      if (added.length) await store().set({ key: 'agenciesSeeded', value: [...seeded, ...added] });
      return added;
    },

    async list() {
      const rows = await strapi.db
        .query(UID.agency)
        .findMany({ orderBy: { code: 'asc' }, limit: 1000, populate: { defaultLicence: true } });
      const needLinks = await agenciesNeedingLinks();
      return rows.map((r: Row) => agencyForDesk(r, needLinks.has(r.id) || !!r.defaultLicence?.hyperlinkRequired));
    },

    /** An editor's edit: name, aliases, homepage (http(s) only, or null), default licence, confirm. */
    async update(code: string, input: Row) {
      const row = await strapi.db.query(UID.agency).findOne({ where: { code } });
      if (!row) return null;
      const data: Row = {};
      if ('name' in input) {
        if (typeof input.name !== 'string' || !input.name.trim() || input.name.length > 200)
          throw new errors.ValidationError('name: a non-empty text of at most 200 characters');
        data.name = input.name.trim();
      }
      if ('aliases' in input) {
        if (!Array.isArray(input.aliases) || input.aliases.some((a: unknown) => typeof a !== 'string'))
          throw new errors.ValidationError('aliases: a list of names');
        data.aliases = [...new Set(readAliases(input.aliases))];
      }
      if ('homepage' in input) {
        if (input.homepage === null || input.homepage === '') data.homepage = null;
        else if (!(data.homepage = validHomepage(input.homepage)))
          throw new errors.ValidationError('homepage: an absolute http(s) URL, or empty');
      }
      if ('defaultLicence' in input) {
        if (input.defaultLicence === null || input.defaultLicence === '') data.defaultLicence = null;
        else {
          const licence = await strapi.db
            .query(UID.licence)
            .findOne({ where: { documentId: String(input.defaultLicence) }, select: ['id'] });
          if (!licence) throw new errors.ValidationError(`defaultLicence: no licence ${input.defaultLicence}`);
          data.defaultLicence = licence.id;
        }
      }
      if ('newsroomAccess' in input) {
        if (input.newsroomAccess !== 'quote' && input.newsroomAccess !== 'full')
          throw new errors.ValidationError('newsroomAccess: "quote" or "full"');
        data.newsroomAccess = input.newsroomAccess;
      }
      if ('retentionDays' in input) {
        const days = input.retentionDays;
        if (days === null || days === '') data.retentionDays = null;
        else if (Number.isInteger(days) && days >= 1 && days <= MAX_RETENTION_DAYS) data.retentionDays = days;
        else
          throw new errors.ValidationError(
            `retentionDays: a whole number of days from 1 to ${MAX_RETENTION_DAYS}, or null for no limit`,
          );
      }
      if ('confirmed' in input) {
        if (typeof input.confirmed !== 'boolean') throw new errors.ValidationError('confirmed: true or false');
        data.confirmed = input.confirmed;
      }
      await strapi.documents(UID.agency).update({ documentId: row.documentId, data: data as any });
      storedDirectoryVersion.value += 1;
      // A new retention: every stored story of the agency gets its expiry again, a batch at a time.
      if ('retentionDays' in data && retentionDays(data.retentionDays) !== retentionDays(row.retentionDays))
        await wire(strapi).service('expiry').reapply({ agency: row.id });
      const updated = await strapi.db
        .query(UID.agency)
        .findOne({ where: { id: row.id }, populate: { defaultLicence: true } });
      const needLinks = await agenciesNeedingLinks();
      return agencyForDesk(updated, needLinks.has(row.id) || !!updated.defaultLicence?.hyperlinkRequired);
    },
  };
};
