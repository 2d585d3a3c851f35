// A first Wire for the round-trip test: boots the test build on the database in its environment,
// ingests the files named on its command line, makes a reading and a pushing partner token, serves
// HTTP on PORT, and prints one JSON line: {"ready":true,"read":...,"push":...,"summaries":[...]}.
// Runs until it is told to stop.
const { promises: fs } = require('node:fs');
const path = require('node:path');
const { createStrapi } = require('@strapi/strapi');

const appDir = path.resolve(__dirname, '../..');

(async () => {
  const strapi = await createStrapi({
    appDir,
    distDir: path.join(appDir, '.tmp/test-dist'),
    autoReload: false,
    serveAdminPanel: false,
  }).load();
  const wire = strapi.plugin('wire');
  const summaries = [];
  for (const file of process.argv.slice(2)) {
    const summary = await wire.service('ingest').ingestDocument(await fs.readFile(file), path.basename(file));
    summaries.push({
      file: path.basename(file),
      created: summary.created,
      rejected: summary.rejected,
      problems: summary.problems,
    });
  }
  const read = (await wire.service('partners').createPartnerToken({ name: 'round-trip-reader', access: 'full' }))
    .accessKey;
  const push = (
    await wire
      .service('partners')
      .createPartnerToken({ name: 'round-trip-pusher', access: 'full', ingest: true, anyAgency: true })
  ).accessKey;
  await strapi.listen();
  process.stdout.write(`${JSON.stringify({ ready: true, read, push, summaries })}\n`);
  const stop = async () => {
    await strapi.destroy();
    process.exit(0);
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
})().catch((error) => {
  console.error(error);
  process.exit(1);
});
