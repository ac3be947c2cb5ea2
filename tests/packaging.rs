//! What the published crate carries: the licence files of its declared licence, docs.rs
//! metadata that documents every feature, and the files its build and docs need.

fn manifest() -> toml::Table {
    let text = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/Cargo.toml")).unwrap();
    text.parse().unwrap()
}

#[test]
fn the_declared_licences_have_their_files() {
    let manifest = manifest();
    let package = manifest["package"].as_table().unwrap();
    assert_eq!(package["license"].as_str(), Some("MIT OR Apache-2.0"));
    let root = env!("CARGO_MANIFEST_DIR");
    let mit = std::fs::read_to_string(format!("{root}/LICENSE-MIT")).unwrap();
    assert!(mit.contains("Permission is hereby granted, free of charge"));
    let apache = std::fs::read_to_string(format!("{root}/LICENSE-APACHE")).unwrap();
    assert!(apache.contains("Apache License") && apache.contains("Version 2.0"));
}

#[test]
fn docs_rs_documents_every_feature_and_the_package_carries_what_it_needs() {
    let manifest = manifest();
    let package = manifest["package"].as_table().unwrap();
    let docs_rs = package["metadata"]["docs"]["rs"].as_table().unwrap();
    assert_eq!(docs_rs["all-features"].as_bool(), Some(true));
    let args: Vec<&str> = docs_rs["rustdoc-args"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|v| v.as_str())
        .collect();
    assert_eq!(
        args,
        ["--cfg", "docsrs"],
        "the feature badges need --cfg docsrs"
    );
    let lib = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/src/lib.rs")).unwrap();
    assert!(lib.contains("#![cfg_attr(docsrs, feature(doc_cfg))]"));

    let include: Vec<&str> = package["include"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|v| v.as_str())
        .collect();
    // Unanchored patterns match at any depth, like .gitignore: "README.md" also
    // takes interop/out/*/README.md, which CI generates, and `cargo publish` then
    // refuses the tree as dirty.
    for pattern in &include {
        assert!(
            pattern.starts_with('/'),
            "include pattern {pattern:?} is not anchored at the package root"
        );
    }
    for needed in [
        "/src/**",
        "/spec/huawei-cec.yaml",
        "/build.rs",
        "/README.md",
        "/LICENSE-*",
        "/docs/**",
    ] {
        assert!(include.contains(&needed), "the package lacks {needed}");
    }
}
