//! オンライン資格確認 file parsing: throughput in MB/s for UTF-8 and Shift_JIS (a single result file
//! and a streamed 一括照会 batch), and the peak heap while streaming 100,000 units.
//! Goal: >= 200 MB/s. The side-by-side with Python and Node on the same files is `benches/compare`.
//!
//! Run: `cargo bench -p onshi-benches --bench oqs`.

use std::alloc::{GlobalAlloc, Layout, System};
use std::hint::black_box;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Instant;

use criterion::{Criterion, Throughput, criterion_group};
use onshi_benches::{batch_file, bytes, files};

/// Counts live heap bytes and the peak, to show batch streaming stays flat.
struct Tracking;
static LIVE: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

unsafe impl GlobalAlloc for Tracking {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        // SAFETY: forwarded unchanged to the system allocator.
        let p = unsafe { System.alloc(layout) };
        if !p.is_null() {
            let now = LIVE.fetch_add(layout.size(), Ordering::Relaxed) + layout.size();
            PEAK.fetch_max(now, Ordering::Relaxed);
        }
        p
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: forwarded unchanged to the system allocator.
        unsafe { System.dealloc(ptr, layout) };
        LIVE.fetch_sub(layout.size(), Ordering::Relaxed);
    }
}

#[global_allocator]
static ALLOC: Tracking = Tracking;

fn bench(c: &mut Criterion) {
    let mut group = c.benchmark_group("oqs parse");
    for (name, data) in files() {
        group.throughput(Throughput::Bytes(data.len() as u64));
        if name.starts_with("face") {
            group.bench_function(name, |b| {
                b.iter(|| {
                    black_box(onshi_oqs::QualificationResult::parse(black_box(&data)).unwrap())
                })
            });
        } else {
            group.bench_function(name, |b| {
                b.iter(|| {
                    black_box(
                        onshi_oqs::read_batch(black_box(data.as_slice()), |u| drop(black_box(u)))
                            .unwrap(),
                    )
                })
            });
        }
    }
    group.finish();
}

criterion_group!(benches, bench);

fn summary() {
    for (name, data) in files() {
        let rounds = if name.starts_with("face") { 20_000 } else { 10 };
        let t = Instant::now();
        for _ in 0..rounds {
            if name.starts_with("face") {
                black_box(onshi_oqs::QualificationResult::parse(&data).unwrap());
            } else {
                black_box(onshi_oqs::read_batch(data.as_slice(), |u| drop(black_box(u))).unwrap());
            }
        }
        let secs = t.elapsed().as_secs_f64();
        println!(
            "{name}: {:.0} MB/s",
            (data.len() * rounds) as f64 / secs / 1e6
        );
    }
    let big = bytes(&batch_file(true, 100_000), true);
    let before = LIVE.load(Ordering::Relaxed);
    PEAK.store(before, Ordering::Relaxed);
    let summary = onshi_oqs::read_batch(big.as_slice(), |u| drop(black_box(u))).unwrap();
    let peak = PEAK.load(Ordering::Relaxed) - before;
    println!(
        "streamed {} units ({:.0} MB) with a peak of {:.0} KB heap beyond the input",
        summary.units,
        big.len() as f64 / 1e6,
        peak as f64 / 1e3
    );
    // The same file with one close tag missing early on: refused after a bounded read (it was
    // quadratic: each chunk re-read the unfinished unit from its start).
    let needle = "</BulkConfirmUnit>".as_bytes();
    let at = big
        .windows(needle.len())
        .enumerate()
        .filter(|(_, w)| *w == needle)
        .nth(10)
        .map_or(0, |(i, _)| i);
    let mut broken = big[..at].to_vec();
    broken.extend_from_slice(&big[at + needle.len()..]);
    let t = Instant::now();
    let intact_rounds = 3;
    for _ in 0..intact_rounds {
        black_box(onshi_oqs::read_batch(big.as_slice(), |u| drop(black_box(u))).unwrap());
    }
    let intact = t.elapsed().as_secs_f64() / f64::from(intact_rounds);
    let before = LIVE.load(Ordering::Relaxed);
    PEAK.store(before, Ordering::Relaxed);
    let t = Instant::now();
    let refused = onshi_oqs::read_batch(broken.as_slice(), |u| drop(black_box(u))).is_err();
    let missing = t.elapsed().as_secs_f64();
    let peak = PEAK.load(Ordering::Relaxed) - before;
    println!(
        "100,000-unit batch with a missing close tag: refused {refused} in {:.4} s (intact file {:.3} s), peak {:.0} KB heap",
        missing,
        intact,
        peak as f64 / 1e3
    );
}

fn main() {
    benches();
    Criterion::default().configure_from_args().final_summary();
    summary();
}
