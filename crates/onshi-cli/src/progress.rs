//! A progress bar on standard error while a long file is read, when standard error is a terminal
//! (never in a pipe or a log).

use std::io::{IsTerminal, Read};

/// A bar for `len` bytes, or `None` when nobody watches.
pub fn bar(len: u64) -> Option<indicatif::ProgressBar> {
    std::io::stderr().is_terminal().then(|| {
        let bar = indicatif::ProgressBar::new(len);
        bar.set_style(
            indicatif::ProgressStyle::with_template(
                "{bar:40} {bytes}/{total_bytes} {bytes_per_sec} {msg}",
            )
            .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
        );
        bar
    })
}

/// A reader that moves the bar by the bytes it reads.
pub struct Counting<R> {
    pub inner: R,
    pub bar: Option<indicatif::ProgressBar>,
}

impl<R: Read> Read for Counting<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        if let Some(bar) = &self.bar {
            bar.inc(n as u64);
        }
        Ok(n)
    }
}

/// Opens `path` for reading (once, safely: [`onshi_oqs::open_input`]) with a bar over its length.
pub fn open(
    path: &std::path::Path,
    limit: u64,
) -> Result<Counting<onshi_oqs::InputFile>, crate::Failure> {
    let file = onshi_oqs::open_input(path, limit)
        .map_err(|e| crate::Failure(format!("{} {e}", path.display())))?;
    let len = file.len();
    Ok(Counting {
        inner: file,
        bar: bar(len),
    })
}
