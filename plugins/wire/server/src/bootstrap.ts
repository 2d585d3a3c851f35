import type { Core } from '@strapi/strapi';
import { UID } from './content-types';
import { ensureUniqueIndexes } from './database/unique-indexes';

async function seedDemo(strapi: Core.Strapi) {
  const folder = strapi.plugin('wire').config('demoFolder') as string | null;
  if (!folder) return;
  const count = await strapi.db.query(UID.article).count();
  if (count > 0) return;
  const summary = await strapi.plugin('wire').service('ingest').ingest(folder);
  strapi.log.info(`[wire] demo feed ingested from ${folder}: ${summary.created} created, ${summary.rejected} rejected`);
}

/** Admin permissions, checked on every admin route (not only in the menu). */
export const ACTIONS = {
  readDesk: 'plugin::wire.desk.read',
  manageFeeds: 'plugin::wire.feeds.manage',
  manageLicences: 'plugin::wire.licences.manage',
  managePartners: 'plugin::wire.partners.manage',
};

async function registerActions(strapi: Core.Strapi) {
  await strapi.service('admin::permission').actionProvider.registerMany([
    { section: 'plugins', displayName: 'Read the desk (feeds, health, ingest runs)', uid: 'desk.read', pluginName: 'wire' },
    { section: 'plugins', displayName: 'Manage feeds (add, edit, test, run now, pause)', uid: 'feeds.manage', pluginName: 'wire' },
    { section: 'plugins', displayName: 'Manage licences (correct the terms of a licence)', uid: 'licences.manage', pluginName: 'wire' },
    { section: 'plugins', displayName: 'Manage partners (create tokens, set access, revoke)', uid: 'partners.manage', pluginName: 'wire' },
  ]);
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
          await strapi.plugin('wire').service('poller').pollDue();
          // Embargoes that ended and stories that expired since the last tick: tell partners.
          await strapi.plugin('wire').service('changes').releaseDue();
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

export default async ({ strapi }: { strapi: Core.Strapi }) => {
  await ensureUniqueIndexes(strapi.db.connection);
  await strapi.plugin('wire').service('lease').ensureTable();
  await strapi.plugin('wire').service('changes').ensureTable();
  await strapi.plugin('wire').service('ledger').ensureTables();
  await registerActions(strapi);
  await seedDemo(strapi);
  schedulePolling(strapi);
};
