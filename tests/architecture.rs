//! The layout rules of ARCHITECTURE.md, checked on the source itself:
//!
//! - the library's top-level modules depend on each other in one direction only (no cycle,
//!   a pair of modules using each other included);
//! - inside the library, items are named through their module (`crate::auth::AkSk`), not
//!   through the crate root's re-exports (`crate::AkSk`), so that the dependencies can be
//!   read off the source;
//! - no hand-written Rust file (library, binary, tests, benches, examples, fuzz targets,
//!   build script) is longer than 600 lines, unit tests aside.
//!
//! The generated code is read from its snapshots (`tests/snapshots/generated_*.snap`).

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

const MAX_LINES: usize = 600;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Every `.rs` file under `dir`, recursively.
fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// The library's top-level modules: `src/x.rs` and `src/x/`, the binary aside.
fn top_level_modules() -> BTreeSet<String> {
    std::fs::read_dir(root().join("src"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter_map(|p| {
            let name = p.file_stem()?.to_str()?.to_owned();
            let source = p.is_dir() || p.extension().is_some_and(|e| e == "rs");
            (source && name != "lib" && name != "bin").then_some(name)
        })
        .collect()
}

/// The source without comments (line comments and doc comments), so that links in docs
/// do not count as uses.
fn code_of(text: &str) -> String {
    text.lines()
        .map(|line| match line.find("//") {
            // A `//` inside a string literal (a URL) is rare in `crate::` lines; cut at the
            // first one that starts the trimmed line or follows code.
            Some(i) if !line[..i].contains('"') => &line[..i],
            _ => line,
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// The `crate::<segment>` paths of a piece of code, and (for `use crate::{a, b}`) the
/// segments inside the braces.
fn crate_paths(code: &str) -> Vec<String> {
    let mut found = Vec::new();
    let mut rest = code;
    while let Some(i) = rest.find("crate::") {
        let before = rest[..i].chars().last();
        rest = &rest[i + "crate::".len()..];
        // `$crate::` and identifiers ending in `crate` are not the crate root.
        if before.is_some_and(|c| c.is_alphanumeric() || c == '_' || c == '$') {
            continue;
        }
        if let Some(group) = rest.strip_prefix('{') {
            let end = group.find('}').unwrap_or(group.len());
            for item in group[..end].split(',') {
                let segment: String = item
                    .trim()
                    .chars()
                    .take_while(|c| c.is_alphanumeric() || *c == '_')
                    .collect();
                if !segment.is_empty() {
                    found.push(segment);
                }
            }
        } else {
            let segment: String = rest
                .chars()
                .take_while(|c| c.is_alphanumeric() || *c == '_')
                .collect();
            found.push(segment);
        }
    }
    found
}

/// module -> the modules it uses, and the places that name an item through the crate root.
fn dependency_graph() -> (BTreeMap<String, BTreeSet<String>>, Vec<String>) {
    let modules = top_level_modules();
    let mut graph: BTreeMap<String, BTreeSet<String>> = modules
        .iter()
        .map(|m| (m.clone(), BTreeSet::new()))
        .collect();
    let mut via_root = Vec::new();
    let mut files = Vec::new();
    rust_files(&root().join("src"), &mut files);
    for file in files {
        let relative = file.strip_prefix(root().join("src")).unwrap();
        let first = relative.components().next().unwrap().as_os_str();
        let module = Path::new(first)
            .file_stem()
            .unwrap()
            .to_str()
            .unwrap()
            .to_owned();
        if module == "lib" || module == "bin" {
            continue;
        }
        let code = code_of(&std::fs::read_to_string(&file).unwrap());
        for segment in crate_paths(&code) {
            if modules.contains(&segment) {
                if segment != module {
                    graph.get_mut(&module).unwrap().insert(segment);
                }
            } else {
                via_root.push(format!("{}: crate::{segment}", relative.display()));
            }
        }
    }
    // The generated code, included by `generated`, as its snapshots show it.
    for entry in std::fs::read_dir(root().join("tests/snapshots")).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_str().unwrap().to_owned();
        if !name.starts_with("generated_") {
            continue;
        }
        let code = std::fs::read_to_string(&path).unwrap();
        for segment in crate_paths(&code) {
            if modules.contains(&segment) && segment != "generated" {
                // `reexports.rs` is included by the crate root, the rest by `generated`.
                if name.starts_with("generated_reexports") {
                    continue;
                }
                // `result_codes.rs` and `status_meanings.rs` are included by `error`
                // and `exchange` and name no module; the host clients name `transport`
                // and `wire`.
                graph.get_mut("generated").unwrap().insert(segment);
            }
        }
    }
    (graph, via_root)
}

/// A cycle in `graph`, if there is one, as the modules along it.
fn find_cycle(graph: &BTreeMap<String, BTreeSet<String>>) -> Option<Vec<String>> {
    fn visit(
        node: &str,
        graph: &BTreeMap<String, BTreeSet<String>>,
        state: &mut BTreeMap<String, u8>,
        stack: &mut Vec<String>,
    ) -> Option<Vec<String>> {
        state.insert(node.to_owned(), 1);
        stack.push(node.to_owned());
        for next in &graph[node] {
            match state.get(next.as_str()).copied().unwrap_or(0) {
                1 => {
                    let start = stack.iter().position(|n| n == next).unwrap();
                    let mut cycle = stack[start..].to_vec();
                    cycle.push(next.clone());
                    return Some(cycle);
                }
                0 => {
                    if let Some(cycle) = visit(next, graph, state, stack) {
                        return Some(cycle);
                    }
                }
                _ => {}
            }
        }
        stack.pop();
        state.insert(node.to_owned(), 2);
        None
    }
    let mut state = BTreeMap::new();
    for node in graph.keys() {
        if state.get(node.as_str()).copied().unwrap_or(0) == 0
            && let Some(cycle) = visit(node, graph, &mut state, &mut Vec::new())
        {
            return Some(cycle);
        }
    }
    None
}

#[test]
fn the_module_graph_has_no_cycle() {
    let (graph, _) = dependency_graph();
    for (module, uses) in &graph {
        println!(
            "{module} -> {}",
            uses.iter().cloned().collect::<Vec<_>>().join(", ")
        );
    }
    assert!(
        graph["generated"].contains("transport"),
        "the checker must see the generated clients' use of transport: {graph:?}"
    );
    if let Some(cycle) = find_cycle(&graph) {
        panic!(
            "the library's modules use each other in a cycle: {}",
            cycle.join(" -> ")
        );
    }
}

/// The layers of ARCHITECTURE.md's picture: module -> its line number.
fn documented_layers(modules: &BTreeSet<String>) -> BTreeMap<String, u32> {
    let text = std::fs::read_to_string(root().join("ARCHITECTURE.md")).unwrap();
    let start = text
        .find("```text")
        .expect("ARCHITECTURE.md has its picture");
    let picture = &text[start..][..text[start..].find("\n```\n").unwrap()];
    let mut layers = BTreeMap::new();
    for line in picture.lines().skip(1) {
        let mut words = line.split_whitespace();
        let Some(layer) = words.next().and_then(|w| w.parse::<u32>().ok()) else {
            continue;
        };
        for word in words.filter(|w| modules.contains(*w)) {
            layers.insert(word.to_owned(), layer);
        }
    }
    layers
}

#[test]
fn every_dependency_goes_down_the_documented_layers() {
    let (graph, _) = dependency_graph();
    let layers = documented_layers(&top_level_modules());
    let missing: Vec<&String> = graph.keys().filter(|m| !layers.contains_key(*m)).collect();
    assert!(
        missing.is_empty(),
        "ARCHITECTURE.md's picture lacks {missing:?}"
    );
    let upward: Vec<String> = graph
        .iter()
        .flat_map(|(m, uses)| uses.iter().map(move |u| (m, u)))
        .filter(|(m, u)| layers[*m] <= layers[*u])
        .map(|(m, u)| format!("{m} (line {}) uses {u} (line {})", layers[m], layers[u]))
        .collect();
    assert!(
        upward.is_empty(),
        "these dependencies do not go down ARCHITECTURE.md's picture: fix the code or the \
         picture:\n{}",
        upward.join("\n")
    );
}

#[test]
fn library_modules_name_items_through_their_module() {
    let (_, via_root) = dependency_graph();
    assert!(
        via_root.is_empty(),
        "name these through their module (crate::module::Item), not the crate root, so the \
         module graph stays visible:\n{}",
        via_root.join("\n")
    );
}

#[test]
fn the_cycle_check_finds_a_cycle() {
    let graph: BTreeMap<String, BTreeSet<String>> = [
        ("a", vec!["b"]),
        ("b", vec!["c"]),
        ("c", vec!["a"]),
        ("d", vec![]),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_owned(), v.into_iter().map(str::to_owned).collect()))
    .collect();
    assert_eq!(
        find_cycle(&graph),
        Some(vec!["a".into(), "b".into(), "c".into(), "a".into()])
    );
    assert_eq!(
        crate_paths("use crate::{auth::AkSk, error};\nlet x = crate::wire::X; $crate::no"),
        ["auth", "error", "wire"]
    );
}

/// Lines of a file before its unit tests (a trailing `#[cfg(test)]` module).
fn lines_without_unit_tests(text: &str) -> usize {
    let lines: Vec<&str> = text.lines().collect();
    lines
        .iter()
        .position(|l| l.trim() == "#[cfg(test)]")
        .filter(|&i| {
            lines
                .get(i + 1)
                .is_some_and(|next| next.trim_start().starts_with("mod "))
        })
        .unwrap_or(lines.len())
}

#[test]
fn no_hand_written_file_is_over_600_lines() {
    let mut files = vec![root().join("build.rs")];
    for dir in ["src", "tests", "benches", "examples", "fuzz/fuzz_targets"] {
        rust_files(&root().join(dir), &mut files);
    }
    let long: Vec<String> = files
        .iter()
        .filter_map(|f| {
            let n = lines_without_unit_tests(&std::fs::read_to_string(f).unwrap());
            (n > MAX_LINES).then(|| format!("{}: {n} lines", f.display()))
        })
        .collect();
    assert!(
        long.is_empty(),
        "split these by job (at most {MAX_LINES} lines, unit tests aside):\n{}",
        long.join("\n")
    );
}
