//! Decision throughput: one reception decision on a typical visit, and rule-table loading.
//!
//! Run: `cargo bench -p onshi-benches --bench decide`

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use onshi::{RuleSet, Visit, decide};

fn bench(c: &mut Criterion) {
    let rules = RuleSet::builtin();
    let visit = Visit::from_json(onshi_benches::GRACE_VISIT).unwrap();
    c.bench_function("decide (grace-period visit)", |b| {
        b.iter(|| decide(black_box(&rules), black_box(&visit)).unwrap())
    });
    c.bench_function("RuleSet::builtin (parse + validate)", |b| {
        b.iter(RuleSet::builtin)
    });
}

criterion_group!(benches, bench);
criterion_main!(benches);
