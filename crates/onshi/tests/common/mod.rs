//! Rust sources read the way the source-reading tests need them: code apart from comments and
//! literals, with the string and number literals and their lines. Shared by
//! `no_rules_outside_the_core.rs` and `code_shape.rs` (each uses what it needs).
#![allow(dead_code)]

use std::path::{Path, PathBuf};

/// Every `.rs` file below `dir`, added to `out`.
pub fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// A source, split.
#[derive(Default)]
pub struct Lexed {
    /// The source with every comment, string and character literal blanked out (newlines kept):
    /// braces and keywords can be counted in it.
    pub code: String,
    /// String literals (raw or not), with the line each starts on.
    pub strings: Vec<(usize, String)>,
    /// Numeric literals without their `_`, with their lines.
    pub numbers: Vec<(usize, String)>,
}

struct Lexer {
    chars: Vec<char>,
    i: usize,
    line: usize,
    out: Lexed,
}

/// Splits `source` into code, strings and numbers.
pub fn lex(source: &str) -> Lexed {
    let mut lexer = Lexer {
        chars: source.chars().collect(),
        i: 0,
        line: 1,
        out: Lexed::default(),
    };
    while lexer.i < lexer.chars.len() {
        lexer.step();
    }
    lexer.out
}

impl Lexer {
    fn at(&self, i: usize) -> char {
        self.chars.get(i).copied().unwrap_or('\0')
    }

    /// Moves past one character, blanked out of the code (or kept, when `keep`).
    fn advance(&mut self, keep: bool) {
        let c = self.at(self.i);
        if c == '\n' {
            self.line += 1;
        }
        self.out.code.push(if keep || c == '\n' { c } else { ' ' });
        self.i += 1;
    }

    fn ident(c: char) -> bool {
        c.is_alphanumeric() || c == '_'
    }

    /// Whether a raw string starts here: an `r` (or `br`) not ending a name, `#`s, then `"`.
    fn raw_start(&self) -> bool {
        let i = self.i;
        let before = i.checked_sub(1).map(|p| self.at(p));
        let after_name = match before {
            Some('b') => i >= 2 && Self::ident(self.at(i - 2)),
            Some(c) => Self::ident(c),
            None => false,
        };
        let hashes = self.chars[i + 1..]
            .iter()
            .take_while(|c| **c == '#')
            .count();
        self.at(i) == 'r' && !after_name && self.at(i + 1 + hashes) == '"'
    }

    fn step(&mut self) {
        let (c, next) = (self.at(self.i), self.at(self.i + 1));
        let after_ident = self.i > 0 && Self::ident(self.at(self.i - 1));
        if c == '/' && next == '/' {
            while self.i < self.chars.len() && self.at(self.i) != '\n' {
                self.advance(false);
            }
        } else if c == '/' && next == '*' {
            self.block_comment();
        } else if self.raw_start() || c == '"' {
            self.string();
        } else if c == '\'' {
            self.char_or_lifetime();
        } else if c.is_ascii_digit() && !after_ident {
            let line = self.line;
            let mut number = String::new();
            while Self::ident(self.at(self.i)) && self.at(self.i).is_ascii() {
                number.push(self.at(self.i));
                self.advance(true);
            }
            self.out.numbers.push((line, number.replace('_', "")));
        } else {
            self.advance(true);
        }
    }

    /// A block comment, nested ones included.
    fn block_comment(&mut self) {
        let mut depth = 0;
        while self.i < self.chars.len() {
            let (c, next) = (self.at(self.i), self.at(self.i + 1));
            if c == '/' && next == '*' {
                depth += 1;
            } else if c == '*' && next == '/' {
                depth -= 1;
            } else {
                self.advance(false);
                continue;
            }
            self.advance(false);
            self.advance(false);
            if depth == 0 {
                return;
            }
        }
    }

    /// A string literal, raw (`r"…"`, `r#"…"#`) or not, with its escapes read.
    fn string(&mut self) {
        let start_line = self.line;
        let raw = self.at(self.i) == 'r';
        let mut hashes = 0;
        if raw {
            self.advance(false);
            while self.at(self.i) == '#' {
                hashes += 1;
                self.advance(false);
            }
        }
        self.advance(false);
        let mut text = String::new();
        while self.i < self.chars.len() {
            let d = self.at(self.i);
            if !raw && d == '\\' {
                text.push(self.at(self.i + 1));
                self.advance(false);
                self.advance(false);
                continue;
            }
            if d == '"' && (0..hashes).all(|k| self.at(self.i + 1 + k) == '#') {
                for _ in 0..=hashes {
                    self.advance(false);
                }
                break;
            }
            text.push(d);
            self.advance(false);
        }
        self.out.strings.push((start_line, text));
    }

    /// A char literal (`'x'`, `'\n'`, `'\u{3000}'`), blanked, or a lifetime (`'a`), kept.
    fn char_or_lifetime(&mut self) {
        if self.at(self.i + 1) == '\\' {
            self.advance(false);
            self.advance(false);
            while self.i < self.chars.len() && self.at(self.i) != '\'' {
                self.advance(false);
            }
            self.advance(false);
        } else if self.at(self.i + 2) == '\'' {
            for _ in 0..3 {
                self.advance(false);
            }
        } else {
            self.advance(true);
        }
    }
}
