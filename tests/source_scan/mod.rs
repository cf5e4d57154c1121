//! Reading the crate's own source for the layout tests
//! (`tests/module_graph.rs`, `tests/function_length.rs`): every `.rs` file
//! under `src/`, and a rough tokenizer that drops comments and the contents
//! of string and character literals so that braces, `fn` and `crate::` in
//! them do not count. It knows Rust's lexical rules only as far as this
//! crate's source needs them; it is not a parser.
#![allow(dead_code)] // each test binary uses its own subset

use std::fs;
use std::path::{Path, PathBuf};

/// One source file: its path relative to the crate root (`src/...`, with
/// `/` separators) and its text.
pub struct SourceFile {
    /// `src/calibration/fit.rs`.
    pub path: String,
    /// The file's text.
    pub text: String,
}

/// Every `.rs` file under `src/`, sorted by path.
pub fn source_files() -> Vec<SourceFile> {
    fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
        for entry in fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                walk(&path, out);
            } else if path.extension().is_some_and(|e| e == "rs") {
                out.push(path);
            }
        }
    }
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut paths = Vec::new();
    walk(&root.join("src"), &mut paths);
    paths.sort();
    paths
        .into_iter()
        .map(|p| SourceFile {
            path: p
                .strip_prefix(root)
                .unwrap()
                .components()
                .map(|c| c.as_os_str().to_string_lossy().into_owned())
                .collect::<Vec<_>>()
                .join("/"),
            text: fs::read_to_string(&p).unwrap(),
        })
        .collect()
}

/// A token: an identifier or keyword (`Ident`), `::` (`PathSep`), or any
/// other single character of punctuation (`Punct`); literals are dropped.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Tok {
    /// An identifier or keyword (raw identifiers without `r#`).
    Ident(String),
    /// `::`.
    PathSep,
    /// One character of punctuation: `{`, `}`, `;`, `(`, `#`, ...
    Punct(char),
}

/// A token and the 1-based line it starts on.
#[derive(Debug, Clone)]
pub struct Token {
    /// The token.
    pub tok: Tok,
    /// Its line.
    pub line: usize,
}

/// The tokens of `text`: comments, whitespace, string, character and
/// number literals dropped, lifetimes dropped.
pub fn tokens(text: &str) -> Vec<Token> {
    let c: Vec<char> = text.chars().collect();
    let mut out = Vec::new();
    let mut line = 1;
    let mut i = 0;
    // Advance over c[from..to], counting newlines.
    let count = |from: usize, to: usize, line: &mut usize| {
        *line += c[from..to.min(c.len())]
            .iter()
            .filter(|&&x| x == '\n')
            .count();
    };
    while i < c.len() {
        let ch = c[i];
        let next = c.get(i + 1).copied();
        if ch == '\n' {
            line += 1;
            i += 1;
        } else if ch.is_whitespace() {
            i += 1;
        } else if ch == '/' && next == Some('/') {
            while i < c.len() && c[i] != '\n' {
                i += 1;
            }
        } else if ch == '/' && next == Some('*') {
            let start = i;
            let mut depth = 0;
            while i < c.len() {
                if c[i] == '/' && c.get(i + 1) == Some(&'*') {
                    depth += 1;
                    i += 2;
                } else if c[i] == '*' && c.get(i + 1) == Some(&'/') {
                    depth -= 1;
                    i += 2;
                    if depth == 0 {
                        break;
                    }
                } else {
                    i += 1;
                }
            }
            count(start, i, &mut line);
        } else if let Some(end) = raw_string_end(&c, i) {
            count(i, end, &mut line);
            i = end;
        } else if ch == '"' || (ch == 'b' && next == Some('"')) {
            let start = i;
            i += if ch == 'b' { 2 } else { 1 };
            while i < c.len() && c[i] != '"' {
                i += if c[i] == '\\' { 2 } else { 1 };
            }
            i += 1;
            count(start, i, &mut line);
        } else if ch == '\'' || (ch == 'b' && next == Some('\'')) {
            let q = if ch == 'b' { i + 1 } else { i };
            // A character literal ('x', '\n', '\u{..}', '{') or a lifetime ('a).
            if c.get(q + 1) == Some(&'\\') {
                let mut j = q + 3;
                while j < c.len() && c[j] != '\'' {
                    j += 1;
                }
                i = j + 1;
            } else if c.get(q + 2) == Some(&'\'') {
                i = q + 3;
            } else {
                // A lifetime or label: skip the quote and its name.
                i = q + 1;
                while i < c.len() && (c[i].is_alphanumeric() || c[i] == '_') {
                    i += 1;
                }
            }
        } else if ch.is_ascii_digit() {
            while i < c.len() && (c[i].is_alphanumeric() || c[i] == '_' || c[i] == '.') {
                if c[i] == '.' && !c.get(i + 1).is_some_and(|d| d.is_ascii_digit()) {
                    break;
                }
                i += 1;
            }
        } else if ch.is_alphabetic() || ch == '_' {
            let start = if ch == 'r' && next == Some('#') {
                i + 2
            } else {
                i
            };
            i = start;
            while i < c.len() && (c[i].is_alphanumeric() || c[i] == '_') {
                i += 1;
            }
            out.push(Token {
                tok: Tok::Ident(c[start..i].iter().collect()),
                line,
            });
        } else if ch == ':' && next == Some(':') {
            out.push(Token {
                tok: Tok::PathSep,
                line,
            });
            i += 2;
        } else {
            out.push(Token {
                tok: Tok::Punct(ch),
                line,
            });
            i += 1;
        }
    }
    out
}

/// If a raw (byte) string literal `r#"..."#` starts at `i`, the index just
/// past its end.
fn raw_string_end(c: &[char], i: usize) -> Option<usize> {
    let mut j = i;
    if c.get(j) == Some(&'b') {
        j += 1;
    }
    if c.get(j) != Some(&'r') || (j > 0 && j == i && is_ident_char(c, i.wrapping_sub(1))) {
        return None;
    }
    j += 1;
    let mut hashes = 0;
    while c.get(j) == Some(&'#') {
        hashes += 1;
        j += 1;
    }
    if c.get(j) != Some(&'"') {
        return None;
    }
    j += 1;
    while j < c.len() {
        if c[j] == '"' && (1..=hashes).all(|k| c.get(j + k) == Some(&'#')) {
            return Some(j + 1 + hashes);
        }
        j += 1;
    }
    Some(c.len())
}

fn is_ident_char(c: &[char], i: usize) -> bool {
    c.get(i).is_some_and(|x| x.is_alphanumeric() || *x == '_')
}

/// Whether the token is the identifier `name`.
pub fn is_ident(t: Option<&Token>, name: &str) -> bool {
    matches!(t, Some(Token { tok: Tok::Ident(s), .. }) if s == name)
}

/// Whether the token is the punctuation `ch`.
pub fn is_punct(t: Option<&Token>, ch: char) -> bool {
    matches!(t, Some(Token { tok: Tok::Punct(p), .. }) if *p == ch)
}

/// The identifier's text, if the token is one.
pub fn ident(t: Option<&Token>) -> Option<&str> {
    match t {
        Some(Token {
            tok: Tok::Ident(s), ..
        }) => Some(s),
        _ => None,
    }
}
