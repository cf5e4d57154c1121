//! No module circles: reads the crate's `use` paths and the `crate::`,
//! `super::`, `self::`, child-module (and, in the binary, `buurtsim::`)
//! paths in code from every file under `src/`, resolves each to the file that defines it,
//! and fails on
//!
//! - a cycle among the top-level modules (the folders and files directly
//!   under `src/`: `scenario`, `model`, `output`, ..., and `cli` and `main`
//!   of the binary), printing the cycle with the line behind each step; and
//! - any two files that import each other (a module's `mod.rs` and one of
//!   its files included), printing both lines.
//!
//! A path is resolved as far as the files go (`crate::output::run::X` is
//! `src/output/run.rs`); a name a `mod.rs` only re-exports (`pub use
//! config::Problem`) is followed to the file it comes from, so a facade
//! does not count as the owner. Glob re-exports are not followed. Comments
//! and string literals are ignored; test modules count like other code.
//!
//! Doc links are comments, so they do not count: keep them pointing along
//! the imports anyway.

mod source_scan;

use source_scan::{ident, is_ident, is_punct, source_files, tokens, Tok, Token};
use std::collections::{BTreeMap, BTreeSet, HashMap};

/// Dependencies between top-level modules that are known and being removed
/// by another part of issue 12 (the model and output helpers). Removed when
/// issue 12 lands: the lead deletes each entry at merge, and the test fails
/// on an entry that no longer occurs so none is left behind.
const KNOWN_MODULE_EDGES: &[(&str, &str)] = &[];

/// File pairs that import each other, known and being removed by another
/// part of issue 12. Removed when issue 12 lands (see above).
const KNOWN_FILE_PAIRS: &[(&str, &str)] = &[];

/// Which crate a file is compiled into.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
enum Krate {
    Lib,
    Bin,
}

/// An absolute path: its crate and its segments from the crate root.
type AbsPath = (Krate, Vec<String>);

/// The crate and module path of a file (`src/output/run.rs` is
/// `(Lib, [output, run])`); `src/main.rs` and `src/cli/` are the binary.
fn file_module(path: &str) -> AbsPath {
    let rel = path
        .strip_prefix("src/")
        .unwrap()
        .strip_suffix(".rs")
        .unwrap();
    let mut segs: Vec<String> = rel.split('/').map(String::from).collect();
    if segs.last().is_some_and(|s| s == "mod") {
        segs.pop();
    }
    match segs.first().map(String::as_str) {
        Some("lib") if segs.len() == 1 => (Krate::Lib, vec![]),
        Some("main") if segs.len() == 1 => (Krate::Bin, vec![]),
        Some("cli") => (Krate::Bin, segs),
        _ => (Krate::Lib, segs),
    }
}

/// The file that defines module `segs` of `krate`, if it is a file.
fn module_file(files: &BTreeSet<String>, krate: Krate, segs: &[String]) -> Option<String> {
    if segs.is_empty() {
        return Some(match krate {
            Krate::Lib => "src/lib.rs".into(),
            Krate::Bin => "src/main.rs".into(),
        });
    }
    let joined = segs.join("/");
    [format!("src/{joined}.rs"), format!("src/{joined}/mod.rs")]
        .into_iter()
        .find(|f| files.contains(f))
}

/// The top-level module a file belongs to: `src/output/run.rs` -> `output`.
fn top_level(file: &str) -> String {
    let (krate, segs) = file_module(file);
    match (segs.first(), krate) {
        (Some(s), _) => s.clone(),
        (None, Krate::Lib) => "lib".into(),
        (None, Krate::Bin) => "main".into(),
    }
}

/// One `use` item or path in code, as written, where it was found.
struct RawPath {
    /// The module the path is written in (inline modules included).
    module: AbsPath,
    /// The segments as written (`super`, `crate`, a child module, ...).
    segs: Vec<String>,
    /// The name it brings into scope (`use` items only): the last segment
    /// or the `as` alias.
    binds: Option<String>,
    line: usize,
}

/// The paths of one file: its `use` items (trees flattened) and the
/// `crate::`/`super::`/`self::`/`buurtsim::` paths in its code.
fn file_paths(file: &str, text: &str) -> Vec<RawPath> {
    let toks = tokens(text);
    let base = file_module(file);
    let mut out = Vec::new();
    // Inline modules (`mod tests { ... }`): name and the depth inside them.
    let mut inline: Vec<(String, usize)> = Vec::new();
    let mut depth = 0;
    let mut i = 0;
    let module_here = |inline: &[(String, usize)]| {
        let mut m = base.clone();
        m.1.extend(inline.iter().map(|(n, _)| n.clone()));
        m
    };
    while i < toks.len() {
        let t = &toks[i];
        if is_punct(Some(t), '{') {
            depth += 1;
        } else if is_punct(Some(t), '}') {
            depth -= 1;
            if inline.last().is_some_and(|(_, d)| *d > depth) {
                inline.pop();
            }
        } else if is_ident(Some(t), "mod") && is_punct(toks.get(i + 2), '{') {
            let name = ident(toks.get(i + 1)).unwrap().to_string();
            inline.push((name, depth + 1));
            depth += 1;
            i += 3;
            continue;
        } else if is_ident(Some(t), "use") {
            let mut items = Vec::new();
            i += 1;
            use_tree(&toks, &mut i, Vec::new(), &mut items);
            let module = module_here(&inline);
            for (segs, binds) in items {
                out.push(RawPath {
                    module: module.clone(),
                    segs,
                    binds: Some(binds),
                    line: t.line,
                });
            }
            continue;
        } else if let Some(first) = ident(Some(t)) {
            // Every path `a::b...` not inside another: those that start
            // with neither `crate`, `super`, `self` nor a child module are
            // into other crates or types, and resolve to nothing.
            let after_sep = i > 0 && toks[i - 1].tok == Tok::PathSep;
            if !after_sep && toks.get(i + 1).map(|t| &t.tok) == Some(&Tok::PathSep) {
                let mut segs = vec![first.to_string()];
                let mut j = i + 1;
                while toks.get(j).map(|t| &t.tok) == Some(&Tok::PathSep) {
                    match ident(toks.get(j + 1)) {
                        Some(s) => segs.push(s.to_string()),
                        None => break,
                    }
                    j += 2;
                }
                out.push(RawPath {
                    module: module_here(&inline),
                    segs,
                    binds: None,
                    line: t.line,
                });
                i = j;
                continue;
            }
        }
        i += 1;
    }
    out
}

/// Flattens the use tree starting at `toks[*i]` into (path, bound name)
/// pairs; stops after the tree (at `;`, `,` or `}`).
fn use_tree(
    toks: &[Token],
    i: &mut usize,
    prefix: Vec<String>,
    out: &mut Vec<(Vec<String>, String)>,
) {
    let mut path = prefix;
    loop {
        let t = toks.get(*i);
        if t.map(|t| &t.tok) == Some(&Tok::PathSep) {
            *i += 1;
        } else if let Some(s) = ident(t) {
            path.push(s.to_string());
            *i += 1;
            if toks.get(*i).map(|t| &t.tok) == Some(&Tok::PathSep) {
                continue;
            }
            let mut binds = s.to_string();
            if is_ident(toks.get(*i), "as") {
                binds = ident(toks.get(*i + 1)).unwrap_or("_").to_string();
                *i += 2;
            }
            if binds == "self" {
                binds = path[path.len() - 2].clone();
            }
            out.push((path, binds));
            return;
        } else if is_punct(t, '{') {
            *i += 1;
            while *i < toks.len() && !is_punct(toks.get(*i), '}') {
                use_tree(toks, i, path.clone(), out);
                if is_punct(toks.get(*i), ',') {
                    *i += 1;
                }
            }
            *i += 1;
            return;
        } else if is_punct(t, '*') {
            *i += 1;
            out.push((path, "*".into()));
            return;
        } else {
            return;
        }
    }
}

/// Everything the test knows about the source: the files and, per file,
/// the names its `use` items bring into scope.
struct Crate {
    files: BTreeSet<String>,
    paths: BTreeMap<String, Vec<RawPath>>,
    /// File -> name -> the `use` path that binds it there.
    scope: HashMap<String, HashMap<String, usize>>,
}

impl Crate {
    fn read() -> Crate {
        let sources = source_files();
        let files: BTreeSet<String> = sources.iter().map(|s| s.path.clone()).collect();
        let mut paths = BTreeMap::new();
        let mut scope = HashMap::new();
        for s in &sources {
            let ps = file_paths(&s.path, &s.text);
            let own = file_module(&s.path);
            let mut names = HashMap::new();
            for (k, p) in ps.iter().enumerate() {
                // Only names bound at the file's own level can be reached
                // from other files (as `super::name` or `crate::m::name`).
                if p.module == own {
                    if let Some(b) = &p.binds {
                        names.insert(b.clone(), k);
                    }
                }
            }
            scope.insert(s.path.clone(), names);
            paths.insert(s.path.clone(), ps);
        }
        Crate {
            files,
            paths,
            scope,
        }
    }

    /// The absolute form of a path written in `module`, or `None` for a
    /// path into another crate (`std`, `rand`, ...).
    fn absolute(&self, module: &AbsPath, segs: &[String]) -> Option<AbsPath> {
        let (mut krate, mut base) = module.clone();
        let mut rest = segs;
        match segs.first().map(String::as_str) {
            Some("crate") => {
                base.clear();
                rest = &segs[1..];
            }
            Some("buurtsim") if krate == Krate::Bin => {
                krate = Krate::Lib;
                base.clear();
                rest = &segs[1..];
            }
            Some("super") | Some("self") => {
                while let Some(s) = rest.first() {
                    match s.as_str() {
                        "super" => {
                            base.pop();
                        }
                        "self" => {}
                        _ => break,
                    }
                    rest = &rest[1..];
                }
            }
            Some("buurtsim") => return None,
            Some(first) => {
                // A child module of the current one (`pub use config::X`
                // in a `mod.rs`, `use cli::*` in `main.rs`), else external.
                let mut child = base.clone();
                child.push(first.to_string());
                module_file(&self.files, krate, &child)?;
            }
            None => return None,
        }
        base.extend(rest.iter().filter(|s| *s != "self").cloned());
        Some((krate, base))
    }

    /// The file that defines the item at `path`: the deepest module file
    /// along it, following names that file only imports or re-exports.
    fn resolve(&self, path: &AbsPath, hops: usize) -> String {
        let (krate, segs) = path;
        let mut n = 0;
        while n < segs.len() && module_file(&self.files, *krate, &segs[..=n]).is_some() {
            n += 1;
        }
        let file = module_file(&self.files, *krate, &segs[..n]).unwrap();
        if n < segs.len() && hops < 8 {
            if let Some(&k) = self.scope[&file].get(&segs[n]) {
                let via = &self.paths[&file][k];
                if let Some((k2, mut target)) = self.absolute(&via.module, &via.segs) {
                    target.extend(segs[n + 1..].iter().cloned());
                    return self.resolve(&(k2, target), hops + 1);
                }
            }
        }
        file
    }

    /// Every import from one file to another: (from, to, line in `from`).
    fn edges(&self) -> Vec<(String, String, usize)> {
        let mut out = Vec::new();
        for (file, paths) in &self.paths {
            for p in paths {
                if let Some(abs) = self.absolute(&p.module, &p.segs) {
                    let to = self.resolve(&abs, 0);
                    if &to != file {
                        out.push((file.clone(), to, p.line));
                    }
                }
            }
        }
        out
    }
}

#[test]
fn no_cycle_among_top_level_modules() {
    let krate = Crate::read();
    // Module -> module -> the first line that makes the edge.
    let mut graph: BTreeMap<String, BTreeMap<String, String>> = BTreeMap::new();
    for (from, to, line) in krate.edges() {
        let (a, b) = (top_level(&from), top_level(&to));
        if a != b {
            graph
                .entry(a)
                .or_default()
                .entry(b)
                .or_insert(format!("{from}:{line}"));
        }
    }
    let mut stale = Vec::new();
    for (a, b) in KNOWN_MODULE_EDGES {
        match graph.get_mut(*a).and_then(|m| m.remove(*b)) {
            Some(_) => {}
            None => stale.push(format!("{a} -> {b}")),
        }
    }
    let cycles = cycles(&graph);
    let mut report = String::new();
    for cycle in &cycles {
        report.push_str("cycle: ");
        for w in cycle.windows(2) {
            report.push_str(&format!("{} -> ({}) ", w[0], graph[&w[0]][&w[1]]));
        }
        report.push_str(&format!("{}\n", cycle[0]));
    }
    assert!(
        cycles.is_empty(),
        "top-level modules import each other in a circle:\n{report}"
    );
    assert!(
        stale.is_empty(),
        "KNOWN_MODULE_EDGES lists edges that no longer exist; remove them: {stale:?}"
    );
}

#[test]
fn no_two_files_import_each_other() {
    let krate = Crate::read();
    let mut lines: BTreeMap<(String, String), usize> = BTreeMap::new();
    for (from, to, line) in krate.edges() {
        lines.entry((from, to)).or_insert(line);
    }
    let known = |a: &str, b: &str| {
        KNOWN_FILE_PAIRS
            .iter()
            .any(|(x, y)| (*x == a && *y == b) || (*x == b && *y == a))
    };
    let mut pairs = Vec::new();
    for ((a, b), line) in &lines {
        if a < b {
            if let Some(back) = lines.get(&(b.clone(), a.clone())) {
                if !known(a, b) {
                    pairs.push(format!("{a}:{line} <-> {b}:{back}"));
                }
            }
        }
    }
    let stale: Vec<_> = KNOWN_FILE_PAIRS
        .iter()
        .filter(|(a, b)| {
            !(lines.contains_key(&(a.to_string(), b.to_string()))
                && lines.contains_key(&(b.to_string(), a.to_string())))
        })
        .collect();
    assert!(
        pairs.is_empty(),
        "files that import each other:\n{}",
        pairs.join("\n")
    );
    assert!(
        stale.is_empty(),
        "KNOWN_FILE_PAIRS lists pairs that no longer import each other; remove them: {stale:?}"
    );
}

/// One cycle per strongly connected component of more than one module
/// (Tarjan), each as a closed walk `[a, b, ..., a]`.
fn cycles(graph: &BTreeMap<String, BTreeMap<String, String>>) -> Vec<Vec<String>> {
    let mut nodes: BTreeSet<&String> = graph.keys().collect();
    nodes.extend(graph.values().flat_map(|m| m.keys()));
    let mut out = Vec::new();
    let mut done: BTreeSet<String> = BTreeSet::new();
    for start in nodes {
        if done.contains(start) {
            continue;
        }
        // The shortest path from `start` back to itself, by breadth-first
        // search; its nodes are then done (they share the component).
        let mut prev: BTreeMap<String, String> = BTreeMap::new();
        let mut queue = std::collections::VecDeque::from([start.clone()]);
        let mut found = false;
        while let Some(n) = queue.pop_front() {
            for next in graph.get(&n).into_iter().flat_map(|m| m.keys()) {
                if next == start {
                    prev.insert(format!("{start}#end"), n.clone());
                    found = true;
                    break;
                }
                if !prev.contains_key(next) {
                    prev.insert(next.clone(), n.clone());
                    queue.push_back(next.clone());
                }
            }
            if found {
                break;
            }
        }
        if found {
            let mut walk = vec![start.clone()];
            let mut at = prev[&format!("{start}#end")].clone();
            while &at != start {
                walk.push(at.clone());
                at = prev[&at].clone();
            }
            walk.push(start.clone());
            walk.reverse();
            done.extend(walk.iter().cloned());
            out.push(walk);
        }
    }
    out
}
