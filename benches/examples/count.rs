//! Runs one piece of work many times, for instruction counts that do not depend on machine load:
//!
//! ```sh
//! cargo build --release -p onshi-benches --example count
//! valgrind --tool=callgrind --callgrind-out-file=/dev/null target/release/examples/count decide 10000
//! ```
//!
//! Work: `decide`, `face-utf8`, `face-sjis`, `sample` (the anonymised real result file in
//! `../shared`), `batch-utf8`, `batch-sjis` (3,000 units per round), `bulk-request-utf8`,
//! `bulk-request-sjis` (the 一括照会 request writer, 3,000 queries per round),
//! `certificate` (onshi's whole check of a card certificate) and `ring` (ring's RSA verify alone of
//! the same signature).
//! Divide the "Collected" count by the rounds; the setup (building the inputs) is counted too, so
//! use enough rounds that it is small, or subtract a run with 1 round.

use std::hint::black_box;

use onshi_benches::{GRACE_VISIT, batch_file, bytes, face_file};

/// The anonymised real result file, read from the shared folder (never copied here).
const SAMPLE: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../../shared/data/oqs-samples/myclinic-face-result-utf8.xml"
);

fn main() {
    let mut args = std::env::args().skip(1);
    let (Some(work), Some(rounds)) = (args.next(), args.next().and_then(|n| n.parse().ok())) else {
        eprintln!(
            "usage: count decide|face-utf8|face-sjis|sample|batch-utf8|batch-sjis|bulk-request-utf8|bulk-request-sjis|certificate|ring ROUNDS"
        );
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
        "face-utf8" | "face-sjis" | "sample" => {
            let utf8 = work != "face-sjis";
            let data = if work == "sample" {
                std::fs::read(SAMPLE).expect("../shared holds the anonymised sample")
            } else {
                bytes(&face_file(utf8), utf8)
            };
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
        "bulk-request-utf8" | "bulk-request-sjis" => {
            let encoding = if work == "bulk-request-utf8" {
                onshi_oqs::Encoding::Utf8
            } else {
                onshi_oqs::Encoding::ShiftJis
            };
            let queries: Vec<onshi_oqs::BulkQuery> = (0..3_000)
                .map(|i| onshi_oqs::BulkQuery {
                    insurer_number: "06130017".to_owned(),
                    insured: onshi::numbers::InsuredNumber::new(
                        Some(&format!("記号{}", i % 97)),
                        &format!("{}", 100_000 + i),
                        Some("00"),
                    )
                    .expect("a valid insured number"),
                    birthdate: Some("19800101".to_owned()),
                    arbitrary_identifier: Some(format!("P{i:06}")),
                })
                .collect();
            for _ in 0..rounds {
                let mut writer =
                    onshi_oqs::BulkQueryWriter::new(encoding, "1311111111", "B20261201")
                        .expect("a valid header");
                for query in &queries {
                    writer.push(black_box(query)).expect("a valid query");
                }
                black_box(writer.finish().expect("written"));
            }
        }
        "certificate" | "ring" => {
            let root = onshi_testkit::user_auth_root();
            let mut anchors = onshi::certificate::TrustAnchors::new();
            anchors.add(root.der()).expect("the test root loads");
            let leaf = onshi_testkit::leaf("2030-02-17T14:59:59Z");
            let rules = onshi::RuleSet::builtin();
            let at = onshi::calendar::VisitTime::parse("2026-01-15T10:00:00+09:00")
                .expect("a valid time");
            let (tbs, signature, key) = signed_parts(&leaf, root.der());
            for _ in 0..rounds {
                if work == "ring" {
                    let key = ring::signature::UnparsedPublicKey::new(
                        &ring::signature::RSA_PKCS1_2048_8192_SHA256,
                        &key,
                    );
                    key.verify(black_box(&tbs), black_box(&signature))
                        .expect("verifies");
                } else {
                    let check = onshi::certificate::check_certificate(
                        &rules,
                        &anchors,
                        black_box(&leaf),
                        at,
                        onshi::certificate::Revocation::NotChecked,
                        onshi::certificate::TestHierarchy::Refuse,
                    );
                    black_box(check.expect("checks"));
                }
            }
        }
        other => {
            eprintln!("unknown work `{other}`");
            std::process::exit(2);
        }
    }
}

/// The signed part, the signature and the issuer's public key, as ring takes them.
fn signed_parts(leaf: &[u8], root: &[u8]) -> (Vec<u8>, Vec<u8>, Vec<u8>) {
    let (_, cert) = x509_parser::parse_x509_certificate(leaf).expect("the leaf parses");
    let (_, root) = x509_parser::parse_x509_certificate(root).expect("the root parses");
    (
        cert.tbs_certificate.as_ref().to_vec(),
        cert.signature_value.data.to_vec(),
        root.public_key().subject_public_key.data.to_vec(),
    )
}
