//! The files of a pre-visit batch for `benches/batch`: `N` reservations (Shift_JIS, as receipt
//! systems export them), the stored records of the same patients (Shift_JIS, in the same order, or
//! shuffled with `--shuffled`: a receipt system exports its records in its own order) and the
//! 一括照会 result the terminal would return for them (UTF-8), every record in it matching.
//!
//! ```sh
//! batch_files N DIR [--shuffled]    # DIR/reservations.csv, DIR/records.csv, DIR/result.xml
//! ```

use std::io::Write;
use std::path::Path;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args.as_slice() {
        [n, dir, rest @ ..] if rest.is_empty() || rest == ["--shuffled"] => match n.parse() {
            Ok(n) => write(n, Path::new(dir), !rest.is_empty()),
            Err(_) => Err(format!("`{n}` is not a number of reservations")),
        },
        _ => Err("usage: batch_files N DIR [--shuffled]".to_owned()),
    };
    if let Err(problem) = result {
        eprintln!("batch_files: {problem}");
        std::process::exit(1);
    }
}

/// The patient id of the `i`-th reservation.
fn patient(i: usize) -> String {
    format!("P{i:07}")
}

/// The `i`-th row's patient in the records file: the same order, or a fixed permutation (a step
/// prime to `n`, so every patient appears once and neighbours land far apart).
fn record_order(n: usize, shuffled: bool) -> impl Fn(usize) -> usize {
    let step = (7919..).find(|s| gcd(*s, n) == 1).unwrap_or(1);
    move |i| if shuffled { (i * step + n / 2) % n } else { i }
}

fn gcd(a: usize, b: usize) -> usize {
    if b == 0 { a } else { gcd(b, a % b) }
}

fn write(n: usize, dir: &Path, shuffled: bool) -> Result<(), String> {
    let order = record_order(n, shuffled);
    std::fs::create_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    // The same patient as `onshi_benches::record(i)` describes.
    csv(
        &dir.join("reservations.csv"),
        "patient_id,insurer,symbol,number,branch,birth_date,visit_date",
        n,
        |i| {
            format!(
                "{},123455,12-34,{i:08},01,平成13年3月27日,2026-12-01",
                patient(i)
            )
        },
    )?;
    csv(
        &dir.join("records.csv"),
        "patient_id,insurer,symbol,number,branch,relation,ceiling_category,name,name_kana,birth_date,sex",
        n,
        |row| {
            let i = order(row);
            format!(
                "{},123455,12-34,{i:08},01,insured,A03,診療　太郎,シンリョウ　タロウ,2001-03-27,male",
                patient(i)
            )
        },
    )?;
    let path = dir.join("result.xml");
    let file = std::fs::File::create(&path).map_err(|e| format!("{}: {e}", path.display()))?;
    let mut out = std::io::BufWriter::new(file);
    onshi_benches::write_batch_with(&mut out, true, n, patient)
        .and_then(|()| out.flush())
        .map_err(|e| format!("{}: {e}", path.display()))
}

/// A Shift_JIS CSV file, written one row at a time.
fn csv(path: &Path, header: &str, n: usize, row: impl Fn(usize) -> String) -> Result<(), String> {
    let cannot = |e: std::io::Error| format!("{}: {e}", path.display());
    let file = std::fs::File::create(path).map_err(cannot)?;
    let mut out = std::io::BufWriter::new(file);
    let mut line = |text: &str| {
        let (bytes, _, _) = encoding_rs::SHIFT_JIS.encode(text);
        out.write_all(&bytes).and_then(|()| out.write_all(b"\r\n"))
    };
    line(header).map_err(cannot)?;
    for i in 0..n {
        line(&row(i)).map_err(cannot)?;
    }
    out.flush().map_err(cannot)
}
