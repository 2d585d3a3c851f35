#!/usr/bin/env node
// `npm run conformance -- <folder>`: what the parsers extract from each file (no database needed).
'use strict';
const path = require('node:path');
const { wireModule } = require('./build-server');

const appDir = path.resolve(__dirname, '..');
Promise.resolve()
  .then(() => wireModule(appDir, 'cli/conformance').runConformance(process.argv.slice(2)))
  .then((code) => process.exit(code))
  .catch((error) => {
    console.error(error);
    process.exit(1);
  });
