// Builds the admin panel (Strapi's vite build, with the Wire plugin's pages) for the end-to-end tests,
// and puts it where a Strapi started on .tmp/test-dist serves it: .tmp/test-dist/build. Skipped when
// the last build is newer than the plugin's admin sources and bundle, and the lockfile.
const fs = require('node:fs');
const path = require('node:path');
const { execFileSync } = require('node:child_process');

function newestMtime(target) {
  if (!fs.existsSync(target)) return 0;
  const stat = fs.statSync(target);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = 0;
  for (const entry of fs.readdirSync(target)) newest = Math.max(newest, newestMtime(path.join(target, entry)));
  return newest;
}

/** What `strapi build` needs to load the app's config: throwaway values, as the tests' Strapi uses. */
const BUILD_ENV = {
  APP_KEYS: 'testKeyA,testKeyB',
  API_TOKEN_SALT: 'salt',
  ADMIN_JWT_SECRET: 'secret',
  TRANSFER_TOKEN_SALT: 'salt',
  JWT_SECRET: 'secret',
  ENCRYPTION_KEY: 'key',
  WIRE_SEED_DEMO: 'false',
  WIRE_POLL_ENABLED: 'false',
};

function ensureAdminBuild(appDir, env = BUILD_ENV) {
  // The panel is built from the plugin's bundle (plugins/wire/dist/admin), not its sources: bundle
  // first when the sources are newer, or a source edited since would be built in as it was.
  require('../../scripts/build-server').buildPlugin(appDir, { quiet: true });
  const target = path.join(appDir, '.tmp/test-dist/build');
  const stamp = path.join(target, '.wire-admin-built');
  const sources = Math.max(
    newestMtime(path.join(appDir, 'plugins/wire/admin/src')),
    newestMtime(path.join(appDir, 'plugins/wire/dist/admin')),
    newestMtime(path.join(appDir, 'plugins/wire/shared')),
    newestMtime(path.join(appDir, 'plugins/wire/package.json')),
    newestMtime(path.join(appDir, 'package-lock.json')),
    newestMtime(path.join(appDir, 'config')),
  );
  if (fs.existsSync(stamp) && fs.statSync(stamp).mtimeMs > sources) return target;
  // The stamp is dated when the build began: a source edited while it ran is newer, and builds again.
  const began = new Date();
  // `strapi build` writes the admin to dist/build (the app's outDir); the tests' Strapi reads .tmp/test-dist.
  const strapiBin = path.join(
    path.dirname(require.resolve('@strapi/strapi/package.json', { paths: [appDir] })),
    'bin/strapi.js',
  );
  execFileSync(process.execPath, [strapiBin, 'build'], {
    cwd: appDir,
    env: { ...process.env, ...env, NODE_ENV: 'production' },
    stdio: 'pipe',
    timeout: 600000,
  });
  fs.rmSync(target, { recursive: true, force: true });
  fs.cpSync(path.join(appDir, 'dist/build'), target, { recursive: true });
  fs.writeFileSync(stamp, began.toISOString());
  fs.utimesSync(stamp, began, began);
  return target;
}

module.exports = { ensureAdminBuild };
