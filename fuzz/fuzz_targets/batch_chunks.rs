//! 一括照会 results however their bytes arrive: the first byte sets the size of the pieces the
//! rest is handed over in; reading in pieces must deliver exactly the units and the outcome of
//! reading whole (a unit split across reads is read whole, never twice, never lost).
#![no_main]

use libfuzzer_sys::fuzz_target;

/// Hands out `data` in pieces of `step` bytes (the last one shorter).
struct Pieces<'a> {
    data: &'a [u8],
    step: usize,
}

impl std::io::Read for Pieces<'_> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.step.min(buf.len()).min(self.data.len());
        let (now, later) = self.data.split_at(n);
        buf[..n].copy_from_slice(now);
        self.data = later;
        Ok(n)
    }
}

fuzz_target!(|data: &[u8]| {
    let Some((&first, file)) = data.split_first() else {
        return;
    };
    let mut whole = Vec::new();
    let whole_outcome = onshi_oqs::read_batch(file, |u| whole.push(u)).map_err(|e| e.kind());
    let mut split = Vec::new();
    let pieces = Pieces {
        data: file,
        step: usize::from(first) + 1,
    };
    let split_outcome = onshi_oqs::read_batch(pieces, |u| split.push(u)).map_err(|e| e.kind());
    assert_eq!(
        whole,
        split,
        "units differ when read in pieces of {}",
        first as usize + 1
    );
    assert_eq!(whole_outcome, split_outcome);
});
