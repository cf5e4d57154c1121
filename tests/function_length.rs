//! No function over 120 lines in `src/`: finds every `fn` with a body in
//! every file under `src/` (nested functions and closures inside one count
//! toward it), matches its braces with comments and string literals
//! ignored, and fails listing each function longer than [`MAX_LINES`],
//! counted from the line of `fn` to the line of the closing brace. Tables of
//! data count too: move them into consts.

mod source_scan;

use source_scan::{ident, is_ident, is_punct, source_files, tokens};

/// The longest a function may be, in lines.
const MAX_LINES: usize = 120;

/// Functions over the limit in folders another part of issue 12 is
/// splitting (src/model, src/output, src/experiment, src/cli): file and
/// name. Removed when issue 12 lands: the lead deletes each entry at merge,
/// and the test fails on an entry that is no longer too long.
const KNOWN_LONG: &[(&str, &str)] = &[];

/// A function with a body: file, name, first line, length in lines.
struct Function {
    file: String,
    name: String,
    line: usize,
    lines: usize,
}

/// Every function with a body in the crate's source.
fn functions() -> Vec<Function> {
    let mut out = Vec::new();
    for file in source_files() {
        let toks = tokens(&file.text);
        for (i, t) in toks.iter().enumerate() {
            if !is_ident(Some(t), "fn") {
                continue;
            }
            let Some(name) = ident(toks.get(i + 1)) else {
                continue; // a function pointer type `fn(...)`
            };
            // The body starts at the first `{` outside parentheses and
            // brackets; a `;` there first means a declaration without one.
            let mut j = i + 2;
            let mut nesting = 0i32;
            while j < toks.len() {
                let tj = Some(&toks[j]);
                if is_punct(tj, '(') || is_punct(tj, '[') {
                    nesting += 1;
                } else if is_punct(tj, ')') || is_punct(tj, ']') {
                    nesting -= 1;
                } else if nesting == 0 && (is_punct(tj, '{') || is_punct(tj, ';')) {
                    break;
                }
                j += 1;
            }
            if !is_punct(toks.get(j), '{') {
                continue;
            }
            let mut depth = 0;
            let mut end = j;
            for (k, tk) in toks.iter().enumerate().skip(j) {
                if is_punct(Some(tk), '{') {
                    depth += 1;
                } else if is_punct(Some(tk), '}') {
                    depth -= 1;
                    if depth == 0 {
                        end = k;
                        break;
                    }
                }
            }
            out.push(Function {
                file: file.path.clone(),
                name: name.to_string(),
                line: t.line,
                lines: toks[end].line - t.line + 1,
            });
        }
    }
    out
}

#[test]
fn no_function_over_120_lines() {
    let all = functions();
    let long: Vec<&Function> = all.iter().filter(|f| f.lines > MAX_LINES).collect();
    let known = |f: &Function| KNOWN_LONG.contains(&(f.file.as_str(), f.name.as_str()));
    let listed: Vec<String> = long
        .iter()
        .filter(|f| !known(f))
        .map(|f| format!("{}:{} {} ({} lines)", f.file, f.line, f.name, f.lines))
        .collect();
    assert!(
        listed.is_empty(),
        "functions over {MAX_LINES} lines (split them, or move data into consts):\n{}",
        listed.join("\n")
    );
    let stale: Vec<_> = KNOWN_LONG
        .iter()
        .filter(|(file, name)| !long.iter().any(|f| f.file == *file && f.name == *name))
        .collect();
    assert!(
        stale.is_empty(),
        "KNOWN_LONG lists functions that are no longer over {MAX_LINES} lines; remove them: {stale:?}"
    );
}

/// The scanner finds functions: the crate has hundreds, and `main` is one.
#[test]
fn the_scanner_sees_the_functions() {
    let all = functions();
    assert!(all.len() > 300, "only {} functions found", all.len());
    assert!(all
        .iter()
        .any(|f| f.file == "src/main.rs" && f.name == "main"));
}
