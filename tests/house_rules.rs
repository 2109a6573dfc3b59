//! House rules for the source tree, checked on every test run:
//!
//! 1. no `.rs` file under `src/` or `crates/*/src/` is longer than [`MAX_LINES`] lines;
//! 2. no import loop between files: within one crate, file A refers to file B (a `use`, or a path
//!    such as `crate::a::b::f()`, `super::x::Y` or `child::Z` in code) while B, directly or through
//!    other files, refers back to A. A parent module's re-exports count like any other use; the
//!    `mod x;` declaration itself does not, and neither does the crate root while
//!    [`CRATE_ROOT_EXEMPT`] says so.
//!
//! The dependency graph is built by a small tokenizer (comments, strings and char literals are
//! skipped) that follows `mod x;` declarations from each crate root, tracks inline `mod x { .. }`
//! blocks, expands `use` trees and resolves each path to the longest module prefix that exists.
//! Paths into other crates (`std::`, `earshot_store::`, re-exported crates) are not edges.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};

/// The longest a source file may be, in lines.
const MAX_LINES: usize = 1000;

/// Files known to be over [`MAX_LINES`]: being split; remove when done.
const ALLOWED_LONG_FILES: &[&str] = &[
    "crates/earshot-store/src/due.rs",
    "crates/earshot-store/src/items.rs",
];

/// Whether a crate root (`lib.rs`, `main.rs`) is left out of the loop check. The root is the
/// crate's front door: it declares the modules, re-exports the public API and, in the library
/// crates, defines the types every module shares (`Store`, `StoreError`, `AudioError`). Counted
/// strictly, each such crate is one big loop through its root, which would hide the loops that
/// matter; set this to `false` once those shared types live in modules of their own.
const CRATE_ROOT_EXEMPT: bool = true;

/// Files known to sit on an import loop (with each other): being split; remove when done.
/// A loop is tolerated only when every file on it is listed here.
const ALLOWED_CYCLE_FILES: &[&str] = &[
    "crates/earshot-store/src/admin.rs",
    "crates/earshot-store/src/due.rs",
    "crates/earshot-store/src/items.rs",
    "crates/earshot-store/src/triage.rs",
];

fn repo_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Every source directory the rules cover: `src/` and `crates/*/src/`.
fn source_dirs(root: &Path) -> Vec<PathBuf> {
    let mut dirs = vec![root.join("src")];
    if let Ok(entries) = fs::read_dir(root.join("crates")) {
        let mut crates: Vec<PathBuf> = entries
            .filter_map(|e| e.ok())
            .map(|e| e.path().join("src"))
            .filter(|p| p.is_dir())
            .collect();
        crates.sort();
        dirs.extend(crates);
    }
    dirs
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    let mut paths: Vec<PathBuf> = entries.filter_map(|e| e.ok()).map(|e| e.path()).collect();
    paths.sort();
    for p in paths {
        if p.is_dir() {
            rust_files(&p, out);
        } else if p.extension().is_some_and(|x| x == "rs") {
            out.push(p);
        }
    }
}

/// A path relative to the repository root, with `/` separators, for messages and allow-lists.
fn rel(root: &Path, p: &Path) -> String {
    let r = p.strip_prefix(root).unwrap_or(p);
    r.components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect::<Vec<_>>()
        .join("/")
}

#[test]
fn no_source_file_is_over_the_line_limit() {
    let root = repo_root();
    let mut files = Vec::new();
    for dir in source_dirs(&root) {
        rust_files(&dir, &mut files);
    }
    assert!(
        files.len() > 10,
        "found only {} source files under {}: is the walk broken?",
        files.len(),
        root.display()
    );
    let mut offenders = Vec::new();
    let mut long_allowed = BTreeSet::new();
    for f in &files {
        let text = fs::read_to_string(f).unwrap_or_else(|e| panic!("read {}: {e}", f.display()));
        let lines = text.lines().count();
        let name = rel(&root, f);
        if lines > MAX_LINES {
            if ALLOWED_LONG_FILES.contains(&name.as_str()) {
                long_allowed.insert(name);
            } else {
                offenders.push(format!("{name}: {lines} lines"));
            }
        }
    }
    assert!(
        offenders.is_empty(),
        "source files over {MAX_LINES} lines (split them by responsibility):\n  {}",
        offenders.join("\n  ")
    );
    let stale: Vec<&&str> = ALLOWED_LONG_FILES
        .iter()
        .filter(|a| !long_allowed.contains(**a))
        .collect();
    assert!(
        stale.is_empty(),
        "ALLOWED_LONG_FILES lists files that are no longer over {MAX_LINES} lines (or gone); \
         remove them from the list: {stale:?}"
    );
}

#[test]
fn no_import_loop_between_files() {
    let root = repo_root();
    let mut roots = Vec::new();
    for dir in source_dirs(&root) {
        for name in ["lib.rs", "main.rs"] {
            let p = dir.join(name);
            if p.is_file() {
                roots.push(p);
            }
        }
        let mut bins = Vec::new();
        rust_files(&dir.join("bin"), &mut bins);
        roots.extend(bins);
    }
    assert!(!roots.is_empty(), "no crate roots found");

    let mut problems = Vec::new();
    let mut allowed_seen = BTreeSet::new();
    let mut files_seen = 0;
    for crate_root in &roots {
        let (graph, reasons) = crate_graph(crate_root)
            .unwrap_or_else(|e| panic!("reading the crate at {}: {e}", crate_root.display()));
        files_seen += graph.len() + 1;
        let named: Graph = graph
            .iter()
            .map(|(k, v)| (rel(&root, k), v.iter().map(|t| rel(&root, t)).collect()))
            .collect();
        let reasons: Reasons = reasons
            .into_iter()
            .map(|((a, b), why)| ((rel(&root, &a), rel(&root, &b)), why))
            .collect();
        for component in strongly_connected(&named) {
            if component
                .iter()
                .all(|f| ALLOWED_CYCLE_FILES.contains(&f.as_str()))
            {
                allowed_seen.extend(component);
                continue;
            }
            let cycle = find_cycle(&named, &component).unwrap_or_else(|| component.clone());
            let mut line = cycle.join(" -> ");
            for pair in cycle.windows(2) {
                let why = reasons
                    .get(&(pair[0].clone(), pair[1].clone()))
                    .map_or("?", String::as_str);
                line += &format!("\n    {} uses {why}", pair[0]);
            }
            if component.len() + 1 > cycle.len() {
                line += &format!(
                    "\n    (all files on loops with it: {})",
                    component.join(", ")
                );
            }
            problems.push(line);
        }
    }
    assert!(
        files_seen > 10,
        "only {files_seen} files in the module trees"
    );
    assert!(
        problems.is_empty(),
        "import loops between files (move the shared part to a module both can use):\n  {}",
        problems.join("\n  ")
    );
    let stale: Vec<&&str> = ALLOWED_CYCLE_FILES
        .iter()
        .filter(|a| !allowed_seen.contains(**a))
        .collect();
    assert!(
        stale.is_empty(),
        "ALLOWED_CYCLE_FILES lists files that are no longer on an import loop (or gone); \
         remove them from the list: {stale:?}"
    );
}

// ---------------------------------------------------------------------------------------------
// The dependency graph of one crate.

/// File → the files it refers to. Keys are every file of the crate's module tree.
type Graph<K = String> = BTreeMap<K, BTreeSet<K>>;

/// A path made absolute within its crate (`crate` dropped). A path that started with a plain
/// name (`args::Cli`, `std::fs`) is `here ++ path` with `anchor = Some(here.len() + 1)`: it
/// belongs to the crate only when its first `anchor` segments name a module.
#[derive(Debug, Clone, PartialEq, Eq)]
struct AbsPath {
    segs: Vec<String>,
    anchor: Option<usize>,
}

impl AbsPath {
    fn join(&self, more: &[String]) -> AbsPath {
        let mut segs = self.segs.clone();
        segs.extend(more.iter().cloned());
        AbsPath {
            segs,
            anchor: self.anchor,
        }
    }
}

/// What one crate's files name and hold.
#[derive(Default)]
struct Crate {
    /// Module path → the file that holds it (inline modules live in their parent's file).
    modules: BTreeMap<Vec<String>, PathBuf>,
    /// Module path → name brought in by a `use` (public or not) → what it names.
    imports: BTreeMap<Vec<String>, BTreeMap<String, AbsPath>>,
    /// Module path → the paths it glob-imports.
    globs: BTreeMap<Vec<String>, Vec<AbsPath>>,
    /// Module path → names of items written in it (fn, struct, enum, ...).
    defines: BTreeMap<Vec<String>, BTreeSet<String>>,
    /// Every path each file refers to.
    refs: Vec<(PathBuf, AbsPath)>,
}

/// Why file A refers to file B: the first path in A that resolved to B, as written from the
/// crate root.
type Reasons<K = String> = BTreeMap<(K, K), String>;

fn crate_graph(crate_root: &Path) -> Result<(Graph<PathBuf>, Reasons<PathBuf>), String> {
    let c = read_crate(crate_root)?;
    let mut graph: Graph<PathBuf> = c
        .modules
        .values()
        .filter(|f| !(CRATE_ROOT_EXEMPT && *f == crate_root))
        .map(|f| (f.clone(), BTreeSet::new()))
        .collect();
    let mut reasons = BTreeMap::new();
    for (file, path) in &c.refs {
        if let Some((target, _)) = resolve(&c, path, 0)
            && target != *file
            && !(CRATE_ROOT_EXEMPT && (target == crate_root || file == crate_root))
        {
            graph
                .entry(file.clone())
                .or_default()
                .insert(target.clone());
            reasons
                .entry((file.clone(), target))
                .or_insert_with(|| format!("crate::{}", path.segs.join("::")));
        }
    }
    Ok((graph, reasons))
}

/// Follows `mod x;` declarations from the crate root, the way rustc finds files (no `#[path]`),
/// and records each file's imports, items and paths.
fn read_crate(crate_root: &Path) -> Result<Crate, String> {
    let src = crate_root
        .parent()
        .ok_or_else(|| format!("{} has no parent", crate_root.display()))?
        .to_path_buf();
    // Children of the root live beside lib.rs and main.rs; src/bin/x.rs keeps its own in
    // src/bin/x/.
    let children_dir = if src.ends_with("bin") {
        crate_root.with_extension("")
    } else {
        src
    };
    let mut c = Crate::default();
    let mut todo: Vec<(PathBuf, Vec<String>)> = vec![(crate_root.to_path_buf(), Vec::new())];
    while let Some((file, module)) = todo.pop() {
        let text = fs::read_to_string(&file).map_err(|e| format!("{}: {e}", file.display()))?;
        let toks = tokenize(&text);
        c.modules.insert(module.clone(), file.clone());
        let mut failure = None;
        walk(&toks, |ev| {
            let here = |inline: &[String]| {
                let mut m = module.clone();
                m.extend(inline.iter().cloned());
                m
            };
            match ev {
                Walk::FileModule { inline, name } => {
                    let parent = here(inline);
                    let mut dir = children_dir.clone();
                    dir.extend(&parent);
                    let flat = dir.join(format!("{name}.rs"));
                    let nested = dir.join(name).join("mod.rs");
                    let found = if flat.is_file() {
                        flat
                    } else if nested.is_file() {
                        nested
                    } else {
                        failure = Some(format!(
                            "{} declares `mod {name};` but neither {} nor {} exists",
                            file.display(),
                            flat.display(),
                            nested.display()
                        ));
                        return;
                    };
                    let mut child = parent;
                    child.push(name.to_string());
                    todo.push((found, child));
                }
                Walk::InlineModule { inline } => {
                    c.modules.insert(here(inline), file.clone());
                }
                Walk::Item { inline, name } => {
                    c.defines
                        .entry(here(inline))
                        .or_default()
                        .insert(name.to_string());
                }
                Walk::Use {
                    inline,
                    path,
                    binding,
                } => {
                    let m = here(inline);
                    let Some(abs) = absolute(&m, path) else {
                        return;
                    };
                    match binding {
                        Some("_") => {}
                        Some(name) => {
                            c.imports
                                .entry(m)
                                .or_default()
                                .insert(name.to_string(), abs.clone());
                        }
                        None => c.globs.entry(m).or_default().push(abs.clone()),
                    }
                    c.refs.push((file.clone(), abs));
                }
                Walk::Path { inline, path } => {
                    if let Some(abs) = absolute(&here(inline), path) {
                        c.refs.push((file.clone(), abs));
                    }
                }
            }
        });
        if let Some(f) = failure {
            return Err(f);
        }
    }
    Ok(c)
}

/// Makes a path absolute within the crate, starting from module `here`.
fn absolute(here: &[String], path: &[String]) -> Option<AbsPath> {
    let first = path.first()?;
    let (mut segs, rest, anchor) = match first.as_str() {
        "crate" | "$crate" => (Vec::new(), &path[1..], None),
        "self" => (here.to_vec(), &path[1..], None),
        "super" => {
            let mut base = here.to_vec();
            let mut rest = path;
            while rest.first().is_some_and(|s| s == "super") {
                base.pop()?;
                rest = &rest[1..];
            }
            (base, rest, None)
        }
        _ => (here.to_vec(), path, Some(here.len() + 1)),
    };
    segs.extend(rest.iter().filter(|s| *s != "self").cloned());
    Some(AbsPath { segs, anchor })
}

/// The file that holds what `path` names, following imports and re-exports (`pub use`, and the
/// private imports a child sees through `super::`) to where the item is written. `None` when
/// the path leaves the crate. The flag says whether the item was found for sure (written
/// there, or a module); an unknown name is charged to the module it is looked up in.
fn resolve(c: &Crate, path: &AbsPath, depth: usize) -> Option<(PathBuf, bool)> {
    let segs = &path.segs;
    if let Some(n) = path.anchor
        && !segs.get(..n).is_some_and(|m| c.modules.contains_key(m))
    {
        return None;
    }
    let n = (0..=segs.len())
        .rev()
        .find(|&n| c.modules.contains_key(&segs[..n]))?;
    let module = &segs[..n];
    let file = c.modules.get(module)?.clone();
    if n == segs.len() {
        return Some((file, true));
    }
    if depth > 16 {
        return Some((file, false));
    }
    let name = &segs[n];
    let rest = &segs[n + 1..];
    if let Some(target) = c.imports.get(module).and_then(|i| i.get(name)) {
        return resolve(c, &target.join(rest), depth + 1);
    }
    if c.defines.get(module).is_some_and(|d| d.contains(name)) {
        return Some((file, true));
    }
    for glob in c.globs.get(module).into_iter().flatten() {
        let candidate = glob.join(&segs[n..]);
        if let Some((f, true)) = resolve(c, &candidate, depth + 1) {
            return Some((f, true));
        }
    }
    Some((file, false))
}

// ---------------------------------------------------------------------------------------------
// Walking tokens: module blocks, items, `use` trees and paths in code.

enum Walk<'a> {
    /// `mod name;` inside the inline modules `inline`.
    FileModule { inline: &'a [String], name: &'a str },
    /// Entered `mod name { .. }`; `inline` ends with `name`.
    InlineModule { inline: &'a [String] },
    /// An item (`fn name`, `struct name`, ...) written inside `inline`.
    Item { inline: &'a [String], name: &'a str },
    /// One path of a `use` tree, with the name it binds (`None` for a glob).
    Use {
        inline: &'a [String],
        path: &'a [String],
        binding: Option<&'a str>,
    },
    /// A path used in code.
    Path {
        inline: &'a [String],
        path: &'a [String],
    },
}

const ITEM_KEYWORDS: &[&str] = &[
    "fn", "struct", "enum", "trait", "type", "const", "static", "union",
];

fn walk(toks: &[Tok], mut f: impl FnMut(Walk<'_>)) {
    let mut inline: Vec<String> = Vec::new();
    // Brace depth at which each open inline module started.
    let mut opened: Vec<usize> = Vec::new();
    let mut depth = 0usize;
    let mut i = 0;
    while i < toks.len() {
        match &toks[i] {
            Tok::Punct('{') => depth += 1,
            Tok::Punct('}') => {
                depth = depth.saturating_sub(1);
                if opened.last() == Some(&depth) {
                    opened.pop();
                    inline.pop();
                }
            }
            Tok::Ident(kw) if kw == "mod" => {
                if let (Some(Tok::Ident(name)), Some(next)) = (toks.get(i + 1), toks.get(i + 2)) {
                    if *next == Tok::Punct(';') {
                        f(Walk::FileModule {
                            inline: &inline,
                            name,
                        });
                        i += 3;
                        continue;
                    }
                    if *next == Tok::Punct('{') {
                        inline.push(name.clone());
                        opened.push(depth);
                        depth += 1;
                        f(Walk::InlineModule { inline: &inline });
                        i += 3;
                        continue;
                    }
                }
            }
            Tok::Ident(kw) if ITEM_KEYWORDS.contains(&kw.as_str()) => {
                if let Some(Tok::Ident(name)) = toks.get(i + 1) {
                    f(Walk::Item {
                        inline: &inline,
                        name,
                    });
                }
            }
            Tok::Ident(kw) if kw == "macro_rules" => {
                if let (Some(Tok::Punct('!')), Some(Tok::Ident(name))) =
                    (toks.get(i + 1), toks.get(i + 2))
                {
                    f(Walk::Item {
                        inline: &inline,
                        name,
                    });
                }
            }
            Tok::Ident(kw) if kw == "use" => {
                let end = toks[i..]
                    .iter()
                    .position(|t| *t == Tok::Punct(';'))
                    .map_or(toks.len(), |n| i + n);
                let mut uses = Vec::new();
                use_tree(&toks[i + 1..end], &[], &mut uses);
                for (path, binding) in &uses {
                    f(Walk::Use {
                        inline: &inline,
                        path,
                        binding: binding.as_deref(),
                    });
                }
                i = end + 1;
                continue;
            }
            Tok::Ident(first) if toks.get(i + 1) == Some(&Tok::PathSep) => {
                // The start of a path in code (not the middle of one).
                if i == 0 || toks[i - 1] != Tok::PathSep {
                    let mut path = vec![first.clone()];
                    let mut j = i + 1;
                    while toks.get(j) == Some(&Tok::PathSep) {
                        match toks.get(j + 1) {
                            Some(Tok::Ident(s)) => {
                                path.push(s.clone());
                                j += 2;
                            }
                            _ => break,
                        }
                    }
                    f(Walk::Path {
                        inline: &inline,
                        path: &path,
                    });
                    i = j;
                    continue;
                }
            }
            _ => {}
        }
        i += 1;
    }
}

/// Expands a `use` tree (without `use` and `;`) into full paths with the name each binds:
/// `a::{b, c::{d as e, self}, f::*}` gives `a::b` (b), `a::c::d` (e), `a::c::self` (c) and
/// `a::f` (a glob: no name).
fn use_tree(toks: &[Tok], prefix: &[String], out: &mut Vec<(Vec<String>, Option<String>)>) {
    let mut path = prefix.to_vec();
    let mut rename = None;
    let mut glob = false;
    let mut i = 0;
    while i < toks.len() {
        match &toks[i] {
            Tok::Ident(s) if s == "as" => {
                if let Some(Tok::Ident(name)) = toks.get(i + 1) {
                    rename = Some(name.clone());
                }
                i += 2;
                continue;
            }
            Tok::Ident(s) => path.push(s.clone()),
            Tok::Punct('*') => glob = true,
            Tok::Punct('{') => {
                let close = matching_brace(toks, i);
                for part in split_top_level(&toks[i + 1..close]) {
                    use_tree(part, &path, out);
                }
                return;
            }
            _ => {}
        }
        i += 1;
    }
    if glob {
        out.push((path, None));
    } else if path.len() > prefix.len() {
        let binding = rename.or_else(|| path.iter().rev().find(|s| *s != "self").cloned());
        out.push((path, binding));
    }
}

fn matching_brace(toks: &[Tok], open: usize) -> usize {
    let mut depth = 0;
    for (k, t) in toks.iter().enumerate().skip(open) {
        match t {
            Tok::Punct('{') => depth += 1,
            Tok::Punct('}') => {
                depth -= 1;
                if depth == 0 {
                    return k;
                }
            }
            _ => {}
        }
    }
    toks.len()
}

fn split_top_level(toks: &[Tok]) -> Vec<&[Tok]> {
    let mut parts = Vec::new();
    let mut depth = 0;
    let mut start = 0;
    for (k, t) in toks.iter().enumerate() {
        match t {
            Tok::Punct('{') => depth += 1,
            Tok::Punct('}') => depth -= 1,
            Tok::Punct(',') if depth == 0 => {
                parts.push(&toks[start..k]);
                start = k + 1;
            }
            _ => {}
        }
    }
    parts.push(&toks[start..]);
    parts.into_iter().filter(|p| !p.is_empty()).collect()
}

// ---------------------------------------------------------------------------------------------
// A tokenizer just good enough for paths: identifiers, `::` and single punctuation; comments,
// string, byte-string, raw-string and char literals, lifetimes and numbers are dropped.

#[derive(Debug, Clone, PartialEq, Eq)]
enum Tok {
    Ident(String),
    PathSep,
    Punct(char),
}

fn tokenize(text: &str) -> Vec<Tok> {
    let chars: Vec<char> = text.chars().collect();
    let mut toks = Vec::new();
    let mut i = 0;
    let at = |k: usize| chars.get(k).copied().unwrap_or('\0');
    while i < chars.len() {
        let c = chars[i];
        if c.is_whitespace() {
            i += 1;
        } else if c == '/' && at(i + 1) == '/' {
            while i < chars.len() && chars[i] != '\n' {
                i += 1;
            }
        } else if c == '/' && at(i + 1) == '*' {
            let mut depth = 0;
            while i < chars.len() {
                if chars[i] == '/' && at(i + 1) == '*' {
                    depth += 1;
                    i += 2;
                } else if chars[i] == '*' && at(i + 1) == '/' {
                    depth -= 1;
                    i += 2;
                    if depth == 0 {
                        break;
                    }
                } else {
                    i += 1;
                }
            }
        } else if c == '"' {
            i = skip_string(&chars, i + 1);
        } else if (c == 'r' || (c == 'b' && at(i + 1) == 'r') || (c == 'c' && at(i + 1) == 'r'))
            && raw_string_start(&chars, if c == 'r' { i + 1 } else { i + 2 }).is_some()
        {
            let from = if c == 'r' { i + 1 } else { i + 2 };
            let hashes = raw_string_start(&chars, from).unwrap_or(0);
            i = skip_raw_string(&chars, from + hashes + 1, hashes);
        } else if (c == 'b' || c == 'c') && at(i + 1) == '"' {
            i = skip_string(&chars, i + 2);
        } else if c == 'b' && at(i + 1) == '\'' {
            i = skip_char(&chars, i + 1).unwrap_or(i + 2);
        } else if c == '\'' {
            // A char literal, or a lifetime / label (dropped either way).
            match skip_char(&chars, i) {
                Some(end) => i = end,
                None => {
                    i += 1;
                    while i < chars.len() && (chars[i].is_alphanumeric() || chars[i] == '_') {
                        i += 1;
                    }
                }
            }
        } else if c.is_alphabetic() || c == '_' || (c == '$' && at(i + 1).is_alphabetic()) {
            let start = i;
            i += 1;
            while i < chars.len() && (chars[i].is_alphanumeric() || chars[i] == '_') {
                i += 1;
            }
            let word: String = chars[start..i].iter().collect();
            toks.push(Tok::Ident(word));
        } else if c.is_ascii_digit() {
            while i < chars.len() && (chars[i].is_alphanumeric() || chars[i] == '_') {
                i += 1;
            }
        } else if c == ':' && at(i + 1) == ':' {
            toks.push(Tok::PathSep);
            i += 2;
        } else {
            toks.push(Tok::Punct(c));
            i += 1;
        }
    }
    toks
}

/// From just after an opening `"`, the index after the closing one.
fn skip_string(chars: &[char], mut i: usize) -> usize {
    while i < chars.len() {
        match chars[i] {
            '\\' => i += 2,
            '"' => return i + 1,
            _ => i += 1,
        }
    }
    i
}

/// At `from` (just after `r`), `Some(number of #)` when a raw string starts here.
fn raw_string_start(chars: &[char], from: usize) -> Option<usize> {
    let mut k = from;
    while chars.get(k) == Some(&'#') {
        k += 1;
    }
    (chars.get(k) == Some(&'"')).then_some(k - from)
}

fn skip_raw_string(chars: &[char], mut i: usize, hashes: usize) -> usize {
    while i < chars.len() {
        if chars[i] == '"' && (1..=hashes).all(|h| chars.get(i + h) == Some(&'#')) {
            return i + 1 + hashes;
        }
        i += 1;
    }
    i
}

/// At a `'`: `Some(index after the literal)` when a char literal starts here, `None` for a
/// lifetime or label.
fn skip_char(chars: &[char], quote: usize) -> Option<usize> {
    let next = *chars.get(quote + 1)?;
    if next == '\\' {
        let mut k = quote + 2;
        while k < chars.len() && chars[k] != '\'' {
            k += 1;
        }
        return Some(k + 1);
    }
    (chars.get(quote + 2) == Some(&'\'')).then_some(quote + 3)
}

// ---------------------------------------------------------------------------------------------
// Cycles.

/// The strongly connected components with more than one node (Tarjan), each sorted.
fn strongly_connected(graph: &Graph) -> Vec<Vec<String>> {
    struct State<'g> {
        graph: &'g Graph,
        index: BTreeMap<&'g str, usize>,
        low: BTreeMap<&'g str, usize>,
        stack: Vec<&'g str>,
        on_stack: BTreeSet<&'g str>,
        next: usize,
        out: Vec<Vec<String>>,
    }
    fn visit<'g>(s: &mut State<'g>, v: &'g str) {
        s.index.insert(v, s.next);
        s.low.insert(v, s.next);
        s.next += 1;
        s.stack.push(v);
        s.on_stack.insert(v);
        let graph = s.graph;
        for w in graph.get(v).into_iter().flatten() {
            let w = w.as_str();
            if !s.index.contains_key(w) {
                visit(s, w);
                let lw = s.low[w];
                let lv = s.low.get_mut(v).expect("visited");
                *lv = (*lv).min(lw);
            } else if s.on_stack.contains(w) {
                let iw = s.index[w];
                let lv = s.low.get_mut(v).expect("visited");
                *lv = (*lv).min(iw);
            }
        }
        if s.low[v] == s.index[v] {
            let mut comp = Vec::new();
            while let Some(w) = s.stack.pop() {
                s.on_stack.remove(w);
                comp.push(w.to_string());
                if w == v {
                    break;
                }
            }
            if comp.len() > 1 {
                comp.sort();
                s.out.push(comp);
            }
        }
    }
    let mut s = State {
        graph,
        index: BTreeMap::new(),
        low: BTreeMap::new(),
        stack: Vec::new(),
        on_stack: BTreeSet::new(),
        next: 0,
        out: Vec::new(),
    };
    for v in graph.keys() {
        if !s.index.contains_key(v.as_str()) {
            visit(&mut s, v);
        }
    }
    s.out.sort();
    s.out
}

/// One concrete loop inside a component, as `a, b, .., a`, for the message: the shortest way
/// from the component's first file back to itself.
fn find_cycle(graph: &Graph, component: &[String]) -> Option<Vec<String>> {
    let start = component.first()?;
    let inside: BTreeSet<&String> = component.iter().collect();
    let mut prev: BTreeMap<&String, &String> = BTreeMap::new();
    let mut queue = std::collections::VecDeque::from([start]);
    while let Some(v) = queue.pop_front() {
        for w in graph.get(v).into_iter().flatten() {
            if w == start {
                let mut back = vec![start.clone()];
                let mut cur = v;
                while cur != start {
                    back.push(cur.clone());
                    cur = prev.get(cur)?;
                }
                back.push(start.clone());
                back.reverse();
                return Some(back);
            }
            if inside.contains(w) && !prev.contains_key(w) {
                prev.insert(w, v);
                queue.push_back(w);
            }
        }
    }
    None
}

// ---------------------------------------------------------------------------------------------
// The checker's own tests, on tiny synthetic input.

#[cfg(test)]
mod checker {
    use super::*;

    fn graph(edges: &[(&str, &str)]) -> Graph {
        let mut g: Graph = BTreeMap::new();
        for (a, b) in edges {
            g.entry(a.to_string()).or_default().insert(b.to_string());
            g.entry(b.to_string()).or_default();
        }
        g
    }

    #[test]
    fn a_graph_with_a_loop_reports_it() {
        let g = graph(&[("a", "b"), ("b", "c"), ("c", "a"), ("c", "d"), ("x", "a")]);
        let comps = strongly_connected(&g);
        assert_eq!(comps, vec![vec!["a", "b", "c"]]);
        assert_eq!(
            find_cycle(&g, &comps[0]),
            Some(vec!["a".into(), "b".into(), "c".into(), "a".into()])
        );
    }

    #[test]
    fn a_graph_without_a_loop_reports_nothing() {
        let g = graph(&[("a", "b"), ("b", "c"), ("a", "c"), ("d", "c")]);
        assert!(strongly_connected(&g).is_empty());
    }

    #[test]
    fn two_files_using_each_other_are_a_loop() {
        let g = graph(&[("mod.rs", "due.rs"), ("due.rs", "mod.rs")]);
        assert_eq!(strongly_connected(&g), vec![vec!["due.rs", "mod.rs"]]);
    }

    fn crate_from(files: &[(&str, &[&str], &str)]) -> Crate {
        // (file, module path, source): read the way `read_crate` does, without a disk.
        let mut c = Crate::default();
        for (file, module, src) in files {
            let module: Vec<String> = module.iter().map(|s| s.to_string()).collect();
            c.modules.insert(module.clone(), PathBuf::from(file));
            walk(&tokenize(src), |ev| {
                let mut m = module.clone();
                match ev {
                    Walk::InlineModule { inline } => {
                        m.extend(inline.iter().cloned());
                        c.modules.insert(m, PathBuf::from(file));
                    }
                    Walk::Item { inline, name } => {
                        m.extend(inline.iter().cloned());
                        c.defines.entry(m).or_default().insert(name.into());
                    }
                    Walk::Use {
                        inline,
                        path,
                        binding,
                    } => {
                        m.extend(inline.iter().cloned());
                        let abs = absolute(&m, path).expect("path");
                        match binding {
                            Some(b) => {
                                c.imports
                                    .entry(m)
                                    .or_default()
                                    .insert(b.into(), abs.clone());
                            }
                            None => c.globs.entry(m).or_default().push(abs.clone()),
                        }
                        c.refs.push((PathBuf::from(file), abs));
                    }
                    Walk::Path { inline, path } => {
                        m.extend(inline.iter().cloned());
                        if let Some(abs) = absolute(&m, path) {
                            c.refs.push((PathBuf::from(file), abs));
                        }
                    }
                    Walk::FileModule { .. } => {}
                }
            });
        }
        c
    }

    fn paths(src: &str, module: &[&str]) -> Vec<String> {
        let c = crate_from(&[("f.rs", module, src)]);
        c.refs.iter().map(|(_, p)| p.segs.join("::")).collect()
    }

    #[test]
    fn use_trees_and_code_paths_are_found() {
        let src = r#"
            use crate::a::{b::{C, self}, d as e};
            use super::*;
            // use crate::in_a_comment;
            fn f() { let s = "crate::in_a_string"; crate::g::h(); super::super::k::L; '{'; }
            mod tests { use super::*; use crate::t; }
        "#;
        let found = paths(src, &["m", "n"]);
        assert_eq!(
            found,
            vec!["a::b::C", "a::b", "a::d", "m", "g::h", "k::L", "m::n", "t"]
        );
    }

    fn edges(c: &Crate) -> Vec<(String, String)> {
        let mut out = BTreeSet::new();
        for (file, path) in &c.refs {
            if let Some((target, _)) = resolve(c, path, 0)
                && target != *file
            {
                out.insert((file.display().to_string(), target.display().to_string()));
            }
        }
        out.into_iter().collect()
    }

    #[test]
    fn paths_resolve_through_reexports_to_the_file_that_writes_the_item() {
        let c = crate_from(&[
            ("lib.rs", &[], "pub use earshot_core as core; pub mod cli;"),
            (
                "cli/mod.rs",
                &["cli"],
                "pub mod args; pub mod due; pub use output::Failure; pub struct Ctx; \
                 fn run() { args::Cli::parse(); std::fs::read(); }",
            ),
            ("cli/output.rs", &["cli", "output"], "pub struct Failure;"),
            ("cli/args.rs", &["cli", "args"], "pub struct Cli;"),
            (
                "cli/due.rs",
                &["cli", "due"],
                "use super::Failure; use crate::core::Item; fn f(_: super::args::Cli) {}",
            ),
        ]);
        assert_eq!(
            edges(&c),
            vec![
                ("cli/due.rs".into(), "cli/args.rs".into()),
                ("cli/due.rs".into(), "cli/output.rs".into()),
                ("cli/mod.rs".into(), "cli/args.rs".into()),
                ("cli/mod.rs".into(), "cli/output.rs".into()),
            ]
        );
    }

    #[test]
    fn an_item_written_in_the_parent_is_a_use_of_the_parent() {
        let c = crate_from(&[
            (
                "mod.rs",
                &[],
                "mod due; pub use due::run; pub struct Failure;",
            ),
            ("due.rs", &["due"], "use super::Failure; pub fn run() {}"),
        ]);
        let graph: Graph = edges(&c)
            .into_iter()
            .fold(BTreeMap::new(), |mut g, (a, b)| {
                g.entry(a).or_default().insert(b);
                g
            });
        assert_eq!(strongly_connected(&graph), vec![vec!["due.rs", "mod.rs"]]);
    }
}
