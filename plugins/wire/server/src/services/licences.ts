/**
 * The distinct licences found in the copy, how many articles each covers, and corrections to their
 * terms. Articles point at their licence, so a correction applies to every article under it (and
 * makes each a change for syncing partners); ingest finds a known notice by its key and leaves its
 * (corrected) terms alone.
 */
import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import { UID } from '../content-types';
import { LICENCE_READER_VERSION, parseLicenceNotice } from '../normalise/licence';
import type { StoredLicence } from '../serve/terms';
import { termsOf } from './desk';
import { wire } from './wire';

type Row = Record<string, any>;

const FLAGS = [
  'quotesMustBeMarked',
  'attributionRequired',
  'hyperlinkRequired',
  'fullTextAllowed',
  'syndicationAllowed',
  'archivalUseAllowed',
  'picturesAllowed',
] as const;

function licenceForDesk(l: Row, articles: number) {
  return {
    documentId: l.documentId,
    name: l.name ?? null,
    holder: l.holder ?? null,
    notice: l.notice,
    language: l.language ?? null,
    notes: l.notes ?? null,
    quoteLimitPercent:
      l.quoteLimitPercent === null || l.quoteLimitPercent === undefined ? null : Number(l.quoteLimitPercent),
    ...Object.fromEntries(
      FLAGS.map((f) => [f, f === 'syndicationAllowed' || f === 'archivalUseAllowed' ? l[f] !== false : !!l[f]]),
    ),
    terms: termsOf(l as any),
    needsReview: !!l.needsReview,
    reviewReasons: Array.isArray(l.reviewReasons) ? l.reviewReasons : [],
    articles,
  };
}

export default ({ strapi }: { strapi: Core.Strapi }) => {
  const countArticles = (id: number) => strapi.db.query(UID.article).count({ where: { licence: { id } } });

  return {
    /**
     * Licences stored before notices were read fail-closed (needsReview still null) are read again
     * once: one that granted the full text where the notice, read now, does not is put back to no
     * full text and flagged for an editor (who may have granted it on purpose: confirming restores
     * it). The rest keep their terms. Only licences read from copy (with a notice key): one an editor
     * wrote by hand is left alone. Runs at boot; safe on several nodes at once.
     */
    async failClosedOnUpgrade() {
      const legacy: Row[] = await strapi.db
        .query(UID.licence)
        .findMany({ where: { needsReview: { $null: true }, noticeKey: { $notNull: true } }, limit: 10000 });
      let withdrawn = 0;
      for (const l of legacy) {
        const read = parseLicenceNotice(l.notice ?? '', l.holder ?? null);
        const tooWide = !!l.fullTextAllowed && !read.terms.fullTextAllowed;
        const data: Row = tooWide
          ? {
              fullTextAllowed: false,
              needsReview: true,
              reviewReasons: [
                'read again by the fail-closed reader: it grants no full text; confirm the terms',
                ...read.reviewReasons,
              ],
            }
          : { needsReview: false };
        await strapi.db.query(UID.licence).update({ where: { id: l.id }, data });
        if (tooWide) {
          withdrawn++;
          await wire(strapi).service('changes').touchLicence(l.id);
        }
      }
      if (withdrawn)
        strapi.log.warn(
          `[wire] ${withdrawn} licence(s) granted the full text their notice does not: withdrawn until an editor confirms them (Licences)`,
        );
      return { read: legacy.length, withdrawn };
    },

    /**
     * Licences read by an earlier reader (LICENCE_READER_VERSION) are read once more: where the notice,
     * read now, gives less (no full text, a ban, no or fewer quotes), the licence is narrowed to that
     * and flagged for an editor (who may have widened it on purpose: confirming again restores it);
     * nothing is ever widened. Only licences read from copy. The reader version is kept in the plugin
     * store, so this runs once per reader change; two nodes doing it at once narrow alike.
     */
    async narrowOnReaderUpgrade() {
      const store = strapi.store({ type: 'plugin', name: 'wire', key: 'licence-reader-version' });
      if (Number(await store.get({})) >= LICENCE_READER_VERSION) return { read: 0, narrowed: 0 };
      const stored: Row[] = await strapi.db
        .query(UID.licence)
        .findMany({ where: { noticeKey: { $notNull: true } }, limit: 10000 });
      let narrowed = 0;
      for (const l of stored) {
        const now = parseLicenceNotice(l.notice ?? '', l.holder ?? null).terms;
        const limit =
          l.quoteLimitPercent === null || l.quoteLimitPercent === undefined ? null : Number(l.quoteLimitPercent);
        const data: Row = {};
        if (l.fullTextAllowed && !now.fullTextAllowed) data.fullTextAllowed = false;
        if (l.syndicationAllowed !== false && !now.syndicationAllowed) data.syndicationAllowed = false;
        if (l.archivalUseAllowed !== false && !now.archivalUseAllowed) data.archivalUseAllowed = false;
        if (l.picturesAllowed && !now.picturesAllowed) data.picturesAllowed = false;
        if (now.quoteLimitPercent !== null && (limit === null || now.quoteLimitPercent < limit))
          data.quoteLimitPercent = now.quoteLimitPercent;
        // A reservation of mining read now (reader 3) is stored as such; it narrows nothing a partner
        // is served, so it needs no editor's review.
        if (l.tdmAllowed !== false && now.tdmAllowed === false) {
          await strapi.db.query(UID.licence).update({ where: { id: l.id }, data: { tdmAllowed: false } });
          await wire(strapi).service('changes').touchLicence(l.id);
        }
        const changed = Object.keys(data);
        if (!changed.length) continue;
        const before = Array.isArray(l.reviewReasons) ? l.reviewReasons : [];
        data.needsReview = true;
        data.reviewReasons = [
          `read again by a stricter reader: ${changed.join(', ')} narrowed; confirm the terms`,
          ...before,
        ];
        await strapi.db.query(UID.licence).update({ where: { id: l.id }, data });
        await wire(strapi).service('changes').touchLicence(l.id);
        narrowed++;
      }
      await store.set({ value: LICENCE_READER_VERSION });
      if (narrowed)
        strapi.log.warn(
          `[wire] ${narrowed} licence(s) read again give less than stored: narrowed until an editor confirms them (Licences)`,
        );
      return { read: stored.length, narrowed };
    },

    /**
     * A licence for its ODRL policy (`GET /api/wire/licences/:id/policy`), with the agency of the
     * copy it covers (the policy's assigner); null when there is no such licence.
     */
    async policyOf(documentId: string): Promise<{
      licence: StoredLicence;
      agency: { code: string; name: string; homepage: string | null } | null;
    } | null> {
      const licence: Row | null = await strapi.db.query(UID.licence).findOne({ where: { documentId } });
      if (!licence) return null;
      const article: Row | null = await strapi.db.query(UID.article).findOne({
        where: { licence: { id: licence.id }, agency: { id: { $notNull: true } } },
        orderBy: { id: 'asc' },
        populate: { agency: true },
      });
      return { licence: licence as StoredLicence, agency: article?.agency ?? null };
    },

    async list(page: number, pageSize: number) {
      const { results, pagination } = await strapi.db
        .query(UID.licence)
        .findPage({ orderBy: [{ holder: 'asc' }, { id: 'asc' }], page, pageSize });
      const data = await Promise.all(results.map(async (l: Row) => licenceForDesk(l, await countArticles(l.id))));
      return { data, pagination };
    },

    async update(documentId: string, input: Row) {
      const existing: Row | null = await strapi.db.query(UID.licence).findOne({ where: { documentId } });
      if (!existing) return null;
      const data: Row = {};
      if (input.quoteLimitPercent !== undefined) {
        if (input.quoteLimitPercent === null || input.quoteLimitPercent === '') data.quoteLimitPercent = null;
        else {
          const n = Number(input.quoteLimitPercent);
          if (!Number.isFinite(n) || n < 0 || n > 100)
            throw new errors.ValidationError('the quote limit is a percentage from 0 to 100, or empty for none');
          data.quoteLimitPercent = n;
        }
      }
      for (const flag of FLAGS) if (input[flag] !== undefined) data[flag] = !!input[flag];
      // Text and data mining: false reserves it, true grants it, null leaves it to the newsroom's default.
      if (input.tdmAllowed !== undefined) data.tdmAllowed = input.tdmAllowed === null ? null : !!input.tdmAllowed;
      // Correcting the terms at the desk is an editor confirming them: the notice is read now.
      data.needsReview = false;
      data.reviewReasons = null;
      for (const field of ['name', 'holder', 'notes'] as const)
        if (input[field] !== undefined)
          data[field] = typeof input[field] === 'string' ? input[field].trim() || null : null;
      await strapi.documents(UID.licence).update({ documentId, data: data as any });
      // Every article under it is served differently now: a change syncing partners fetch again.
      await wire(strapi).service('changes').touchLicence(existing.id);
      const updated: Row = await strapi.db.query(UID.licence).findOne({ where: { documentId } });
      return licenceForDesk(updated, await countArticles(updated.id));
    },
  };
};
