//! House rules for the source tree, checked on every test run:
//!
//! 1. no `.rs` file under `src/` or `crates/*/src/` is longer than [`MAX_LINES`] lines;
//! 2. no import loop between files: within one crate, file A refers to file B (a `use`, or a path
//!    such as `crate::a::b::f()`, `super::x::Y` or `child::Z` in code) while B, directly or through
//!    other files, refers back to A. A parent module's re-exports count like any other use; the
//!    `mod x;` declaration itself does not, and neither does the crate root while
//!    [`CRATE_ROOT_EXEMPT`] says so.
//!
//! The dependency graph (`source_graph/`) is built by a small tokenizer (comments, strings and
//! char literals are skipped) that follows `mod x;` declarations from each crate root, tracks
//! inline `mod x { .. }` blocks, expands `use` trees and resolves each path to the file that
//! writes the item, following `use`s and re-exports on the way. Paths into other crates
//! (`std::`, `earshot_store::`, re-exported crates) are not edges. Method calls (`self.f()`)
//! name no path and are not seen: splitting one type's `impl` over files is checked by review.

mod source_graph;

use std::collections::BTreeSet;
use std::fs;
use std::path::{Path, PathBuf};

use source_graph::{Graph, Reasons, crate_graph, find_cycle, strongly_connected};

/// The longest a source file may be, in lines.
const MAX_LINES: usize = 1000;

/// Files known to be over [`MAX_LINES`]: being split; remove when done. The test also fails
/// when a file listed here is no longer over the limit, so the list only shrinks.
const ALLOWED_LONG_FILES: &[&str] = &[];

/// Whether a crate root (`lib.rs`, `main.rs`) is left out of the loop check. The root is the
/// crate's front door: it declares the modules, re-exports the public API and, in the library
/// crates, defines the types every module shares (`Store`, `StoreError`, `AudioError`). Counted
/// strictly, each such crate is one big loop through its root, which would hide the loops that
/// matter; set this to `false` once those shared types live in modules of their own.
const CRATE_ROOT_EXEMPT: bool = true;

/// Files known to sit on an import loop (with each other): being split; remove when done.
/// A loop is tolerated only when every file on it is listed here, and the test fails when a
/// listed file is no longer on a loop.
const ALLOWED_CYCLE_FILES: &[&str] = &[];

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
        let (graph, reasons) = crate_graph(crate_root, CRATE_ROOT_EXEMPT)
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
// The checker's own tests, on tiny synthetic input.

#[cfg(test)]
mod checker {
    use std::collections::{BTreeMap, BTreeSet};
    use std::path::Path;

    use super::source_graph::*;

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

    /// A crate from (file, module path, source), read the way `read_crate` reads one.
    fn crate_from(files: &[(&str, &[&str], &str)]) -> Crate {
        let mut c = Crate::default();
        for (file, module, src) in files {
            let module: Vec<String> = module.iter().map(|s| s.to_string()).collect();
            record_file(&mut c, Path::new(file), &module, &tokenize(src));
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
