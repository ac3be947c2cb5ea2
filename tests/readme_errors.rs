//! README's table of errors names every `Error` variant: the variants are read from
//! `Error::kind()` (whose `match` the compiler keeps complete), the table from README's
//! "Errors" section.

use std::collections::BTreeSet;

fn read(path: &str) -> String {
    std::fs::read_to_string(format!("{}/{path}", env!("CARGO_MANIFEST_DIR"))).unwrap()
}

/// The variants `Error::kind()` names: its arms `Self::Name { .. } => "Name"`.
fn variants() -> BTreeSet<String> {
    let source = read("src/error/accessors.rs");
    let body = source
        .split("pub fn kind(&self)")
        .nth(1)
        .expect("Error::kind in src/error/accessors.rs");
    let body = &body[..body.find("\n    }\n").expect("the end of kind()")];
    body.lines()
        .filter_map(|line| {
            let name = line.trim().strip_prefix("Self::")?.split(' ').next()?;
            Some(name.to_owned())
        })
        .collect()
}

/// The first column of README's table of errors (`| `Name` | ...`).
fn table() -> BTreeSet<String> {
    let readme = read("README.md");
    let section = readme
        .split("\n## Errors\n")
        .nth(1)
        .expect("README has an Errors section");
    let section = &section[..section.find("\n## ").unwrap_or(section.len())];
    section
        .lines()
        .filter_map(|line| {
            let cell = line.strip_prefix("| `")?;
            Some(cell[..cell.find('`')?].to_owned())
        })
        .collect()
}

#[test]
fn every_error_variant_is_in_the_readme_table() {
    let variants = variants();
    assert!(variants.len() >= 17, "kind() read wrong: {variants:?}");
    let table = table();
    let missing: Vec<_> = variants.difference(&table).collect();
    assert!(missing.is_empty(), "README's error table lacks {missing:?}");
    let unknown: Vec<_> = table.difference(&variants).collect();
    assert!(
        unknown.is_empty(),
        "README's error table names no variant {unknown:?}"
    );
}
