//! Per-call overhead of the C ABI: the same work through the C library (libonshi.so, loaded the
//! way a C program links it, every call through a C function pointer) and through the Rust API,
//! side by side in one run. Goal (issue 8): ≤ 50 ns more per simple call.
//!
//! `cargo build --release -p onshi-c && cargo bench -p onshi-benches --bench ffi`
//! (the library is looked up in target/release, or at $ONSHI_LIBRARY).

use std::ffi::{CString, c_char, c_void};
use std::hint::black_box;
use std::path::PathBuf;

use criterion::{Criterion, criterion_group, criterion_main};

const VISIT: &str = r#"{"at": "2026-01-15", "presented": {"myna_card": {"registration": "registered",
  "identity": {"method": "face", "outcome": "confirmed"}}}, "online": {"status": "valid", "copay_percent": 30}}"#;

/// OnshiPinCounter from include/onshi.h.
#[repr(C)]
struct PinCounter {
    kind: u32,
    tries: u8,
}

type PinFromSw = unsafe extern "C" fn(u16, *mut PinCounter) -> u32;
type RulesBuiltin = unsafe extern "C" fn(*mut *mut c_void) -> u32;
type Decide = unsafe extern "C" fn(*const c_void, *const c_char, *mut *mut c_void) -> u32;
type Free = unsafe extern "C" fn(*mut c_void);
type Route = unsafe extern "C" fn(*const c_void) -> u32;

fn library() -> Option<libloading::Library> {
    let path = std::env::var_os("ONSHI_LIBRARY")
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../target/release/libonshi.so")
        });
    // SAFETY: libonshi.so runs no initialisation code with preconditions.
    match unsafe { libloading::Library::new(&path) } {
        Ok(lib) => Some(lib),
        Err(e) => {
            eprintln!(
                "skipped: cannot load {} ({e}); run `cargo build --release -p onshi-c` first",
                path.display()
            );
            None
        }
    }
}

fn symbol<T: Copy>(lib: &libloading::Library, name: &str) -> T {
    // SAFETY: each name is looked up with the signature include/onshi.h declares for it.
    unsafe { *lib.get::<T>(name.as_bytes()).expect("symbol in libonshi") }
}

fn overhead(c: &mut Criterion) {
    let Some(lib) = library() else { return };
    let pin_from_sw: PinFromSw = symbol(&lib, "onshi_pin_counter_from_status_word");
    let rules_builtin: RulesBuiltin = symbol(&lib, "onshi_rules_builtin");
    let rules_free: Free = symbol(&lib, "onshi_rules_free");
    let decide_c: Decide = symbol(&lib, "onshi_decide");
    let decision_free: Free = symbol(&lib, "onshi_decision_free");
    let route_c: Route = symbol(&lib, "onshi_decision_route");

    let mut g = c.benchmark_group("pin counter from status word");
    g.bench_function("rust", |b| {
        b.iter(|| onshi::card::PinCounter::from_query(black_box(onshi::card::StatusWord(0x63C3))))
    });
    g.bench_function("c", |b| {
        let mut out = PinCounter { kind: 0, tries: 0 };
        // SAFETY: `out` is writable.
        b.iter(|| unsafe { pin_from_sw(black_box(0x63C3), &mut out) })
    });
    g.finish();

    let rules = onshi::RuleSet::builtin();
    let decision = onshi::decide(&rules, &onshi::Visit::from_json(VISIT).unwrap()).unwrap();
    let visit = CString::new(VISIT).unwrap();
    let mut c_rules: *mut c_void = std::ptr::null_mut();
    let mut handle: *mut c_void = std::ptr::null_mut();
    // SAFETY: writable out-pointers and a NUL-terminated visit; both freed below.
    unsafe {
        assert_eq!(rules_builtin(&mut c_rules), 0);
        assert_eq!(decide_c(c_rules, visit.as_ptr(), &mut handle), 0);
    }

    let mut g = c.benchmark_group("decision route accessor");
    g.bench_function("rust", |b| b.iter(|| black_box(&decision).route));
    // SAFETY: `handle` is a live decision.
    g.bench_function("c", |b| b.iter(|| unsafe { route_c(black_box(handle)) }));
    g.finish();

    let mut g = c.benchmark_group("decide from JSON");
    g.bench_function("rust", |b| {
        b.iter(|| onshi::decide(&rules, &onshi::Visit::from_json(black_box(VISIT)).unwrap()))
    });
    g.bench_function("c", |b| {
        b.iter(|| {
            let mut d: *mut c_void = std::ptr::null_mut();
            // SAFETY: live rules, NUL-terminated visit, writable out; the decision is freed.
            unsafe {
                decide_c(c_rules, black_box(visit.as_ptr()), &mut d);
                decision_free(d);
            }
        })
    });
    g.finish();

    // SAFETY: both from this library, freed once.
    unsafe {
        decision_free(handle);
        rules_free(c_rules);
    }
}

criterion_group!(benches, overhead);
criterion_main!(benches);
