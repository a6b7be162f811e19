// Every entry point (npm start, start:web, test, the copydesk command) runs this first, so an old
// Node stops with one sentence instead of a fetch stack, a better-sqlite3 segfault or an empty
// workspace folder left behind. Plain ES5 CommonJS on purpose: it must parse and run on any
// Node, however old, to be able to say so. The minimum comes from package.json's "engines".
'use strict';

var engines = require('../package.json').engines.node; // e.g. ">=22.12"

function parts(version) {
  var match = /(\d+)\.(\d+)/.exec(version);
  return match ? [Number(match[1]), Number(match[2])] : [0, 0];
}

var required = parts(engines);

/** Whether a Node version ("v20.20.2" or "20.20.2") is at least the one in "engines". */
function isSupported(version) {
  var have = parts(version);
  return have[0] > required[0] || (have[0] === required[0] && have[1] >= required[1]);
}

function message(version) {
  return 'Copydesk needs Node \u2265 ' + required.join('.') + ' (you have ' + version.replace(/^v/, '') + '): see .nvmrc';
}

module.exports = { isSupported: isSupported, message: message };

if (!isSupported(process.version)) {
  console.error(message(process.version));
  process.exit(1);
}
