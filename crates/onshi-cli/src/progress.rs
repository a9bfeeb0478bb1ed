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

/// Opens `path` for reading with a bar over its length.
pub fn open(path: &std::path::Path) -> std::io::Result<Counting<std::fs::File>> {
    let file = std::fs::File::open(path)?;
    let len = file.metadata().map(|m| m.len()).unwrap_or(0);
    Ok(Counting {
        inner: file,
        bar: bar(len),
    })
}
