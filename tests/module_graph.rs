//! No import circles among `src/` modules: the layers of `src/lib.rs` hold. Every reference
//! `crate::a::…` (in `use` lines and in paths) from a file of top-level module `m` is an edge
//! m → a; the graph of top-level modules must be acyclic. Within a directory module
//! (`src/table/`, `src/options/`, …) the same holds among its files, where `super::x` and
//! `crate::<dir>::x` name sibling `x` (a child using its own `mod.rs` is not a circle).

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

fn rust_files(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// Identifiers following `prefix` in `code` (`crate::` → `table`, `ingest`, …), comments removed.
fn references(code: &str, prefix: &str) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    for line in code.lines() {
        let line = line.split("//").next().unwrap_or("");
        let mut rest = line;
        while let Some(i) = rest.find(prefix) {
            rest = &rest[i + prefix.len()..];
            let name: String = rest.chars().take_while(|c| c.is_alphanumeric() || *c == '_').collect();
            if !name.is_empty() {
                out.insert(name);
            }
        }
        // `use crate::{a, b}` lists several modules.
        if let Some(i) = line.find(&format!("{prefix}{{")) {
            let inner = &line[i + prefix.len() + 1..];
            for item in inner.split([',', '}']) {
                let name: String = item.trim().chars().take_while(|c| c.is_alphanumeric() || *c == '_').collect();
                if !name.is_empty() {
                    out.insert(name);
                }
            }
        }
    }
    out
}

/// A cycle in `graph`, if any (depth-first search).
fn find_cycle(graph: &BTreeMap<String, BTreeSet<String>>) -> Option<Vec<String>> {
    fn visit(node: &str, graph: &BTreeMap<String, BTreeSet<String>>, state: &mut BTreeMap<String, u8>, stack: &mut Vec<String>) -> Option<Vec<String>> {
        state.insert(node.to_string(), 1);
        stack.push(node.to_string());
        for next in graph.get(node).into_iter().flatten() {
            match state.get(next.as_str()).copied().unwrap_or(0) {
                1 => {
                    let start = stack.iter().position(|n| n == next).unwrap_or(0);
                    let mut cycle = stack[start..].to_vec();
                    cycle.push(next.clone());
                    return Some(cycle);
                }
                0 => {
                    if let Some(c) = visit(next, graph, state, stack) {
                        return Some(c);
                    }
                }
                _ => {}
            }
        }
        stack.pop();
        state.insert(node.to_string(), 2);
        None
    }
    let mut state = BTreeMap::new();
    for node in graph.keys() {
        if state.get(node.as_str()).copied().unwrap_or(0) == 0 {
            if let Some(c) = visit(node, graph, &mut state, &mut Vec::new()) {
                return Some(c);
            }
        }
    }
    None
}

#[test]
fn no_import_circles() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    let top_level: BTreeSet<String> = files
        .iter()
        .filter_map(|f| f.strip_prefix(&src).ok()?.components().next()?.as_os_str().to_str().map(|s| s.trim_end_matches(".rs").to_string()))
        .filter(|m| m != "lib" && m != "bin")
        .collect();
    let mut top: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    // directory module → (child → siblings it uses)
    let mut inner: BTreeMap<String, BTreeMap<String, BTreeSet<String>>> = BTreeMap::new();
    for file in &files {
        let relative = file.strip_prefix(&src).unwrap();
        let parts: Vec<String> = relative.components().map(|c| c.as_os_str().to_string_lossy().trim_end_matches(".rs").to_string()).collect();
        let module = parts[0].clone();
        if !top_level.contains(&module) {
            continue;
        }
        let code = std::fs::read_to_string(file).unwrap();
        let edges = top.entry(module.clone()).or_default();
        for r in references(&code, "crate::") {
            if r != module && top_level.contains(&r) {
                edges.insert(r);
            }
        }
        if parts.len() == 2 && parts[1] != "mod" {
            let child = parts[1].clone();
            let siblings: BTreeSet<String> = std::fs::read_dir(src.join(&module))
                .unwrap()
                .filter_map(|e| e.ok()?.path().file_stem()?.to_str().map(String::from))
                .filter(|s| s != "mod" && *s != child)
                .collect();
            let mut used = references(&code, "super::");
            used.extend(references(&code, &format!("crate::{module}::")));
            let edges = inner.entry(module.clone()).or_default().entry(child).or_default();
            edges.extend(used.into_iter().filter(|u| siblings.contains(u)));
        }
    }
    assert!(top.len() >= 15, "found {} modules: {:?}", top.len(), top.keys());
    if let Some(cycle) = find_cycle(&top) {
        panic!("import circle among top-level modules: {}", cycle.join(" → "));
    }
    for (module, graph) in &inner {
        if let Some(cycle) = find_cycle(graph) {
            panic!("import circle inside src/{module}/: {}", cycle.join(" → "));
        }
    }
}

/// The check itself finds a circle when there is one.
#[test]
fn the_check_sees_a_circle() {
    let mut g: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    g.entry("dataset".into()).or_default().insert("attributes".into());
    g.entry("attributes".into()).or_default().insert("ingest".into());
    g.entry("ingest".into()).or_default().insert("dataset".into());
    assert_eq!(find_cycle(&g).map(|c| c.len()), Some(4));
    assert_eq!(references("use crate::{dates, text::clip};\nlet x = crate::table::open(); // crate::nope", "crate::"), ["dates", "table", "text"].iter().map(|s| s.to_string()).collect());
}
