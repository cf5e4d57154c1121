//! The last step before an error reaches the terminal: one line, and no
//! control characters.
//!
//! Every error is meant to be one line already, but a message can carry
//! text buurtsim did not write: a file name, a scenario name, a value read
//! from a damaged file, a library's message. A newline there would split
//! the error over lines; an ESC would let a file name drive the terminal
//! (colours, cursor moves, a rewritten title). So whatever `main` prints
//! as an error passes through [`one_line`]: line breaks and tabs collapse
//! to one space, and every other control character (and the invisible
//! bidirectional-text controls that reorder what a terminal shows) is
//! written as an escape (`\x1b`, `\u{9b}`, `\u{202e}`).

/// `message` on one line, with control characters escaped.
pub(crate) fn one_line(message: &str) -> String {
    let mut out = String::with_capacity(message.len());
    let mut after_break = false;
    for c in message.chars() {
        if is_break(c) {
            // A line break or tab and the blanks around it: one space.
            while out.ends_with(' ') {
                out.pop();
            }
            out.push(' ');
            after_break = true;
            continue;
        }
        if after_break && c == ' ' {
            continue;
        }
        after_break = false;
        if c.is_control() || is_bidi_control(c) {
            out.push_str(&escape(c));
        } else {
            out.push(c);
        }
    }
    out.trim_matches(' ').to_string()
}

/// Characters that end or break a line, and tabs.
fn is_break(c: char) -> bool {
    matches!(
        c,
        '\n' | '\r' | '\t' | '\u{0b}' | '\u{0c}' | '\u{85}' | '\u{2028}' | '\u{2029}'
    )
}

/// Invisible characters that reorder the text a terminal shows.
fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

/// `\x1b` for an ASCII control character, `\u{..}` for any other.
fn escape(c: char) -> String {
    if c.is_ascii() {
        format!("\\x{:02x}", c as u32)
    } else {
        format!("\\u{{{:x}}}", c as u32)
    }
}

#[cfg(test)]
mod tests {
    use super::one_line;

    #[test]
    fn a_one_line_message_is_unchanged() {
        let m = "cannot read out/a/manifest.toml: line 3: expected `=` (run it again)";
        assert_eq!(one_line(m), m);
        assert_eq!(one_line("kept  two spaces"), "kept  two spaces");
        assert_eq!(one_line("één wijk, 5 €"), "één wijk, 5 €");
    }

    #[test]
    fn line_breaks_and_tabs_collapse_to_one_space() {
        assert_eq!(
            one_line("TOML parse error at line 1\n  |\n1 | a =\n  |    ^\n"),
            "TOML parse error at line 1 | 1 | a = |    ^"
        );
        assert_eq!(one_line("a\r\nb\tc \n\n d"), "a b c d");
        assert_eq!(one_line("\nstart and end\n"), "start and end");
        assert_eq!(one_line("a\u{2028}b\u{85}c"), "a b c");
    }

    #[test]
    fn control_characters_are_escaped() {
        assert_eq!(
            one_line("scenario \u{1b}[31mred\u{1b}[0m"),
            "scenario \\x1b[31mred\\x1b[0m"
        );
        assert_eq!(
            one_line("nul\0bell\u{7}del\u{7f}"),
            "nul\\x00bell\\x07del\\x7f"
        );
        assert_eq!(one_line("csi\u{9b}2J"), "csi\\u{9b}2J");
        assert_eq!(one_line("abc\u{202e}fed"), "abc\\u{202e}fed");
    }

    #[test]
    fn the_result_never_holds_a_control_character() {
        let all: String = (0u32..0x3000).filter_map(char::from_u32).collect();
        let out = one_line(&all);
        assert!(!out.chars().any(char::is_control), "{out:?}");
        assert!(!out.contains('\n'));
    }
}
