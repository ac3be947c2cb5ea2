//! Shell completions, the manual page, and how help is laid out.

use super::*;

#[tokio::test]
async fn completions_are_printed_for_every_shell() {
    for (shell, marker) in [
        ("bash", "complete -F"),
        ("zsh", "#compdef cec"),
        ("fish", "complete -c cec"),
        ("elvish", "edit:completion:arg-completer[cec]"),
        ("powershell", "Register-ArgumentCompleter"),
    ] {
        let run = cec(&["completions", shell], &[]).await;
        assert_eq!(run.code, 0, "{shell}: {}", run.stderr);
        assert!(run.stdout.contains(marker), "{shell}: {marker}");
        for word in ["call-result-detail", "call-ids-from", "output"] {
            assert!(run.stdout.contains(word), "{shell}: {word}");
        }
    }
    let run = cec(&["completions", "tcsh"], &[]).await;
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("possible values"), "{}", run.stderr);
}

#[tokio::test]
async fn man_prints_a_roff_page_naming_variables_but_not_their_values() {
    let run = cec(
        &["man"],
        &[
            ("CEC_AK", "ak-VALUE"),
            ("CEC_ISALES_URL", "https://url-value.invalid"),
        ],
    )
    .await;
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stdout.contains(".TH cec 1"), "{}", run.stdout);
    for section in [
        ".SH NAME",
        ".SH SYNOPSIS",
        "CONNECTION OPTIONS",
        "OUTPUT AND CONFIGURATION",
    ] {
        assert!(run.stdout.contains(section), "{section}");
    }
    assert!(run.stdout.contains("CEC_AK"), "names the variables");
    assert!(
        !run.stdout.contains("ak-VALUE") && !run.stdout.contains("url-value"),
        "{}",
        run.stdout
    );
}

#[tokio::test]
async fn a_commands_help_lists_its_own_options_first_then_the_global_ones() {
    let run = cec(&["call-records", "--help"], &[]).await;
    assert_eq!(run.code, 0);
    let help = &run.stdout;
    let at = |what: &str| {
        help.find(what)
            .unwrap_or_else(|| panic!("{what} in {help}"))
    };
    assert!(at("--sub-cc-no") < at("--evaluation-value"));
    assert!(at("--evaluation-value") < at("Output and configuration:"));
    assert!(at("Output and configuration:") < at("--output <FORMAT>"));
    assert!(at("--profile <NAME>") < at("Connection options:"));
    assert!(at("Connection options:") < at("--isales-url"));
    assert!(help.contains("RFC 3339"), "{help}");
    let run = cec(&["cdr", "--help"], &[]).await;
    let help = &run.stdout;
    assert!(
        help.find("--call-ids-from").unwrap() < help.find("Output and configuration:").unwrap(),
        "{help}"
    );
}
