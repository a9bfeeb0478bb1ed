//! CSV files of reservations and stored records, read one record at a time (RFC 4180: commas,
//! double quotes with `""` inside, CRLF or LF, line breaks inside quotes), so files of any length
//! take flat memory. UTF-8 (a BOM is dropped) or Shift_JIS, told from the first row that is not
//! ASCII; a later row in another encoding is that row's error, not the file's.
//!
//! Records are split on bytes before decoding: `"`, `,`, CR and LF never occur inside a Shift_JIS
//! character (its second byte is 0x40 or above), nor inside a UTF-8 one.

use std::io::{BufRead, Read};

use serde_json::{Map, Value};

/// One record at most this long: a longer one is almost always a quote left open, which would
/// otherwise swallow the rest of the file.
const MAX_RECORD: u64 = 1 << 20;

/// A data row: its first line and its cells by the header's names (empty cells left out).
pub struct Row {
    pub line: usize,
    pub cells: Map<String, Value>,
}

impl Row {
    /// A cell's text.
    pub fn cell(&self, name: &str) -> Option<&str> {
        self.cells.get(name).and_then(Value::as_str)
    }
}

/// A record as written: its first line, the byte it starts at, and its cells by position.
pub type Record = (usize, u64, Vec<String>);

/// A row that cannot be read (`fatal: false`: the next row can), or the file itself.
pub struct CsvError {
    pub line: usize,
    pub problem: String,
    pub fatal: bool,
}

/// The file's encoding, once a row that is not ASCII told it.
#[derive(Clone, Copy, PartialEq)]
enum Text {
    Utf8,
    ShiftJis,
}

/// The rows of a CSV file after its header.
pub struct CsvReader<R> {
    input: R,
    header: std::rc::Rc<[String]>,
    text: Option<Text>,
    /// The line the next record starts on.
    line: usize,
    /// The byte the next record starts at.
    offset: u64,
    record: Vec<u8>,
    done: bool,
}

impl<R: BufRead> CsvReader<R> {
    /// Reads the header row (the first record that is not blank).
    pub fn new(input: R) -> Result<Self, CsvError> {
        let mut reader = CsvReader {
            input,
            header: std::rc::Rc::from(Vec::new()),
            text: None,
            line: 1,
            offset: 0,
            record: Vec::new(),
            done: false,
        };
        loop {
            let Some((line, cells)) = reader.next_record()? else {
                return Err(CsvError {
                    line: reader.line,
                    problem: "no header row".to_owned(),
                    fatal: true,
                });
            };
            if cells.iter().any(|c| !c.trim().is_empty()) {
                reader.header = cells.iter().map(|c| c.trim().to_owned()).collect();
                if let Some(name) = duplicate(&reader.header) {
                    return Err(CsvError {
                        line,
                        problem: format!("the header names `{name}` twice"),
                        fatal: true,
                    });
                }
                return Ok(reader);
            }
        }
    }

    /// Whether the header names this column.
    pub fn has_column(&self, name: &str) -> bool {
        self.header.iter().any(|h| h == name)
    }

    /// The header's names.
    pub fn header(&self) -> &[String] {
        &self.header
    }

    /// Where a column is, by its name.
    pub fn column(&self, name: &str) -> Option<usize> {
        self.header.iter().position(|h| h == name)
    }

    /// A reader for the record at byte `offset` of a file read before by `from` (its header and
    /// encoding kept): `input` must start at that byte, and `line` is the record's line.
    pub fn resume<S: BufRead>(
        from: &CsvReader<R>,
        input: S,
        offset: u64,
        line: usize,
    ) -> CsvReader<S> {
        CsvReader {
            input,
            header: from.header.clone(),
            text: from.text,
            line,
            offset,
            record: Vec::new(),
            done: false,
        }
    }

    /// The next record's cells as written (trimmed, by position), with its line and offset; rows
    /// left blank skipped.
    pub fn next_cells(&mut self) -> Option<Result<Record, CsvError>> {
        loop {
            let offset = self.offset;
            let (line, cells) = match self.next_record() {
                Ok(Some(record)) => record,
                Ok(None) => return None,
                Err(e) => return Some(Err(e)),
            };
            if cells.iter().all(|c| c.trim().is_empty()) {
                continue;
            }
            return Some(Ok((line, offset, cells)));
        }
    }

    /// The next record's first line and cells, decoded; `None` at the end.
    fn next_record(&mut self) -> Result<Option<(usize, Vec<String>)>, CsvError> {
        if self.done {
            return Ok(None);
        }
        let start = self.line;
        self.record.clear();
        let mut scan = Scan::default();
        loop {
            let room = MAX_RECORD.saturating_sub(self.record.len() as u64) + 1;
            let before = self.record.len();
            let read = (&mut self.input)
                .take(room)
                .read_until(b'\n', &mut self.record)
                .map_err(|e| CsvError {
                    line: self.line,
                    problem: format!("cannot read: {e}"),
                    fatal: true,
                })?;
            self.offset += read as u64;
            if self.record.len() as u64 > MAX_RECORD {
                self.done = true;
                return Err(CsvError {
                    line: start,
                    problem: format!(
                        "a record longer than {} KiB (a quote left open?); nothing after it is read",
                        MAX_RECORD >> 10
                    ),
                    fatal: true,
                });
            }
            let added = self.record.get(before..).unwrap_or_default();
            scan.bytes(added);
            if read == 0 || !added.ends_with(b"\n") {
                self.done = true;
                break;
            }
            self.line += 1;
            if !scan.quoted {
                break;
            }
        }
        if self.done && self.record.is_empty() {
            return Ok(None);
        }
        if start == 1 && self.record.starts_with(b"\xEF\xBB\xBF") {
            self.record.drain(..3);
            self.text = Some(Text::Utf8);
        }
        let text = self.decode(start)?;
        Ok(Some((start, cells(&text))))
    }

    /// The record as text, in the file's encoding.
    fn decode(&mut self, line: usize) -> Result<String, CsvError> {
        let bytes = self.record.as_slice();
        if bytes.is_ascii() {
            return Ok(String::from_utf8_lossy(bytes).into_owned());
        }
        let utf8 = || std::str::from_utf8(bytes).ok().map(str::to_owned);
        let shift_jis = || {
            encoding_rs::SHIFT_JIS
                .decode_without_bom_handling_and_without_replacement(bytes)
                .map(|t| t.into_owned())
        };
        let bad = |problem: &str| CsvError {
            line,
            problem: problem.to_owned(),
            fatal: false,
        };
        match self.text {
            Some(Text::Utf8) => utf8().ok_or_else(|| bad("not UTF-8, as the rows before are")),
            Some(Text::ShiftJis) => {
                shift_jis().ok_or_else(|| bad("not Shift_JIS, as the rows before are"))
            }
            None => {
                if let Some(text) = utf8() {
                    self.text = Some(Text::Utf8);
                    Ok(text)
                } else if let Some(text) = shift_jis() {
                    self.text = Some(Text::ShiftJis);
                    Ok(text)
                } else {
                    Err(bad("neither UTF-8 nor Shift_JIS"))
                }
            }
        }
    }
}

impl<R: BufRead> Iterator for CsvReader<R> {
    type Item = Result<Row, CsvError>;

    fn next(&mut self) -> Option<Self::Item> {
        let (line, _, cells) = match self.next_cells()? {
            Ok(record) => record,
            Err(e) => return Some(Err(e)),
        };
        if let Some(extra) = cells.get(self.header.len()..)
            && extra.iter().any(|c| !c.trim().is_empty())
        {
            return Some(Err(CsvError {
                line,
                problem: format!(
                    "{} cells but the header names {} columns",
                    cells.len(),
                    self.header.len()
                ),
                fatal: false,
            }));
        }
        let cells = self
            .header
            .iter()
            .zip(cells)
            .filter(|(_, c)| !c.trim().is_empty())
            .map(|(h, c)| (h.clone(), Value::from(c.trim().to_owned())))
            .collect();
        Some(Ok(Row { line, cells }))
    }
}

/// Where a record's bytes stand: inside quotes or not, as [`cells`] reads them.
#[derive(Default)]
struct Scan {
    quoted: bool,
    /// Just after a quote that closed a quoted part (a second quote makes `""`).
    closed: bool,
    /// Nothing of the cell read yet.
    started: bool,
}

impl Scan {
    fn bytes(&mut self, bytes: &[u8]) {
        for &b in bytes {
            match (self.quoted, b) {
                (true, b'"') => (self.quoted, self.closed) = (false, true),
                (true, _) => {}
                (false, b'"') if self.closed || !self.started => {
                    (self.quoted, self.closed, self.started) = (true, false, true);
                }
                (false, b',' | b'\n') => (self.closed, self.started) = (false, false),
                (false, _) => (self.closed, self.started) = (false, true),
            }
        }
    }
}

/// A header name given twice.
fn duplicate(header: &[String]) -> Option<&str> {
    header
        .iter()
        .enumerate()
        .find(|(i, h)| !h.is_empty() && header.iter().skip(i + 1).any(|o| o == *h))
        .map(|(_, h)| h.as_str())
}

/// The cells of one record (its final line break dropped).
fn cells(record: &str) -> Vec<String> {
    let record = record
        .strip_suffix('\n')
        .map_or(record, |r| r.strip_suffix('\r').unwrap_or(r));
    // Most records quote nothing: their cells are the text between commas.
    if !record.contains('"') {
        return record.split(',').map(str::to_owned).collect();
    }
    let (mut cells, mut cell, mut quoted) = (Vec::new(), String::new(), false);
    let mut chars = record.chars().peekable();
    while let Some(c) = chars.next() {
        match (c, quoted) {
            ('"', true) if chars.peek() == Some(&'"') => {
                cell.push('"');
                chars.next();
            }
            ('"', true) => quoted = false,
            ('"', false) if cell.is_empty() => quoted = true,
            (',', false) => cells.push(std::mem::take(&mut cell)),
            (c, _) => cell.push(c),
        }
    }
    cells.push(cell);
    cells
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A row read (its line and cells, by column name) or refused (its line and problem).
    type Read = Result<(usize, Vec<(String, String)>), (usize, String)>;

    fn rows(bytes: &[u8]) -> Vec<Read> {
        let reader = match CsvReader::new(bytes) {
            Ok(r) => r,
            Err(e) => return vec![Err((e.line, e.problem))],
        };
        reader
            .map(|r| {
                r.map(|row| {
                    let cells = row
                        .cells
                        .iter()
                        .map(|(k, v)| (k.clone(), v.as_str().unwrap_or_default().to_owned()))
                        .collect();
                    (row.line, cells)
                })
                .map_err(|e| (e.line, e.problem))
            })
            .collect()
    }

    fn cell(name: &str, value: &str) -> (String, String) {
        (name.to_owned(), value.to_owned())
    }

    #[test]
    fn quotes_line_breaks_and_line_numbers() {
        let got = rows(b"a,b\n\"x,1\",\"say \"\"hi\"\"\"\n\n\"two\nlines\",z\r\nlast,row");
        assert_eq!(
            got,
            vec![
                Ok((2, vec![cell("a", "x,1"), cell("b", "say \"hi\"")])),
                Ok((4, vec![cell("a", "two\nlines"), cell("b", "z")])),
                Ok((6, vec![cell("a", "last"), cell("b", "row")])),
            ]
        );
    }

    #[test]
    fn a_quote_inside_a_cell_is_a_character_and_does_not_join_lines() {
        assert_eq!(
            rows(b"a,b\n5\"x,y\n\"\",\"\"\"q\"\n"),
            vec![
                Ok((2, vec![cell("a", "5\"x"), cell("b", "y")])),
                Ok((3, vec![cell("b", "\"q")])),
            ]
        );
    }

    #[test]
    fn shift_jis_and_utf8_are_told_apart_and_a_mixed_row_is_named() {
        let text = "name,kana\n試験,シケン\n";
        let (sjis, _, _) = encoding_rs::SHIFT_JIS.encode(text);
        assert_eq!(
            rows(&sjis),
            vec![Ok((2, vec![cell("kana", "シケン"), cell("name", "試験")]))]
        );
        let mut bom = b"\xEF\xBB\xBF".to_vec();
        bom.extend(text.as_bytes());
        assert_eq!(rows(&bom), rows(text.as_bytes()));
        let mut mixed = text.as_bytes().to_vec();
        mixed.extend(sjis.iter().skip("name,kana\n".len()));
        let got = rows(&mixed);
        assert_eq!(got.len(), 2);
        assert_eq!(
            got[1],
            Err((3, "not UTF-8, as the rows before are".to_owned()))
        );
    }

    #[test]
    fn extra_cells_a_repeated_column_and_an_open_quote_are_refused() {
        assert_eq!(
            rows(b"a,b\n1,2,3\n4,5,\n"),
            vec![
                Err((2, "3 cells but the header names 2 columns".to_owned())),
                Ok((3, vec![cell("a", "4"), cell("b", "5")])),
            ]
        );
        assert_eq!(
            rows(b"a,a\n1,2\n"),
            vec![Err((1, "the header names `a` twice".to_owned()))]
        );
        let mut open = b"a,b\n\"never closed,".to_vec();
        open.extend(std::iter::repeat_n(b'x', (MAX_RECORD as usize) + 10));
        open.extend(b"\n1,2\n");
        let got = rows(&open);
        assert_eq!(got.len(), 1);
        assert!(matches!(&got[0], Err((2, p)) if p.contains("quote left open")));
    }
}
