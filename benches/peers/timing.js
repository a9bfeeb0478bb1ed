// How every Node program of `benches/compare` times a piece of work, as `oqs_files` does in Rust:
// one warm-up call, then the best of five runs of at least 0.2 s each, in seconds per call.
'use strict';

function bestOfFive(once) {
  once();
  let best = Infinity;
  for (let run = 0; run < 5; run++) {
    const start = process.hrtime.bigint();
    let rounds = 0;
    let elapsed = 0;
    do {
      once();
      rounds++;
      elapsed = Number(process.hrtime.bigint() - start) / 1e9;
    } while (elapsed < 0.2);
    best = Math.min(best, elapsed / rounds);
  }
  return best;
}

module.exports = { bestOfFive };
