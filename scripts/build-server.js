'use strict';
// Builds what is stale before Strapi starts: the Wire plugin package (plugins/wire, with Strapi's
// plugin SDK: `strapi-plugin build`, server and admin bundles in plugins/wire/dist) and the app's
// server side (config/ and src/, with Strapi's TypeScript compiler). The app's admin panel is built
// by `strapi build`/`develop`, from the plugin's built admin bundle.
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

const mtime = (file) => (fs.existsSync(file) ? fs.statSync(file).mtimeMs : 0);

/** The plugin's sources: what a change to makes its bundles stale. */
const pluginSources = (pluginDir) =>
  Math.max(...['server/src', 'shared', 'admin/src', 'package.json'].map((p) => newestMtime(path.join(pluginDir, p))));

/** `strapi-plugin build` in plugins/wire when its sources are newer than its bundles. */
function buildPlugin(appDir, { quiet = false, force = false } = {}) {
  const pluginDir = path.join(appDir, 'plugins/wire');
  // The stamp stays out of dist/, which npm pack ships.
  const stamp = path.join(appDir, '.tmp/plugin-built');
  const fresh = fs.existsSync(path.join(pluginDir, 'dist/server/index.js')) && mtime(stamp) > pluginSources(pluginDir);
  if (fresh && !force) return;
  if (!quiet) console.log('[wire] building the plugin (strapi-plugin build)');
  const sdkDir = path.dirname(require.resolve('@strapi/sdk-plugin/package.json', { paths: [pluginDir, appDir] }));
  const sdk = path.join(sdkDir, 'bin/strapi-plugin.js');
  execFileSync(process.execPath, [sdk, 'build', '--silent'], { cwd: pluginDir, stdio: quiet ? 'pipe' : 'inherit' });
  fs.mkdirSync(path.dirname(stamp), { recursive: true });
  fs.writeFileSync(stamp, new Date().toISOString());
}

/**
 * The plugin's modules one by one (tsc into .tmp/wire-modules), for the benches and the
 * conformance check, which call its pure parts (parsers, normalisers) directly. Not what Strapi
 * loads: that is the plugin's bundle, whose own exports (runCli, asWire…) share its state.
 */
function buildModules(appDir) {
  const outDir = path.join(appDir, '.tmp/wire-modules');
  const stamp = path.join(outDir, '.built');
  const pluginDir = path.join(appDir, 'plugins/wire');
  if (mtime(stamp) > Math.max(pluginSources(pluginDir), mtime(path.join(pluginDir, 'tsconfig.json')))) return outDir;
  const tsc = require.resolve('typescript/bin/tsc', { paths: [appDir] });
  execFileSync(
    process.execPath,
    [
      tsc,
      '-p',
      path.join(pluginDir, 'tsconfig.json'),
      '--outDir',
      outDir,
      '--tsBuildInfoFile',
      path.join(outDir, '.tsbuildinfo'),
    ],
    { stdio: 'inherit' },
  );
  fs.writeFileSync(stamp, new Date().toISOString());
  return outDir;
}

/** A module of the plugin, compiled on its own (buildModules): `wireModule(appDir, 'formats/registry')`. */
function wireModule(appDir, name) {
  return require(path.join(buildModules(appDir), 'server/src', name));
}

/** Builds what is stale; returns the app's dist folder. `outDir` builds the app elsewhere (tests). */
async function buildServer(appDir, { quiet = false, outDir = path.join(appDir, 'dist'), force = false } = {}) {
  buildPlugin(appDir, { quiet, force });
  const appStamp = path.join(outDir, '.wire-built');
  const appSources = Math.max(
    newestMtime(path.join(appDir, 'config')),
    newestMtime(path.join(appDir, 'src')),
    mtime(path.join(appDir, 'tsconfig.json')),
  );
  if (force || appSources > mtime(appStamp) || !fs.existsSync(path.join(outDir, 'config'))) {
    if (!quiet) console.log(`[wire] compiling the app into ${path.relative(appDir, outDir) || '.'}`);
    const tsUtils = require('@strapi/typescript-utils');
    await tsUtils.compile(appDir, { configOptions: { options: { outDir, incremental: false } } });
    fs.writeFileSync(appStamp, new Date().toISOString());
  }
  return outDir;
}

/** The plugin's bundle, as Strapi loads it (one module state with the running plugin). */
function wireBundle(appDir) {
  return require(path.join(appDir, 'plugins/wire/dist/server/index.js'));
}

module.exports = { buildServer, buildPlugin, buildModules, wireModule, wireBundle };

if (require.main === module) {
  buildServer(path.resolve(__dirname, '..'), { force: process.argv.includes('--force') }).catch((e) => {
    console.error(e);
    process.exit(1);
  });
}
