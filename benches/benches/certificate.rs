//! Certificate check cost: onshi's full check (parse + profile + root selection + RSA signature +
//! validity) against bare `ring` RSA verification of the same signature. Goal: ratio ≤ 1.2.
//!
//! Run: `cargo bench -p onshi-benches --bench certificate`

use std::hint::black_box;
use std::time::Instant;

use criterion::{Criterion, criterion_group};
use onshi::RuleSet;
use onshi::calendar::VisitTime;
use onshi::certificate::{Revocation, TestHierarchy, TrustAnchors, check_certificate};
use ring::signature::{RSA_PKCS1_2048_8192_SHA256, UnparsedPublicKey};

struct Fixture {
    rules: RuleSet,
    anchors: TrustAnchors,
    leaf: Vec<u8>,
    at: VisitTime,
    tbs: Vec<u8>,
    signature: Vec<u8>,
    root_key: Vec<u8>,
}

fn fixture() -> Fixture {
    let root = onshi_testkit::user_auth_root();
    let mut anchors = TrustAnchors::new();
    anchors.add(root.der()).unwrap();
    let leaf = onshi_testkit::leaf("2030-02-17T14:59:59Z");
    let (_, cert) = x509_parser::parse_x509_certificate(&leaf).unwrap();
    let (_, root_cert) = x509_parser::parse_x509_certificate(root.der()).unwrap();
    Fixture {
        rules: RuleSet::builtin(),
        anchors,
        at: VisitTime::parse("2026-01-15T10:00:00+09:00").unwrap(),
        tbs: cert.tbs_certificate.as_ref().to_vec(),
        signature: cert.signature_value.data.to_vec(),
        root_key: root_cert.public_key().subject_public_key.data.to_vec(),
        leaf: leaf.clone(),
    }
}

fn full_check(f: &Fixture) {
    let check = check_certificate(
        &f.rules,
        &f.anchors,
        black_box(&f.leaf),
        f.at,
        Revocation::NotChecked,
        TestHierarchy::Refuse,
    )
    .unwrap();
    black_box(check);
}

fn bare_ring(f: &Fixture) {
    UnparsedPublicKey::new(&RSA_PKCS1_2048_8192_SHA256, &f.root_key)
        .verify(black_box(&f.tbs), black_box(&f.signature))
        .unwrap();
}

fn bench(c: &mut Criterion) {
    let f = fixture();
    c.bench_function(
        "onshi check_certificate (parse+chain+signature+dates)",
        |b| b.iter(|| full_check(&f)),
    );
    c.bench_function("ring RSA PKCS#1 SHA-256 verify only", |b| {
        b.iter(|| bare_ring(&f))
    });
}

/// Prints the ratio the goal is stated in, from an interleaved run of both.
fn ratio() {
    let f = fixture();
    let rounds = 2_000;
    let (mut full, mut bare) = (0u128, 0u128);
    for _ in 0..rounds {
        let t = Instant::now();
        full_check(&f);
        full += t.elapsed().as_nanos();
        let t = Instant::now();
        bare_ring(&f);
        bare += t.elapsed().as_nanos();
    }
    let r = full as f64 / bare as f64;
    println!(
        "ratio full/bare = {r:.3} (full {:.1} µs, bare {:.1} µs per call; goal ≤ 1.2)",
        full as f64 / rounds as f64 / 1000.0,
        bare as f64 / rounds as f64 / 1000.0
    );
}

criterion_group!(benches, bench);

fn main() {
    benches();
    Criterion::default().configure_from_args().final_summary();
    ratio();
}
