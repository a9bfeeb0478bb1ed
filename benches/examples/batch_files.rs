//! The files of a pre-visit batch for `benches/batch`: `N` reservations (Shift_JIS, as receipt
//! systems export them), the stored records of the same patients (Shift_JIS, same order) and the
//! 一括照会 result the terminal would return for them (UTF-8), every record in it matching.
//!
//! ```sh
//! batch_files N DIR     # DIR/reservations.csv, DIR/records.csv, DIR/result.xml
//! ```

use std::io::Write;
use std::path::Path;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args.as_slice() {
        [n, dir] => match n.parse() {
            Ok(n) => write(n, Path::new(dir)),
            Err(_) => Err(format!("`{n}` is not a number of reservations")),
        },
        _ => Err("usage: batch_files N DIR".to_owned()),
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

fn write(n: usize, dir: &Path) -> Result<(), String> {
    std::fs::create_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    // The same patient as `onshi_benches::record(i)` describes.
    csv(
        &dir.join("reservations.csv"),
        "patient_id,insurer,symbol,number,branch,birth_date,visit_date",
        n,
        |i| {
            format!(
                "{},123456,12-34,{i:08},01,平成13年3月27日,2026-12-01",
                patient(i)
            )
        },
    )?;
    csv(
        &dir.join("records.csv"),
        "patient_id,insurer,symbol,number,branch,relation,ceiling_category,name,name_kana,birth_date,sex",
        n,
        |i| {
            format!(
                "{},123456,12-34,{i:08},01,insured,A03,診療　太郎,シンリョウ　タロウ,2001-03-27,male",
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
