// Node's peer for `benches/compare`: fast-xml-parser turns a result file into plain objects (every
// element's text, no code tables, dates or checks, which onshi also does). It has no streaming
// mode: a batch is parsed whole. Prints one JSON object per file, like `oqs_files time`.
'use strict';
const fs = require('fs');
const { XMLParser } = require('fast-xml-parser');
const { bestOfFive } = require('./timing');

const parser = new XMLParser({ parseTagValue: false, trimValues: false });

for (const path of process.argv.slice(2)) {
  const data = fs.readFileSync(path);
  const sjis = data.subarray(0, 100).toString('latin1').includes('Shift_JIS');
  const decoder = new TextDecoder(sjis ? 'shift_jis' : 'utf-8', { fatal: true });
  const best = bestOfFive(() => parser.parse(decoder.decode(data)));
  console.log(JSON.stringify({ file: path, seconds_per_file: best, mb_per_s: data.length / best / 1e6 }));
}
