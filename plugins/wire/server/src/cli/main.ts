/**
 * `npm run wire -- <command>`: ingest and token management without the admin UI. Boots Strapi
 * without its HTTP server against the same configuration and database as the running app.
 */
import v8 from 'node:v8';
import { createStrapi, type Core } from '@strapi/strapi';
import { describeProblem, type IngestSummary } from '../ingest/summary';
import { parseArgs } from './args';
import { CLI_OPTIONS } from './options';
import { createProgress } from './progress';
import { BACKFILL_USAGE, backfillCommand } from './backfill';
import { wire } from '../services/wire';
import { settleConnections } from '../database/settle';
import type { NewPartnerToken } from '../services/partners';

const USAGE = `Usage: npm run wire -- <command>

  ingest <file|folder|url> [--format F] [--feed NAME] [--agency CODE] [--licence "notice"] [--json] [--dry-run]
      Ingest a document, every file of a folder, or a URL. Prints created / updated / unchanged /
      rejected (with reasons); --json prints the summary as one JSON object on the last line.
      --agency CODE and --licence "notice" name the agency and licence of copy that names neither.
      --dry-run parses and normalises everything and compares it with the database, but stores
      nothing (and records no ingest run): the counts say what would be created or updated.
${BACKFILL_USAGE}
  poll <feed> [--json]
      Poll a registered feed now (by name or id), as the scheduler would, and print the ingest run.
  token create <name> [--access full|quote] [--agencies USPA,...] [--ingest [--any-agency]] [--contact TEXT] [--daily-requests N]
      Create a partner and its API token; the key is printed on the last line. With --ingest the
      token may also push copy, only of its --agencies; a push token for every agency needs --any-agency.
      --daily-requests N: at most N requests a UTC day, every key of the partner together (none without).
  token add <partner>
      Another API token for an existing partner (same access); the key is printed on the last line.
  agency <CODE> [--homepage URL]
      Show an agency; --homepage sets the link quote partners get for its stories that carry none
      (a licence asking for a link to the source needs one); --homepage "" removes it.
  purge [--dry-run] [--json]
      Purge stories expired longer than WIRE_PURGE_GRACE_DAYS ago, as the tick does (batches, one
      node at a time), until none is due; --dry-run counts them and deletes nothing.
  help
      This text.`;

export interface CliDirs {
  appDir: string;
  distDir: string;
}

type Out = { log: (line: string) => void; error: (line: string) => void };

function summaryLines(summary: IngestSummary, dryRun = false): string[] {
  const would = dryRun ? 'would be ' : '';
  const lines = [
    `${dryRun ? 'dry run, nothing stored: ' : ''}${summary.files} file(s), ${summary.items} item(s): ${summary.created} ${would}created, ${summary.updated} ${would}updated, ${summary.unchanged} unchanged, ${summary.rejected} rejected`,
  ];
  for (const p of summary.problems) lines.push(`  rejected: ${describeProblem(p)}`);
  for (const w of summary.warnings) lines.push(`  warning: ${describeProblem(w)}`);
  return lines;
}

async function findFeed(strapi: Core.Strapi, nameOrId: string): Promise<string> {
  const feed = await strapi.db
    .query('plugin::wire.feed')
    .findOne({ where: { $or: [{ documentId: nameOrId }, { name: nameOrId }] } });
  if (!feed) throw new Error(`no feed named "${nameOrId}"`);
  return feed.documentId;
}

async function ingestCommand(strapi: Core.Strapi, argv: string[], out: Out): Promise<number> {
  const args = parseArgs(argv, CLI_OPTIONS.ingest);
  const target = args.positional[0];
  if (!target) throw new Error('ingest needs a file, folder or URL');
  const json = args.options.json === true;
  const feedDocumentId = typeof args.options.feed === 'string' ? await findFeed(strapi, args.options.feed) : null;
  const dryRun = args.options['dry-run'] === true;
  const progress = json ? null : createProgress(out);
  const run = () =>
    wire(strapi)
      .service('ingest')
      .ingest(target, {
        format: typeof args.options.format === 'string' ? args.options.format : 'auto',
        feedDocumentId,
        dryRun,
        agency: typeof args.options.agency === 'string' ? args.options.agency : null,
        licence: typeof args.options.licence === 'string' ? args.options.licence : null,
        onReport: (r, done, total) => progress?.(r, done, total),
      });
  // A dry run stores nothing, not even the record of an ingest run.
  const summary: IngestSummary = dryRun
    ? await run()
    : await wire(strapi).service('runs').record('cli', target, feedDocumentId, run);
  progress?.(null, 0, 0);
  if (json) out.log(JSON.stringify(dryRun ? { ...summary, dryRun: true } : summary));
  else summaryLines(summary, dryRun).forEach((l) => out.log(l));
  return summary.problems.length ? 1 : 0;
}

async function pollCommand(strapi: Core.Strapi, argv: string[], out: Out): Promise<number> {
  const args = parseArgs(argv, CLI_OPTIONS.poll);
  const feed = args.positional[0];
  if (!feed) throw new Error('poll needs a feed name or id');
  const result = await wire(strapi).service('poller').pollFeed(feed, 'cli');
  if (args.options.json === true) {
    out.log(JSON.stringify(result));
  } else if (result.skipped) {
    out.log(`feed "${result.feed}" was not polled: ${result.skipped}`);
  } else if (result.run) {
    const run = result.run;
    out.log(
      `feed "${result.feed}": ${run.status}${run.httpStatus ? ` (HTTP ${run.httpStatus})` : ''}: ${run.created} created, ${run.updated} updated, ${run.unchanged} unchanged, ${run.rejected} rejected`,
    );
    if (run.error) out.log(`  error: ${run.error}`);
    for (const p of run.problems ?? []) out.log(`  rejected: ${describeProblem(p)}`);
  }
  return result.skipped ? 3 : result.outcome?.status === 'failed' ? 1 : 0;
}

async function tokenCommand(strapi: Core.Strapi, argv: string[], out: Out): Promise<number> {
  const [sub, ...rest] = argv;
  if (sub === 'add') {
    const partner = parseArgs(rest, CLI_OPTIONS['token add']).positional[0];
    if (!partner) throw new Error('token add needs the name of a partner');
    const added = await wire(strapi).service('partners').addPartnerToken(partner);
    out.log(`Added the API token "${added.tokenName}" to partner "${partner}"; it reads with the partner's access.`);
    out.log('The key is shown once; send it as "Authorization: Bearer <key>". Key:');
    out.log(added.accessKey);
    return 0;
  }
  if (sub !== 'create')
    throw new Error(
      'usage: token create <name> [--access full|quote] [--agencies A,B] [--ingest [--any-agency]] | token add <partner>',
    );
  const args = parseArgs(rest, CLI_OPTIONS['token create']);
  const name = args.positional[0];
  if (!name) throw new Error('token create needs a name');
  // createPartnerToken refuses anything but full or quote.
  const access = (typeof args.options.access === 'string' ? args.options.access : 'quote') as NewPartnerToken['access'];
  const agencies = typeof args.options.agencies === 'string' ? args.options.agencies.split(',') : [];
  const result = await wire(strapi)
    .service('partners')
    .createPartnerToken({
      name,
      access,
      agencies,
      ingest: args.options.ingest === true,
      anyAgency: args.options['any-agency'] === true,
      contact: typeof args.options.contact === 'string' ? args.options.contact : null,
      // createPartnerToken refuses anything but a whole number from 1.
      dailyRequests: typeof args.options['daily-requests'] === 'string' ? args.options['daily-requests'] : null,
    });
  out.log(
    `Created partner "${name}" with ${access} access${agencies.length ? ` to ${agencies.join(', ')}` : ' to every agency'}${args.options.ingest ? `, allowed to push copy of ${agencies.length ? agencies.join(', ') : 'any agency'}` : ''}${result.partner.dailyRequests ? `, at most ${result.partner.dailyRequests} requests a day` : ''}.`,
  );
  out.log('The key is shown once; send it as "Authorization: Bearer <key>". Key:');
  out.log(result.accessKey);
  return 0;
}

/** `agency CODE [--homepage URL]`: the agencies service checks the URL as the desk's Agencies screen does. */
async function agencyCommand(strapi: Core.Strapi, argv: string[], out: Out): Promise<number> {
  const args = parseArgs(argv, CLI_OPTIONS.agency);
  const code = args.positional[0]?.toUpperCase();
  if (!code) throw new Error('agency needs an agency code (e.g. USPA)');
  const agencies = wire(strapi).service('agencies');
  const agency =
    typeof args.options.homepage === 'string'
      ? await agencies.update(code, { homepage: args.options.homepage })
      : (await agencies.list()).find((a: { code: string }) => a.code === code);
  if (!agency) throw new Error(`no agency "${code}"`);
  const homepage = agency.homepage ?? 'none (quote partners get headlines only where its licence asks for a link)';
  out.log(`${agency.code}  ${agency.name}  homepage: ${homepage}`);
  return 0;
}

/** `purge [--dry-run]`: services/expiry.ts, batch after batch until nothing is due. */
async function purgeCommand(strapi: Core.Strapi, argv: string[], out: Out): Promise<number> {
  const args = parseArgs(argv, CLI_OPTIONS.purge);
  const expiry = wire(strapi).service('expiry');
  const dryRun = args.options['dry-run'] === true;
  let result = await expiry.purge({ dryRun });
  let purged = result.purged;
  while (!dryRun && !result.busy && result.purged > 0 && result.due > 0) {
    result = await expiry.purge();
    purged += result.purged;
  }
  const summary = { ...result, purged, dryRun };
  if (args.options.json === true) out.log(JSON.stringify(summary));
  else if (result.graceDays === null) out.log('purge is off (WIRE_PURGE_GRACE_DAYS=off): nothing deleted');
  else if (result.busy) out.log('another node is purging now: nothing done');
  else
    out.log(
      dryRun
        ? `dry run, nothing deleted: ${result.due} expired stories due (expired before ${result.cutoff})`
        : `purged ${purged} expired stories (expired before ${result.cutoff}); ${result.due} still due`,
    );
  return result.busy ? 1 : 0;
}

/**
 * How far V8 lets the heap grow past what the last full collection kept, in percent. Left alone, on
 * a machine with much memory V8 lets it grow to about four times the live data before collecting:
 * an ingest keeps ≈ 90 MB alive (Strapi included) whatever the file's size, yet peaked at ≈ 550 MB
 * (dry run) and ≈ 700 MB (ingest) of mostly garbage. At 50% the peak stays near 300 MB for a small
 * cost in collection time (bench/ingest prints both). Nothing is capped: a larger live set still
 * gets the memory it needs. `NODE_OPTIONS=--heap-growing-percent=N` overrides it.
 */
export const CLI_HEAP_GROWING_PERCENT = 50;

export function limitHeapGrowth(): void {
  if (/--heap-growing-percent\b/.test(`${process.env.NODE_OPTIONS ?? ''} ${process.execArgv.join(' ')}`)) return;
  v8.setFlagsFromString(`--heap-growing-percent=${CLI_HEAP_GROWING_PERCENT}`);
}

export async function runCli(
  argv: string[],
  dirs: CliDirs,
  out: Out = { log: console.log, error: console.error },
): Promise<number> {
  limitHeapGrowth();
  const [command, ...rest] = argv;
  if (!command || command === 'help' || command === '--help') {
    out.log(USAGE);
    return command ? 0 : 2;
  }
  if (!['ingest', 'token', 'poll', 'backfill', 'agency', 'purge'].includes(command)) {
    out.error(`unknown command "${command}"\n\n${USAGE}`);
    return 2;
  }
  const app = createStrapi({ ...dirs, autoReload: false, serveAdminPanel: false });
  // The command's own lines, not the app's start and shut-down notices, whatever its logger says.
  app.log.level = process.env.WIRE_LOG_LEVEL || 'warn';
  const strapi = await app.load();
  try {
    if (command === 'ingest') return await ingestCommand(strapi, rest, out);
    if (command === 'poll') return await pollCommand(strapi, rest, out);
    if (command === 'agency') return await agencyCommand(strapi, rest, out);
    if (command === 'purge') return await purgeCommand(strapi, rest, out);
    if (command === 'backfill') return await backfillCommand(strapi, rest, out, (name) => findFeed(strapi, name));
    return await tokenCommand(strapi, rest, out);
  } catch (error) {
    out.error(`wire ${command}: ${(error as Error).message}`);
    return 2;
  } finally {
    // Webhook events for what this command stored go out before the process does.
    await wire(strapi).service('changes').flush();
    // And the Document Service's own events (agencies, licences, tokens created): database/settle.ts.
    await settleConnections(strapi);
    await strapi.destroy();
  }
}
