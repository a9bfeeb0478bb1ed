//! Runs one piece of work many times, for instruction counts that do not depend on machine load:
//!
//! ```sh
//! cargo build --release -p onshi-benches --example count
//! valgrind --tool=callgrind --callgrind-out-file=/dev/null target/release/examples/count decide 10000
//! ```
//!
//! Work: `decide`, `face-utf8`, `face-sjis`, `batch-utf8`, `batch-sjis` (3,000 units per round).
//! Divide the "Collected" count by the rounds; the setup (building the inputs) is counted too, so
//! use enough rounds that it is small, or subtract a run with 1 round.

use std::hint::black_box;

use onshi_benches::{GRACE_VISIT, batch_file, bytes, face_file};

fn main() {
    let mut args = std::env::args().skip(1);
    let (Some(work), Some(rounds)) = (args.next(), args.next().and_then(|n| n.parse().ok())) else {
        eprintln!("usage: count decide|face-utf8|face-sjis|batch-utf8|batch-sjis ROUNDS");
        std::process::exit(2);
    };
    let rounds: u32 = rounds;
    match work.as_str() {
        "decide" => {
            let rules = onshi::RuleSet::builtin();
            let visit = onshi::Visit::from_json(GRACE_VISIT).expect("the bench visit is valid");
            for _ in 0..rounds {
                black_box(onshi::decide(&rules, black_box(&visit)).expect("decides"));
            }
        }
        "face-utf8" | "face-sjis" => {
            let utf8 = work == "face-utf8";
            let data = bytes(&face_file(utf8), utf8);
            for _ in 0..rounds {
                black_box(onshi_oqs::QualificationResult::parse(black_box(&data)).expect("parses"));
            }
        }
        "batch-utf8" | "batch-sjis" => {
            let utf8 = work == "batch-utf8";
            let data = bytes(&batch_file(utf8, 3_000), utf8);
            for _ in 0..rounds {
                let summary =
                    onshi_oqs::read_batch(black_box(data.as_slice()), |u| drop(black_box(u)));
                black_box(summary.expect("streams"));
            }
        }
        other => {
            eprintln!("unknown work `{other}`");
            std::process::exit(2);
        }
    }
}
