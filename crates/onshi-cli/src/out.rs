//! Everything the command prints goes through here: every line a value from a file or an input
//! could reach is [`onshi::screen::neutralize`]d (no escape sequence, terminal title or bidi override acts
//! on the screen), errors are [`onshi::screen::redact`]ed, JSON is [`onshi::screen::to_json`]. The plain print
//! macros are refused in this crate (`clippy.toml`), so no output can bypass it.
#![allow(clippy::disallowed_macros)]

use std::io::Write;

/// `text` with each line neutralised (the line breaks between them kept).
fn lines(text: &str) -> String {
    text.split('\n')
        .map(|line| onshi::screen::neutralize(line).into_owned())
        .collect::<Vec<_>>()
        .join("\n")
}

/// Writes `text` (its own line breaks kept) on standard output.
pub(crate) fn text(text: &str) {
    let _ = std::io::stdout().lock().write_all(lines(text).as_bytes());
}

/// Writes one line on standard output.
pub(crate) fn line(text: &str) {
    let mut out = std::io::stdout().lock();
    let _ = out.write_all(lines(text).as_bytes());
    let _ = out.write_all(b"\n");
}

/// Writes one line on standard error (progress, warnings, problems of single rows).
pub(crate) fn note(text: &str) {
    let mut err = std::io::stderr().lock();
    let _ = err.write_all(lines(text).as_bytes());
    let _ = err.write_all(b"\n");
}

/// Writes text on standard error without a line break (a prompt).
pub(crate) fn prompt(text: &str) {
    let mut err = std::io::stderr().lock();
    let _ = err.write_all(lines(text).as_bytes());
    let _ = err.flush();
}

/// The error line, `error: …`, [`onshi::screen::redact`]ed line by line.
pub(crate) fn error(message: &str) {
    let shown = message
        .split('\n')
        .map(|line| onshi::screen::redact(line).into_owned())
        .collect::<Vec<_>>()
        .join("\n");
    let _ = writeln!(std::io::stderr().lock(), "error: {shown}");
}

/// `value` as pretty JSON on standard output, every string neutralised.
pub(crate) fn json(value: &impl serde::Serialize) -> Result<(), crate::Failure> {
    line(&onshi::screen::to_json(value, true)?);
    Ok(())
}

/// A line on standard output: `say!("{x}")` is `out::line(&format!("{x}"))`.
macro_rules! say {
    () => { $crate::out::line("") };
    ($($arg:tt)*) => { $crate::out::line(&format!($($arg)*)) };
}

/// A line on standard error.
macro_rules! tell {
    () => { $crate::out::note("") };
    ($($arg:tt)*) => { $crate::out::note(&format!($($arg)*)) };
}

pub(crate) use {say, tell};
