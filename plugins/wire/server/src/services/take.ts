/**
 * "Take to site": a wire story as a DRAFT of the host app's own content type (`wire.take`), made
 * through the Document Service so the host's lifecycles run. What the draft's body holds is decided
 * by the same code that serves partners (serve/partner-view.ts `toPartnerArticle`): the whole text
 * when the newsroom's own access to the agency is `full` (agencies' `newsroomAccess`), else exactly
 * what a quote partner receives under the licence (a marked quotation, or nothing). The attribution
 * with its link and the licence notice are always written. Where it was taken is kept on the wire
 * article (`takenTo`, server-owned: document-guard.ts never takes it from input).
 *
 * Taking a story already taken answers a conflict naming the draft, unless `again` is asked for.
 * Routing rules' `then.take` is recorded on the story only (ingest/rules.ts); nobody takes it.
 */
import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import type { TakeMode, TakenTo, TakeResult } from '../../../shared/desk-api';
import type { WireConfig } from '../config';
import { UID } from '../content-types';
import { escapeHtml } from '../normalise/text';
import { attributionFor, toPartnerArticle, type StoredArticle } from '../serve/partner-view';
import { wire } from './wire';

type Row = Record<string, any>;

/** The Content Manager's create action: Take is no side door into a type the editor may not write. */
const CM_CREATE = 'plugin::content-manager.explorer.create';

export interface Taker {
  user: { id?: number; email?: string } | null;
  /** The editor's ability (Strapi's `ctx.state.userAbility`); without one, nothing may be created. */
  can: ((action: string, subject: string, field?: string) => boolean) | null;
}

export type TakeOutcome =
  | { status: 'taken'; take: TakeResult }
  | { status: 'already-taken'; existing: TakenTo }
  | { status: 'not-found' }
  | { status: 'forbidden'; reason: string };

/** The attribution as a paragraph: `Source: <a href="…">Agency</a>`, or its text without a link. */
function attributionHtml(a: StoredArticle): string {
  const attribution = attributionFor(a);
  return attribution.url
    ? `<p>Source: <a href="${escapeHtml(attribution.url)}">${escapeHtml(attribution.name)}</a></p>`
    : `<p>${escapeHtml(attribution.text)}</p>`;
}

/** What the draft receives, part by part (before the mapping names the target's attributes). */
export function takenParts(a: StoredArticle, newsroomAccess: unknown, policy?: Parameters<typeof toPartnerArticle>[2]) {
  // Fail closed: only an explicit `full` takes the whole text.
  const access = newsroomAccess === 'full' ? 'full' : 'quote';
  const served = toPartnerArticle(a, access, policy);
  const mode = served.usage.mode as TakeMode;
  const attribution = attributionFor(a);
  // The quotation carries its attribution already (serve/terms.ts markedQuote); the full text gets it after.
  const body = mode === 'full-text' ? `${served.body}\n${attributionHtml(a)}` : mode === 'quote' ? served.body : '';
  return {
    mode,
    reason:
      mode === 'headline-only'
        ? (served.usage.reason ??
          'the licence allows no quotation of this story for the newsroom: the draft has its headline, attribution and notice only')
        : null,
    parts: {
      title: a.headline,
      body,
      byline: a.byline ?? null,
      dateline: a.datelineText ?? null,
      attribution: attribution.text,
      sourceUrl: attribution.url,
      notice: a.licence?.notice ?? null,
    },
  };
}

export default ({ strapi }: { strapi: Core.Strapi }) => {
  const setting = () => strapi.plugin('wire').config('take') as WireConfig['take'];
  return {
    /** The target type, or null when this site has no Take configured. */
    target(): string | null {
      return setting()?.target ?? null;
    },

    async take(documentId: string, who: Taker, options: { again?: boolean } = {}): Promise<TakeOutcome> {
      const { target, fields } = setting() ?? { target: null, fields: {} };
      if (!target)
        throw new errors.NotFoundError(
          'Take to site is not configured on this site (wire.take.target in config/plugins)',
        );
      const a: Row | null = await strapi.db
        .query(UID.article)
        .findOne({ where: { documentId }, populate: { agency: true, licence: true } });
      if (!a) return { status: 'not-found' };
      const mapped = Object.entries(fields).filter(([, attribute]) => !!attribute) as Array<[string, string]>;
      const can = who.can;
      if (!can || !can(CM_CREATE, target) || mapped.some(([, attribute]) => !can(CM_CREATE, target, attribute)))
        return {
          status: 'forbidden',
          reason: `this editor may not create ${target} entries (or all of its mapped fields)`,
        };
      const taken: TakenTo[] = Array.isArray(a.takenTo) ? a.takenTo : [];
      const existing = taken.find((t) => t.target === target);
      if (existing && !options.again) return { status: 'already-taken', existing };

      const { mode, reason, parts } = takenParts(
        a as StoredArticle,
        a.agency?.newsroomAccess,
        wire(strapi).service('articles').servePolicy(),
      );
      const data: Row = {};
      for (const [part, attribute] of mapped) data[attribute] = parts[part as keyof typeof parts];
      // A draft, always: created without publishing, through the Document Service (host lifecycles run).
      const draft = await strapi.documents(target as any).create({ data: data as any, status: 'draft' } as any);
      const entry: TakenTo = {
        target,
        documentId: draft.documentId,
        at: new Date().toISOString(),
        by: who.user?.email ?? (who.user?.id ? `admin ${who.user.id}` : null),
        mode,
      };
      // Query engine, the change position kept: where a story was taken is no change for partners.
      await strapi.db
        .query(UID.article)
        .update({ where: { id: a.id }, data: { takenTo: [...taken, entry], changeSeq: a.changeSeq ?? null } });
      strapi.log.info(`[wire] article ${documentId} taken to ${target} ${draft.documentId} (${mode}) by ${entry.by}`);
      return { status: 'taken', take: { ...entry, reason } };
    },
  };
};
