// Preloaded with NODE_OPTIONS=--require: writes the process's peak resident
// memory (KiB) as its last line on stderr, for tests that bound it.
const fs = require('node:fs');

process.on('exit', () => {
  fs.writeSync(2, `max-rss-kib ${process.resourceUsage().maxRSS}\n`);
});
