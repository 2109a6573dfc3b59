//! The file-level dependency graph of a crate, for the house rules: which file refers to which,
//! and the loops in it. See `tests/house_rules.rs` for what counts.

mod tokens;

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};

pub use tokens::{Tok, Walk, tokenize, walk};

// ---------------------------------------------------------------------------------------------
// The dependency graph of one crate.

/// File → the files it refers to. Keys are every file of the crate's module tree.
pub type Graph<K = String> = BTreeMap<K, BTreeSet<K>>;

/// A path made absolute within its crate (`crate` dropped). A path that started with a plain
/// name (`args::Cli`, `std::fs`) is `here ++ path` with `anchor = Some(here.len() + 1)`: it
/// belongs to the crate only when its first `anchor` segments name a module.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AbsPath {
    pub segs: Vec<String>,
    pub anchor: Option<usize>,
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
pub struct Crate {
    /// Module path → the file that holds it (inline modules live in their parent's file).
    pub modules: BTreeMap<Vec<String>, PathBuf>,
    /// Module path → name brought in by a `use` (public or not) → what it names.
    pub imports: BTreeMap<Vec<String>, BTreeMap<String, AbsPath>>,
    /// Module path → the paths it glob-imports.
    pub globs: BTreeMap<Vec<String>, Vec<AbsPath>>,
    /// Module path → names of items written in it (fn, struct, enum, ...).
    pub defines: BTreeMap<Vec<String>, BTreeSet<String>>,
    /// Every path each file refers to.
    pub refs: Vec<(PathBuf, AbsPath)>,
}

/// Why file A refers to file B: the first path in A that resolved to B, as written from the
/// crate root.
pub type Reasons<K = String> = BTreeMap<(K, K), String>;

/// The graph of the crate whose root file is `crate_root`; with `root_exempt`, the root file is
/// left out (see `CRATE_ROOT_EXEMPT` in the house rules).
pub fn crate_graph(
    crate_root: &Path,
    root_exempt: bool,
) -> Result<(Graph<PathBuf>, Reasons<PathBuf>), String> {
    let c = read_crate(crate_root)?;
    let mut graph: Graph<PathBuf> = c
        .modules
        .values()
        .filter(|f| !(root_exempt && *f == crate_root))
        .map(|f| (f.clone(), BTreeSet::new()))
        .collect();
    let mut reasons = BTreeMap::new();
    for (file, path) in &c.refs {
        if let Some((target, _)) = resolve(&c, path, 0)
            && target != *file
            && !(root_exempt && (target == crate_root || file == crate_root))
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
pub fn read_crate(crate_root: &Path) -> Result<Crate, String> {
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
        for (parent, name) in record_file(&mut c, &file, &module, &tokenize(&text)) {
            let mut dir = children_dir.clone();
            dir.extend(&parent);
            let flat = dir.join(format!("{name}.rs"));
            let nested = dir.join(&name).join("mod.rs");
            let found = match (flat.is_file(), nested.is_file()) {
                (true, _) => flat,
                (false, true) => nested,
                (false, false) => {
                    return Err(format!(
                        "{} declares `mod {name};` but neither {} nor {} exists",
                        file.display(),
                        flat.display(),
                        nested.display()
                    ));
                }
            };
            let mut child = parent;
            child.push(name);
            todo.push((found, child));
        }
    }
    Ok(c)
}

/// Records what one file (module `module`) holds and names; returns the `mod name;`
/// declarations it makes, as (module they are declared in, name), for the caller to find.
pub fn record_file(
    c: &mut Crate,
    file: &Path,
    module: &[String],
    toks: &[Tok],
) -> Vec<(Vec<String>, String)> {
    c.modules.insert(module.to_vec(), file.to_path_buf());
    let mut declared = Vec::new();
    walk(toks, |ev| {
        let here = |inline: &[String]| {
            let mut m = module.to_vec();
            m.extend(inline.iter().cloned());
            m
        };
        match ev {
            Walk::FileModule { inline, name } => declared.push((here(inline), name.to_string())),
            Walk::InlineModule { inline } => {
                c.modules.insert(here(inline), file.to_path_buf());
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
                c.refs.push((file.to_path_buf(), abs));
            }
            Walk::Path { inline, path } => {
                if let Some(abs) = absolute(&here(inline), path) {
                    c.refs.push((file.to_path_buf(), abs));
                }
            }
        }
    });
    declared
}

/// Makes a path absolute within the crate, starting from module `here`.
pub fn absolute(here: &[String], path: &[String]) -> Option<AbsPath> {
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
pub fn resolve(c: &Crate, path: &AbsPath, depth: usize) -> Option<(PathBuf, bool)> {
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
// Cycles.

/// The strongly connected components with more than one node (Tarjan), each sorted.
pub fn strongly_connected(graph: &Graph) -> Vec<Vec<String>> {
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
pub fn find_cycle(graph: &Graph, component: &[String]) -> Option<Vec<String>> {
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
