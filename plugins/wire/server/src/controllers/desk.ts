import type { Core } from '@strapi/strapi';
import { pageOf } from './page';
import { parseDeskArticleQuery } from '../desk/article-query';
import { wire } from '../services/wire';

/** Admin API for the desk: overview, articles, one article with its partner views and versions. */
export default ({ strapi }: { strapi: Core.Strapi }) => {
  const desk = () => wire(strapi).service('desk');
  return {
    async overview(ctx) {
      ctx.body = { data: await desk().overview() };
    },

    async articles(ctx) {
      const parsed = parseDeskArticleQuery(ctx.query, pageOf(ctx.query, 20));
      if (!parsed.ok) return ctx.badRequest(parsed.error);
      ctx.body = await desk().listArticles(parsed.query);
    },

    async article(ctx) {
      const view = await desk().article(String(ctx.params.id));
      if (!view) return ctx.notFound(`no article ${ctx.params.id}`);
      ctx.body = { data: view };
    },

    async compare(ctx) {
      const older = typeof ctx.query.older === 'string' ? ctx.query.older : '';
      const newer = typeof ctx.query.newer === 'string' ? ctx.query.newer : 'current';
      if (!older) return ctx.badRequest('name the older version: ?older=<version id>&newer=current');
      const diff = await desk().compare(String(ctx.params.id), older, newer);
      if (!diff) return ctx.notFound(`no such article or version (${ctx.params.id}, ${older}, ${newer})`);
      ctx.body = { data: diff };
    },

    async quote(ctx) {
      const from = Number(ctx.request.body?.from);
      const to = Number(ctx.request.body?.to);
      if (!Number.isInteger(from) || !Number.isInteger(to) || from < 0 || to <= from) {
        return ctx.badRequest('select a passage: from and to are character offsets into the article text, from < to');
      }
      const answer = await desk().quote(String(ctx.params.id), from, to);
      if (!answer) return ctx.notFound(`no article ${ctx.params.id}`);
      // A refusal (over the limit, no limit stated) is the answer the editor asked for, not an error.
      ctx.body = { data: answer };
    },

    /** Release a held story, or set the time its embargo ends (PUT /wire/articles/:id/embargo). */
    async embargo(ctx) {
      const done = await desk().decideEmbargo(String(ctx.params.id), ctx.request.body ?? {}, ctx.state?.user ?? null);
      if (!done) return ctx.notFound(`no article ${ctx.params.id}`);
      ctx.body = { data: done };
    },

    /** Release a story a routing rule held for review (POST /wire/articles/:id/release). */
    async release(ctx) {
      const done = await desk().releaseReview(String(ctx.params.id), ctx.state?.user ?? null);
      if (done.status === 'released') ctx.body = { data: done.release };
      else if (done.status === 'not-found') ctx.notFound(`no article ${ctx.params.id}`);
      else ctx.conflict(`article ${ctx.params.id} is not held for review`);
    },

    /** Take the story to the site as a draft (POST /wire/articles/:id/take[?again=true]). */
    async take(ctx) {
      const ability = ctx.state?.userAbility;
      const done = await wire(strapi)
        .service('take')
        .take(
          String(ctx.params.id),
          {
            user: ctx.state?.user ?? null,
            can: ability
              ? (action: string, subject?: string, field?: string) => ability.can(action, subject, field)
              : null,
          },
          { again: ctx.query?.again === 'true' },
        );
      if (done.status === 'taken') ctx.body = { data: done.take };
      else if (done.status === 'not-found') ctx.notFound(`no article ${ctx.params.id}`);
      else if (done.status === 'forbidden') ctx.forbidden(done.reason);
      else
        ctx.conflict(`article ${ctx.params.id} was taken already; ?again=true takes it again`, {
          target: done.existing.target,
          documentId: done.existing.documentId,
        });
    },

    /** Fetch the story's pictures into the Media Library (POST /wire/articles/:id/pictures). */
    async pictures(ctx) {
      const ability = ctx.state?.userAbility;
      const done = await wire(strapi)
        .service('pictures')
        .fetchNow(String(ctx.params.id), {
          user: ctx.state?.user ?? null,
          can: ability ? (action: string, subject?: string) => ability.can(action, subject) : null,
        });
      if (done.status === 'forbidden') return ctx.forbidden(done.reason);
      ctx.body = { data: done.result };
    },

    async agencies(ctx) {
      ctx.body = { data: await desk().agencies() };
    },

    async updateAgency(ctx) {
      const agency = await wire(strapi)
        .service('agencies')
        .update(String(ctx.params.code), ctx.request.body ?? {});
      if (!agency) return ctx.notFound(`no agency ${ctx.params.code}`);
      ctx.body = { data: agency };
    },
  };
};
