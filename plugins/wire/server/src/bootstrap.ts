import type { Core } from '@strapi/strapi';
import { UID } from './content-types';
import { takeSettingError, type WireConfig } from './config';
import { ensureUniqueIndexes } from './database/unique-indexes';
import { ensureDeskIndex } from './database/desk-index';
import { DESK_ONLY } from './document-guard';
import { wire } from './services/wire';
import { ACTIONS, actionUid, PLUGIN_ID } from '../../shared/permissions';

/**
 * The demo agency's homepage: a DEMO value, not USPA's real address (`.example` is reserved and never
 * resolves). The demo copy's licence asks for a hyperlink to the source and the plain-text stories
 * carry no link of their own; without a homepage a quote partner would get their headlines only.
 * Set on the demo's first run only, where the agency has none; an editor changes it at the desk.
 */
export const DEMO_AGENCY_HOMEPAGES: Record<string, string> = { USPA: 'https://uspa.example/' };

async function seedDemo(strapi: Core.Strapi) {
  const folder = strapi.plugin('wire').config('demoFolder') as string | null;
  if (!folder) return;
  const count = await strapi.db.query(UID.article).count();
  if (count > 0) return;
  const summary = await wire(strapi).service('ingest').ingest(folder);
  for (const [code, homepage] of Object.entries(DEMO_AGENCY_HOMEPAGES)) {
    const agency = await strapi.db.query(UID.agency).findOne({ where: { code }, select: ['homepage'] });
    if (agency && !agency.homepage) await wire(strapi).service('agencies').update(code, { homepage });
  }
  strapi.log.info(`[wire] demo feed ingested from ${folder}: ${summary.created} created, ${summary.rejected} rejected`);
}

async function registerActions(strapi: Core.Strapi) {
  await strapi.service('admin::permission').actionProvider.registerMany(
    [
      { action: ACTIONS.readDesk, displayName: 'Read the desk (feeds, health, ingest runs)' },
      { action: ACTIONS.manageFeeds, displayName: 'Manage feeds (add, edit, test, run now, pause)' },
      { action: ACTIONS.manageLicences, displayName: 'Manage licences (correct the terms of a licence)' },
      { action: ACTIONS.managePartners, displayName: 'Manage partners (create tokens, set access, revoke)' },
      {
        action: ACTIONS.manageAgencies,
        displayName: 'Manage agencies (names, aliases, homepage, default licence, confirm)',
      },
      { action: ACTIONS.readUsage, displayName: "Read usage (every partner's usage, the royalty report CSV)" },
      { action: ACTIONS.manageAlerts, displayName: 'Keep alerts (saved searches that notify of new copy)' },
      {
        action: ACTIONS.manageRules,
        displayName: 'Manage routing rules (create, change, try, reorder; release stories held for review)',
      },
      {
        action: ACTIONS.fetchPictures,
        displayName:
          "Fetch pictures into the Media Library (a story's pictures; also needs the Media Library's create)",
      },
      {
        action: ACTIONS.takeArticles,
        displayName: "Take to site (a wire story as a draft of the site's own type; also needs create there)",
      },
    ].map(({ action, displayName }) => ({
      section: 'plugins',
      displayName,
      uid: actionUid(action),
      pluginName: PLUGIN_ID,
    })),
  );
}

const DEFAULT_ROLES = ['strapi-editor', 'strapi-author'];
const CM_WRITES = ['create', 'update', 'delete', 'publish'].map((a) => `plugin::content-manager.explorer.${a}`);

/**
 * Strapi gives its default Editor and Author roles Content Manager permissions on the content types
 * that exist when the roles are first made, Wire's included. Wire's own permissions decide who edits
 * Wire's data, so those roles keep none on Wire's types: on every boot, none on the desk-only types
 * (hidden, and refused by document-guard.ts anyway); once per install, no write on the others
 * (articles, agencies, feeds), so an admin may still grant that to a role deliberately later.
 */
async function withdrawDefaultRoleWrites(strapi: Core.Strapi) {
  const roles = await strapi.db
    .query('admin::role')
    .findMany({ where: { code: { $in: DEFAULT_ROLES } }, select: ['id', 'code'] });
  const author = roles.find((r: { code: string }) => r.code === 'strapi-author');
  const store = strapi.store({ type: 'plugin', name: 'wire' });
  const withdraw = async (writesToo: boolean) => {
    const ids = (
      await strapi.db.query('admin::role').findMany({ where: { code: { $in: DEFAULT_ROLES } }, select: ['id'] })
    ).map((r: { id: number }) => r.id);
    const role = { id: { $in: ids } };
    const permissions = strapi.db.query('admin::permission');
    await permissions.deleteMany({
      where: { role, action: { $startsWith: 'plugin::content-manager.' }, subject: { $in: DESK_ONLY } },
    });
    if (!writesToo) return;
    await permissions.deleteMany({
      where: { role, action: { $in: CM_WRITES }, subject: { $startsWith: 'plugin::wire.' } },
    });
    await store.set({ key: 'defaultRolesWithdrawn', value: new Date().toISOString() });
  };
  if (author) return withdraw(!(await store.get({ key: 'defaultRolesWithdrawn' })));
  // A fresh install: Strapi makes its default roles after every plugin's bootstrap, Editor's
  // permissions first, then Author's. Withdraw as they are made; done once Author's are in.
  const off = strapi.eventHub.on('permission.create', async () => {
    const authorRole = await strapi.db
      .query('admin::role')
      .findOne({ where: { code: 'strapi-author' }, select: ['id'] });
    if (!authorRole || !(await strapi.db.query('admin::permission').count({ where: { role: { id: authorRole.id } } })))
      return;
    off();
    await withdraw(true);
  });
}

/** The plugin's own switch: Strapi runs cron jobs even when server.cron.enabled is false. */
function schedulePolling(strapi: Core.Strapi) {
  const poll = strapi.plugin('wire').config('poll') as { enabled: boolean; tickSeconds: number };
  if (!poll.enabled) return;
  let ticking = false;
  const seconds = Math.max(1, Math.min(59, poll.tickSeconds));
  strapi.cron.add({
    wirePoll: {
      async task() {
        if (ticking) return; // the previous tick is still polling
        ticking = true;
        try {
          // Not awaited: polls run side by side in the poller's own slots, and a slow feed must not
          // hold up the next tick (feeds still in flight are not started twice).
          void wire(strapi)
            .service('poller')
            .pollDue()
            .catch((error: Error) => strapi.log.error(`[wire] scheduled poll failed: ${error.message}`));
          // Embargoes that ended and stories that expired since the last tick: tell partners.
          await wire(strapi).service('changes').releaseDue();
          // Stories stored before near-duplicates were kept, a chunk a tick (services/similarity.ts).
          await wire(strapi).service('similarity').catchUp();
          // And before full-text search was (services/search.ts).
          await wire(strapi).service('search').catchUp();
          // Pictures of feeds that fetch them as they arrive, a batch a tick under a lease
          // (services/pictures.ts). Not awaited: waiting on agencies' servers must not hold up expiry
          // and notifications; a tick that finds the lease held (still fetching) does nothing.
          void wire(strapi)
            .service('pictures')
            .tick()
            .catch((error: Error) => strapi.log.error(`[wire] picture fetching failed: ${error.message}`));
          // Stories past their expiry and its grace period, a few batches (services/expiry.ts).
          await wire(strapi).service('expiry').tick();
          // Feeds whose trouble began (notified once across nodes), and notifications due to be sent.
          await wire(strapi).service('notify').tick();
          // Stories routing rules asked to take to the site (services/take.ts), claimed one by one.
          await wire(strapi).service('take').drain();
        } catch (error) {
          strapi.log.error(`[wire] scheduled poll failed: ${(error as Error).message}`);
        } finally {
          ticking = false;
        }
      },
      options: { rule: `*/${seconds} * * * * *` },
    },
  });
}

/** Fail closed at startup: a Take setting naming a type or attributes the app lacks stops Strapi. */
function checkTakeSetting(strapi: Core.Strapi) {
  const error = takeSettingError(
    strapi.plugin('wire').config('take') as WireConfig['take'],
    (uid) => (strapi.contentTypes as Record<string, any>)[uid],
  );
  if (error) throw new Error(`[wire] ${error}`);
}

export default async ({ strapi }: { strapi: Core.Strapi }) => {
  checkTakeSetting(strapi);
  await ensureUniqueIndexes(strapi.db.connection);
  await ensureDeskIndex(strapi);
  await wire(strapi).service('lease').ensureTable();
  await wire(strapi).service('limits').ensureTable();
  await wire(strapi).service('changes').ensureTable();
  await wire(strapi).service('licences').failClosedOnUpgrade();
  await wire(strapi).service('licences').narrowOnReaderUpgrade();
  await wire(strapi).service('ledger').ensureTables();
  await wire(strapi).service('similarity').ensureTables();
  await wire(strapi).service('search').ensureTables();
  await wire(strapi).service('alerts').ensureTables();
  await wire(strapi).service('notify').ensureTables();
  await wire(strapi).service('take').ensureTables();
  await wire(strapi).service('usage').ensureTable();
  await wire(strapi).service('pictures').ensureTables();
  await registerActions(strapi);
  // Older push tokens: the read routes added since they were made (services/partners.ts).
  await wire(strapi).service('partners').upgradePushTokens();
  await withdrawDefaultRoleWrites(strapi);
  // The shipped agency directory, each entry once (an editor's edits are never overwritten).
  await wire(strapi).service('agencies').seed();
  // WIRE_DROP_ROOT exists from the start, so editors have a place for drop folders.
  await wire(strapi)
    .service('feeds')
    .dropFolders()
    .catch((error: Error) => {
      strapi.log.error(`[wire] cannot prepare the drop root (WIRE_DROP_ROOT): ${error.message}`);
    });
  await seedDemo(strapi);
  schedulePolling(strapi);
  // Usage counts are written every WIRE_USAGE_FLUSH_SECONDS, and at destroy (index.ts).
  wire(strapi).service('usage').start();
};
