//! The examples, run as a user would run them with nothing configured: a readable error on
//! stderr and exit 1, never a `Debug` dump or a panic.

use std::path::PathBuf;

/// `target/<profile>/examples/NAME`, built by `cargo test` beside the test binaries.
fn example(name: &str) -> PathBuf {
    let exe = std::env::current_exe().unwrap();
    let dir = exe.parent().unwrap().parent().unwrap();
    dir.join("examples").join(name)
}

#[test]
fn examples_without_a_server_print_a_readable_error_and_exit_1() {
    for name in ["call_result_detail", "satisfaction_report", "handle_errors"] {
        let path = example(name);
        let mut command = std::process::Command::new(&path);
        for (var, _) in std::env::vars() {
            if var.starts_with("CEC_") || var.ends_with("_PROXY") || var.ends_with("_proxy") {
                command.env_remove(var);
            }
        }
        let output = command
            .output()
            .unwrap_or_else(|e| panic!("{}: {e} (cargo test builds the examples)", path.display()));
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(1), "{name}: {stderr}");
        assert!(
            stderr.contains("configuration") || stderr.contains("usage"),
            "{name} says what is missing: {stderr}"
        );
        for debug_dump in ["Config {", "message:", "panicked"] {
            assert!(!stderr.contains(debug_dump), "{name}: {stderr}");
        }
    }
}
