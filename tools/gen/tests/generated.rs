//! The bindings' generated mirrors are what `onshi-gen` writes from the core's declarations.

use std::path::Path;

#[test]
fn every_generated_file_is_current() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let update = std::env::var_os("UPDATE_GENERATED").is_some();
    let mut stale = Vec::new();
    for (path, text) in onshi_gen::files() {
        let file = root.join(path);
        if update {
            std::fs::write(&file, &text).unwrap();
        } else if std::fs::read_to_string(&file).ok().as_deref() != Some(text.as_str()) {
            stale.push(path);
        }
    }
    assert!(
        stale.is_empty(),
        "{stale:?} differ from the core's declarations: run UPDATE_GENERATED=1 cargo test -p onshi-gen"
    );
}
