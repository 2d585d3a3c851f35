'use strict';
// Strapi requires JavaScript: the server is written in TypeScript and compiled to dist/ by
// `npm run build:plugin` (run by every npm script that starts Strapi).
module.exports = require('./dist/server').default;
