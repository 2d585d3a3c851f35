/**
 * Preloaded (`node --require`) into the CLI processes bench/ingest starts: writes the process's peak
 * resident set (bytes) to WIRE_BENCH_PEAK_FILE when it exits, and every second before that. The CLI
 * ends with process.exit, and Strapi's destroy removes 'exit' listeners, so process.exit is wrapped.
 */
'use strict';
const fs = require('node:fs');

const file = process.env.WIRE_BENCH_PEAK_FILE;
if (file) {
  const write = () => fs.writeFileSync(file, String(process.resourceUsage().maxRSS * 1024));
  const exit = process.exit;
  process.exit = function benchExit(code) {
    try {
      write();
    } catch {
      // the bench then reports the last periodic figure
    }
    return exit.call(process, code);
  };
  setInterval(write, 1000).unref();
}
