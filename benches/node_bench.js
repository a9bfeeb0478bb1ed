// onshi from Node.js for `benches/compare`, timed as `oqs_files` times the Rust calls
// (`peers/timing.js`) and printing one JSON object per line like it:
//
//   node benches/node_bench.js decide VISIT     # seconds per onshi.decide(rules, visit), the visit
//                                               # an object as a Node caller passes it
//   node benches/node_bench.js parse FILE...    # MB/s per file: OqsResult.parse on a result file,
//                                               # readBatch (every unit to a callback) on a batch
//
// Needs the addon built in release: cd bindings/node && npm ci && npm run build -- --release.
'use strict';
const fs = require('fs');
const path = require('path');
const onshi = require(path.resolve(__dirname, '../bindings/node'));
const { bestOfFive } = require('./peers/timing');

const [mode, ...args] = process.argv.slice(2);
if (mode === 'decide' && args.length === 1) {
  const rules = onshi.RuleSet.builtin();
  const visit = JSON.parse(fs.readFileSync(args[0], 'utf-8'));
  const best = bestOfFive(() => onshi.decide(rules, visit));
  console.log(JSON.stringify({ file: args[0], seconds_per_call: best }));
} else if (mode === 'parse' && args.length > 0) {
  for (const file of args) {
    const data = fs.readFileSync(file);
    const batch = data.includes('<BulkConfirmUnit');
    const once = batch ? () => onshi.readBatch(file, () => {}) : () => onshi.OqsResult.parse(data);
    const best = bestOfFive(once);
    console.log(JSON.stringify({ file, seconds_per_file: best, mb_per_s: data.length / best / 1e6 }));
  }
} else {
  console.error('usage: node benches/node_bench.js decide VISIT | parse FILE...');
  process.exit(2);
}
