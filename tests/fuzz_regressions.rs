//! Every committed input of the fuzz targets, replayed through the targets' own checks
//! (`fuzz/checks/`): the regression inputs of crashes found (`fuzz/regressions/TARGET/`)
//! and the seed corpus (`fuzz/corpus/TARGET/`). A check panics on a fault; each input runs
//! on its own, and the test names every input that fails.

#![cfg(feature = "simulator")]

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::Path;

#[path = "../fuzz/checks/mod.rs"]
mod checks;

/// The files of `dir`, sorted (none when it does not exist).
fn inputs(dir: &Path) -> Vec<std::path::PathBuf> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut files: Vec<_> = entries
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_file())
        .collect();
    files.sort();
    files
}

#[test]
fn every_committed_fuzz_input_passes_its_targets_check() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz");
    let mut failures = Vec::new();
    let mut replayed = 0;
    for (target, check) in checks::TARGETS {
        assert!(
            root.join("fuzz_targets")
                .join(format!("{target}.rs"))
                .exists()
                || !root.join("fuzz_targets").exists(),
            "a check without its target: {target}"
        );
        for folder in ["regressions", "corpus"] {
            for file in inputs(&root.join(folder).join(target)) {
                let bytes = std::fs::read(&file).unwrap();
                replayed += 1;
                if let Err(panic) = catch_unwind(AssertUnwindSafe(|| check(&bytes))) {
                    let message = panic
                        .downcast_ref::<String>()
                        .cloned()
                        .or_else(|| panic.downcast_ref::<&str>().map(|s| (*s).to_owned()))
                        .unwrap_or_default();
                    failures.push(format!("{}: {message}", file.display()));
                }
            }
        }
    }
    assert!(replayed >= 40, "the seeds are there: {replayed} inputs");
    assert!(
        failures.is_empty(),
        "failing inputs:\n{}",
        failures.join("\n")
    );
}

#[test]
fn every_fuzz_target_has_a_check_and_a_corpus() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz");
    let Ok(entries) = std::fs::read_dir(root.join("fuzz_targets")) else {
        return; // the published package carries the checks and inputs, not the targets
    };
    let mut targets: Vec<String> = entries
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter_map(|n| n.strip_suffix(".rs").map(str::to_owned))
        .collect();
    targets.sort();
    let checked: Vec<&str> = checks::TARGETS.iter().map(|(t, _)| *t).collect();
    assert_eq!(targets, checked);
    for target in &targets {
        assert!(root.join("corpus").join(target).is_dir(), "{target}");
    }
}
