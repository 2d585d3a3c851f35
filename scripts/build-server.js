'use strict';
// Compiles the server side (the plugin with tsc, the app with Strapi's TypeScript compiler) when its
// sources are newer than the last build. The admin panel is built by `strapi build`/`develop`.
const fs = require('node:fs');
const path = require('node:path');
const { execFileSync } = require('node:child_process');

function newestMtime(dir) {
  let newest = 0;
  if (!fs.existsSync(dir)) return 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    const m = entry.isDirectory() ? newestMtime(full) : fs.statSync(full).mtimeMs;
    if (m > newest) newest = m;
  }
  return newest;
}

function mtime(file) {
  return fs.existsSync(file) ? fs.statSync(file).mtimeMs : 0;
}

function buildPlugin(appDir) {
  const tsc = require.resolve('typescript/bin/tsc', { paths: [appDir] });
  execFileSync(process.execPath, [tsc, '-p', path.join(appDir, 'plugins/wire/tsconfig.json')], { stdio: 'inherit' });
}

/** Builds what is stale; returns the app's dist folder. `outDir` builds the app elsewhere (tests). */
async function buildServer(appDir, { quiet = false, outDir = path.join(appDir, 'dist'), force = false } = {}) {
  // The server and what it shares with the admin (plugins/wire/shared) compile together into
  // plugins/wire/dist/server/src and plugins/wire/dist/shared.
  const pluginSources = Math.max(
    newestMtime(path.join(appDir, 'plugins/wire/server/src')),
    newestMtime(path.join(appDir, 'plugins/wire/shared')),
    mtime(path.join(appDir, 'plugins/wire/tsconfig.json')),
  );
  const pluginStamp = path.join(appDir, 'plugins/wire/dist/.built');
  if (
    force ||
    pluginSources > mtime(pluginStamp) ||
    !fs.existsSync(path.join(appDir, 'plugins/wire/dist/server/src/index.js'))
  ) {
    if (!quiet) console.log('[wire] compiling the plugin');
    buildPlugin(appDir);
    fs.writeFileSync(pluginStamp, new Date().toISOString());
  }
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

module.exports = { buildServer, buildPlugin };

if (require.main === module) {
  buildServer(path.resolve(__dirname, '..'), { force: process.argv.includes('--force') }).catch((e) => {
    console.error(e);
    process.exit(1);
  });
}
