//! onshi's side of `benches/compare`: writes the OQS files every program times, times onshi on
//! them, and streams a large batch from disk reporting its peak memory. Prints one JSON object per
//! line.
//!
//! ```sh
//! oqs_files write DIR              # face-utf8.xml, face-sjis.xml, batch-utf8.xml, batch-sjis.xml,
//!                                  # visit.json (the grace-period visit of the decide bench)
//! oqs_files time FILE...           # MB/s per file (about one second each)
//! oqs_files decide VISIT           # seconds per `decide` of the visit (the Node bench's baseline)
//! oqs_files write-batch N FILE     # a UTF-8 一括照会 result with N units
//! oqs_files stream FILE            # units, seconds and peak RSS of streaming FILE from disk
//! ```

use std::hint::black_box;
use std::path::Path;
use std::time::{Duration, Instant};

use onshi_benches::files;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args
        .iter()
        .map(String::as_str)
        .collect::<Vec<_>>()
        .as_slice()
    {
        ["write", dir] => write(Path::new(dir)),
        ["time", paths @ ..] if !paths.is_empty() => {
            paths.iter().try_for_each(|p| time(Path::new(p)))
        }
        ["decide", visit] => decide(Path::new(visit)),
        ["write-batch", n, file] => match n.parse() {
            Ok(n) => write_batch(n, Path::new(file)),
            Err(_) => Err(format!("`{n}` is not a number of units")),
        },
        ["stream", file] => stream(Path::new(file)),
        _ => Err(
            "usage: oqs_files write DIR | time FILE... | decide VISIT | write-batch N FILE | stream FILE"
                .to_owned(),
        ),
    };
    if let Err(problem) = result {
        eprintln!("oqs_files: {problem}");
        std::process::exit(1);
    }
}

fn write(dir: &Path) -> Result<(), String> {
    std::fs::create_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    for (name, data) in files() {
        let path = dir.join(name);
        std::fs::write(&path, data).map_err(|e| format!("{}: {e}", path.display()))?;
    }
    let path = dir.join("visit.json");
    std::fs::write(&path, onshi_benches::GRACE_VISIT)
        .map_err(|e| format!("{}: {e}", path.display()))
}

/// Best of five runs of at least 0.2 s each: seconds per call of `once`.
fn best_of_five(mut once: impl FnMut() -> Result<(), String>) -> Result<f64, String> {
    let mut best = f64::MAX;
    for _ in 0..5 {
        let (start, mut rounds) = (Instant::now(), 0u64);
        while start.elapsed() < Duration::from_millis(200) {
            once()?;
            rounds += 1;
        }
        best = best.min(start.elapsed().as_secs_f64() / rounds as f64);
    }
    Ok(best)
}

fn decide(path: &Path) -> Result<(), String> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
    let visit = onshi::Visit::from_json(&text).map_err(|e| format!("{}: {e}", path.display()))?;
    let rules = onshi::RuleSet::builtin();
    let best = best_of_five(|| {
        onshi::decide(black_box(&rules), black_box(&visit))
            .map(|d| drop(black_box(d)))
            .map_err(|e| e.to_string())
    })?;
    println!(
        "{{\"file\": \"{}\", \"seconds_per_call\": {best:e}}}",
        path.display()
    );
    Ok(())
}

fn time(path: &Path) -> Result<(), String> {
    let data = std::fs::read(path).map_err(|e| format!("{}: {e}", path.display()))?;
    let batch = data.windows(16).any(|w| w == b"<BulkConfirmUnit");
    let once = || -> Result<(), String> {
        if batch {
            onshi_oqs::read_batch(black_box(data.as_slice()), |u| drop(black_box(u)))
                .map(drop)
                .map_err(|e| e.to_string())
        } else {
            onshi_oqs::QualificationResult::parse(black_box(&data))
                .map(|r| drop(black_box(r)))
                .map_err(|e| e.to_string())
        }
    };
    once().map_err(|e| format!("{}: {e}", path.display()))?;
    let best = best_of_five(once)?;
    println!(
        "{{\"file\": \"{}\", \"seconds_per_file\": {best:e}, \"mb_per_s\": {:.1}}}",
        path.display(),
        data.len() as f64 / best / 1e6
    );
    Ok(())
}

fn write_batch(n: usize, file: &Path) -> Result<(), String> {
    let out = std::fs::File::create(file).map_err(|e| format!("{}: {e}", file.display()))?;
    let mut out = std::io::BufWriter::new(out);
    onshi_benches::write_batch(&mut out, true, n)
        .and_then(|()| std::io::Write::flush(&mut out))
        .map_err(|e| format!("{}: {e}", file.display()))
}

fn stream(file: &Path) -> Result<(), String> {
    let input = std::fs::File::open(file).map_err(|e| format!("{}: {e}", file.display()))?;
    let size = input.metadata().map(|m| m.len()).unwrap_or(0);
    let start = Instant::now();
    let summary =
        onshi_oqs::read_batch(input, |u| drop(black_box(u))).map_err(|e| e.to_string())?;
    let seconds = start.elapsed().as_secs_f64();
    println!(
        "{{\"file\": \"{}\", \"bytes\": {size}, \"units\": {}, \"seconds\": {seconds:.3}, \"peak_rss_kb\": {}}}",
        file.display(),
        summary.units,
        peak_rss_kb()
    );
    Ok(())
}

/// The process's peak resident memory (VmHWM), from /proc on Linux; 0 elsewhere.
fn peak_rss_kb() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|status| {
            let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
            line.split_whitespace().nth(1)?.parse().ok()
        })
        .unwrap_or(0)
}
