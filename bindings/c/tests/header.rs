//! The checked-in header include/onshi.h must match a fresh cbindgen run.
//! Regenerate with `UPDATE_HEADER=1 cargo test -p onshi-c --test header`.
#![cfg(test)]

use std::path::PathBuf;

#[test]
fn header_is_current() {
    let crate_dir = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let config = cbindgen::Config::from_file(crate_dir.join("cbindgen.toml")).unwrap();
    let mut fresh = Vec::new();
    cbindgen::Builder::new()
        .with_crate(&crate_dir)
        .with_config(config)
        .generate()
        .expect("cbindgen runs")
        .write(&mut fresh);
    let path = crate_dir.join("../../include/onshi.h");
    if std::env::var_os("UPDATE_HEADER").is_some() {
        std::fs::write(&path, &fresh).unwrap();
        return;
    }
    let checked_in = std::fs::read(&path).unwrap_or_default();
    assert!(
        checked_in == fresh,
        "include/onshi.h is stale; rerun with UPDATE_HEADER=1 cargo test -p onshi-c --test header"
    );
}
