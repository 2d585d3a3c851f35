import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import { wire } from '../services/wire';
import { partnerViewer } from './respond';

const UNPARSED = Symbol.for('unparsedBody');

async function readStream(req: NodeJS.ReadableStream, limit: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > limit) throw new errors.PayloadTooLargeError(`body is larger than ${limit} bytes (WIRE_PUSH_LIMIT)`);
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

/**
 * POST /api/wire/ingest: agencies that push send the feed document as the body, in any format Wire
 * reads. Only tokens granted `plugin::wire.ingest.push` reach this handler, and only an active,
 * unexpired partner allowed to push gets past its first lines; its copy is stored only for its own
 * agencies (item by item, services/ingest.ts).
 * A document that cannot be read (malformed, unknown format, nested too deeply) is answered 422
 * naming the problem, in the one error shape, with the run's summary as `error.details`.
 */
export default ({ strapi }: { strapi: Core.Strapi }) => ({
  async push(ctx) {
    const viewer = await partnerViewer(strapi, ctx);
    if (!viewer) return;
    if (!viewer.push) {
      return ctx.forbidden(
        viewer.partner
          ? `partner "${viewer.partner.name}" may not push: it needs the agencies whose copy it writes, or to be made with --any-agency`
          : "only a partner's push token may push (make one with `npm run wire -- token create NAME --ingest --agencies CODE`)",
      );
    }
    const body = ctx.request.body;
    let content: string | Buffer;
    if (typeof body === 'string') content = body;
    else if (body && typeof body[UNPARSED] === 'string') content = body[UNPARSED];
    else {
      // The push-body middleware kept this body from koa-body: the stream is still ours to read, as
      // bytes, up to WIRE_PUSH_LIMIT.
      content = await readStream(ctx.req, strapi.plugin('wire').config('maxPushBytes') as number);
    }
    if (!content || !content.length)
      return ctx.badRequest('empty body: send the feed document (RSS, USPA text, ...) as the request body');
    const agencies = viewer.push.agencies;
    const format = typeof ctx.query.format === 'string' ? ctx.query.format : 'auto';
    const origin = `push:${ctx.state.auth?.credentials?.name ?? 'token'}`;
    const { service } = wire(strapi);
    const summary = await service('runs').record('push', origin, null, () =>
      service('ingest').ingestDocument(content, origin, { format, agencies }),
    );
    // A document that could not be read as a whole: the error shape, with the summary as details.
    const unreadable = summary.reports[0]?.error;
    if (unreadable) return ctx.unprocessableEntity(unreadable, summary);
    ctx.body = summary;
  },
});
