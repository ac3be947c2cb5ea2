//! Where each setting came from: the command line, an environment variable, a config
//! profile, a default, or nowhere. Secrets are shown as set or unset, never their value.

use clap::ArgMatches;
use clap::parser::ValueSource;
use huawei_cec::reqwest::Url;
use huawei_cec::{RetryPolicy, SigningProfile};
use serde::Serialize;

use crate::output::Format;
use crate::profile_config::{Applied, innermost};

/// One setting: its name (the option's long name), its value, and where it came from.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct Setting {
    pub(crate) name: String,
    pub(crate) value: String,
    pub(crate) source: String,
}

/// The proxy variables reqwest reads from the environment.
const PROXY_VARIABLES: &[&str] = &[
    "HTTPS_PROXY",
    "https_proxy",
    "HTTP_PROXY",
    "http_proxy",
    "ALL_PROXY",
    "all_proxy",
    "NO_PROXY",
    "no_proxy",
];

/// Every global option, in the order of `--help`, then the proxy variables that are set.
pub(crate) fn collect(matches: &ArgMatches, applied: &Applied) -> Vec<Setting> {
    // The definition as written (`args::documented` marks every option's value hidden).
    let definition = <crate::args::Cli as clap::CommandFactory>::command();
    let matches = innermost(matches);
    let mut settings: Vec<Setting> = definition
        .get_arguments()
        .filter(|arg| arg.is_global_set() && crate::args::negation_of(arg).is_none())
        .filter_map(|arg| {
            let name = arg.get_long()?;
            let id = arg.get_id().as_str();
            // `--no-OPTION` given last turns the option off, whatever else set it.
            let negation = format!("no_{id}");
            if matches.try_get_one::<bool>(&negation).ok().flatten() == Some(&true) {
                return Some(Setting {
                    name: name.to_owned(),
                    value: "false".into(),
                    source: format!("command line (--no-{name})"),
                });
            }
            let source = matches.try_get_raw(id).ok().flatten().map(|values| {
                let value: Vec<String> = values.map(|v| v.to_string_lossy().into_owned()).collect();
                (value.join(" "), matches.value_source(id))
            });
            let secret = arg.is_hide_env_values_set();
            let (value, source) = match source {
                Some((value, Some(source))) => {
                    let from = match source {
                        ValueSource::CommandLine => "command line".to_owned(),
                        ValueSource::EnvVariable => format!(
                            "environment variable {}",
                            arg.get_env()
                                .map(|e| e.to_string_lossy().into_owned())
                                .unwrap_or_default()
                        ),
                        ValueSource::DefaultValue if applied.injected(id) => {
                            profile_source(applied)
                        }
                        _ => "default".to_owned(),
                    };
                    let value = if secret {
                        "set".to_owned()
                    } else {
                        shown(&value)
                    };
                    (value, from)
                }
                _ => unset(id, applied),
            };
            Some(Setting {
                name: name.to_owned(),
                value,
                source,
            })
        })
        .collect();
    for name in PROXY_VARIABLES {
        if let Some(value) = std::env::var_os(name).filter(|v| !v.is_empty()) {
            settings.push(Setting {
                name: "proxy".into(),
                value: shown(&value.to_string_lossy()),
                source: format!("environment variable {name}"),
            });
        }
    }
    settings
}

/// The proxy variables set, for the rows that connect directly; `None` when none is.
pub(crate) fn proxy_variables() -> Option<String> {
    let set: Vec<&str> = PROXY_VARIABLES
        .iter()
        .filter(|name| !name.eq_ignore_ascii_case("no_proxy"))
        .filter(|name| std::env::var_os(name).is_some_and(|v| !v.is_empty()))
        .copied()
        .collect();
    (!set.is_empty()).then(|| set.join(", "))
}

/// Whether JSON was asked for: `--output json` (or `ndjson`) from anywhere but the
/// built-in default, which is the human table for `cec doctor`.
pub(crate) fn json_asked(matches: &ArgMatches, applied: &Applied, format: Format) -> bool {
    applied.chosen(matches, "output") && matches!(format, Format::Json | Format::Ndjson)
}

fn profile_source(applied: &Applied) -> String {
    let path = applied
        .path
        .as_ref()
        .map(|p| p.display().to_string())
        .unwrap_or_default();
    format!(
        "config profile {} in {path}",
        applied.profile.as_deref().unwrap_or("default")
    )
}

/// The value and source of an option given nowhere: the client's built-in default, or unset.
fn unset(id: &str, applied: &Applied) -> (String, String) {
    let default = |value: String| (value, "default".to_owned());
    match id {
        "timeout" => default(format!(
            "{} s",
            huawei_cec::config::DEFAULT_TIMEOUT.as_secs()
        )),
        "retries" => default(RetryPolicy::default().max_retries.to_string()),
        "deadline" => default("none".into()),
        "max_response_bytes" => {
            default(huawei_cec::transport::DEFAULT_MAX_RESPONSE_BYTES.to_string())
        }
        "signing_profile" => default(SigningProfile::default().to_string()),
        "token_expire" => default(format!(
            "{} s",
            huawei_cec::token::DEFAULT_TOKEN_EXPIRE.as_secs()
        )),
        "config" => match &applied.path {
            Some(path) if applied.read => default(path.display().to_string()),
            Some(path) => default(format!("none ({} does not exist)", path.display())),
            None => default("none".into()),
        },
        _ => ("unset".into(), "unset".into()),
    }
}

/// A value as shown: a URL's password hidden (a proxy URL may hold one), control characters
/// escaped.
fn shown(value: &str) -> String {
    let value = match Url::parse(value) {
        Ok(mut url) if url.password().is_some() => {
            let _ = url.set_password(Some("hidden"));
            url.to_string()
        }
        _ => value.to_owned(),
    };
    crate::output::escape_controls(&value).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn passwords_in_urls_are_hidden() {
        assert_eq!(
            shown("http://user:pass@proxy:3128"),
            "http://user:hidden@proxy:3128/"
        );
        assert_eq!(shown("https://10.0.0.8:28090"), "https://10.0.0.8:28090");
        assert_eq!(shown("a\u{1b}[2J"), "a\\u{1b}[2J");
    }
}
