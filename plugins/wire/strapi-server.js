'use strict';
// Strapi requires JavaScript: the server is written in TypeScript and compiled to dist/ by
// scripts/build-server.js (run by every npm script that starts Strapi). The compiled tree mirrors
// the plugin's: dist/server/src for the server, dist/shared for what the admin shares with it.
module.exports = require('./dist/server/src').default;
