//! The config file: named profiles of defaults for the global options.
//!
//! ```toml
//! [profiles.default]
//! isales-url = "https://10.0.0.8:28090"
//! ak = "my-access-key"
//! output = "table"
//!
//! [profiles.test]
//! isales-url = "http://127.0.0.1:8080"
//! ```
//!
//! The keys of a profile are the long names of the global options (every one but `config`
//! and `profile`, and the hidden `--no-...` that turn a boolean off). Their values become the
//! options' defaults before the command line is parsed, so clap's own precedence applies: a
//! flag, then its environment variable, then the profile; a boolean a profile turns on,
//! `--no-OPTION` or `--OPTION=false` turns off. A path-valued key (`ca-cert`, and any global
//! option whose value is a path) that is relative is taken from the config file's folder,
//! as ssh and git read theirs. A global option added to the command line is a valid key
//! without more code.

use std::ffi::OsString;
use std::io::Read;
use std::path::{Path, PathBuf};

use clap::builder::ValueParser;
use clap::parser::ValueSource;
use clap::{Arg, ArgAction, ArgMatches, Command, ValueHint};

use crate::Failure;

/// Options that say where the profiles are, and so cannot be set by one.
const NOT_KEYS: &[&str] = &["config", "profile"];

/// What [`apply`] took from the config file, for `cec doctor` to tell a profile's value from
/// a built-in default.
#[derive(Debug, Default)]
pub(crate) struct Applied {
    /// The config file looked for (given, or the default place), if there is a place.
    pub(crate) path: Option<PathBuf>,
    /// Whether that file exists and was read.
    pub(crate) read: bool,
    /// The profile whose values became defaults, when the file has it.
    pub(crate) profile: Option<String>,
    /// The argument IDs whose defaults the profile set.
    pub(crate) injected: Vec<String>,
}

impl Applied {
    /// Whether the profile set this argument's default.
    pub(crate) fn injected(&self, id: &str) -> bool {
        self.injected.iter().any(|i| i == id)
    }

    /// Whether the user chose the value of option `id`: on the command line, in the
    /// environment, or in the profile (anything but the built-in default). Global options
    /// are read from the subcommand's matches, where clap propagates them.
    pub(crate) fn chosen(&self, matches: &clap::ArgMatches, id: &str) -> bool {
        innermost(matches).value_source(id) != Some(clap::parser::ValueSource::DefaultValue)
            || self.injected(id)
    }
}

/// The innermost subcommand's matches (global options are propagated to it), or these.
pub(crate) fn innermost(matches: &clap::ArgMatches) -> &clap::ArgMatches {
    match matches.subcommand() {
        Some((_, sub)) => innermost(sub),
        None => matches,
    }
}

/// The command line definition with the selected profile's values as defaults of the global
/// options, and what was taken from where. No config file at the default place is no
/// profile; an explicit `--config` file that cannot be read, or an explicit `--profile` the
/// file lacks, is an error.
pub(crate) fn apply(cmd: Command, args: &[OsString]) -> Result<(Command, Applied), Failure> {
    // A first, forgiving parse finds --config and --profile (or their variables) wherever
    // they are on the line. Help and version requests are left to the real parse.
    let Ok(first) = cmd.clone().ignore_errors(true).try_get_matches_from(args) else {
        return Ok((cmd, Applied::default()));
    };
    let explicit_path = explicit::<PathBuf>(&first, "config");
    let explicit_profile = explicit::<String>(&first, "profile");
    let no_file = |path: Option<&Path>| match &explicit_profile {
        // A profile asked for by name must exist.
        Some(name) => Err(Failure::Usage(format!(
            "no config file{} for the profile {name:?}: give one with --config or CEC_CONFIG",
            path.map(|p| format!(" at {}", p.display()))
                .unwrap_or_default()
        ))),
        None => Ok((
            cmd.clone(),
            Applied {
                path: path.map(Path::to_path_buf),
                ..Applied::default()
            },
        )),
    };
    let Some(path) = explicit_path.clone().or_else(default_path) else {
        return no_file(None);
    };
    let Some(text) = read(&path, explicit_path.is_some())? else {
        return no_file(Some(&path));
    };
    let profiles = profiles(&path, &text)?;
    check_secrets_are_private(&cmd, &path, &profiles)?;
    let name = explicit_profile
        .clone()
        .unwrap_or_else(|| "default".to_owned());
    let mut applied = Applied {
        path: Some(path.clone()),
        read: true,
        ..Applied::default()
    };
    let Some(profile) = profiles.get(&name) else {
        if explicit_profile.is_none() {
            return Ok((cmd, applied));
        }
        let names: Vec<&str> = profiles.keys().map(String::as_str).collect();
        return Err(Failure::Usage(format!(
            "{}: no [profiles.{name}]; the file has {}",
            path.display(),
            if names.is_empty() {
                "no profiles".to_owned()
            } else {
                format!("profiles {}", names.join(", "))
            }
        )));
    };
    let defaults = defaults(&cmd, &path, &name, profile)?;
    applied.profile = Some(name);
    applied.injected = defaults.iter().map(|(id, _)| id.clone()).collect();
    let cmd = defaults.into_iter().fold(cmd, |cmd, (id, value)| {
        // Hidden in help: a profile value is not the program's default, and may be private.
        cmd.mut_arg(id, |arg| {
            let takes_values = arg.get_action().takes_values();
            arg.default_value(value).hide_default_value(takes_values)
        })
    });
    Ok((cmd, applied))
}

/// A value given on the command line or by its environment variable (not a default), from
/// the innermost subcommand that has it.
fn explicit<T: Clone + Send + Sync + 'static>(matches: &ArgMatches, id: &str) -> Option<T> {
    let inner = matches
        .subcommand()
        .and_then(|(_, sub)| explicit::<T>(sub, id));
    let here = match matches.value_source(id) {
        Some(ValueSource::CommandLine | ValueSource::EnvVariable) => {
            matches.try_get_one::<T>(id).ok().flatten().cloned()
        }
        _ => None,
    };
    inner.or(here)
}

/// `$XDG_CONFIG_HOME/cec/config.toml`, or `~/.config/cec/config.toml` when that variable is
/// unset (or not an absolute path, as the XDG base directory specification says).
fn default_path() -> Option<PathBuf> {
    let base = std::env::var_os("XDG_CONFIG_HOME")
        .map(PathBuf::from)
        .filter(|p| p.is_absolute())
        .or_else(|| {
            std::env::var_os("HOME")
                .filter(|h| !h.is_empty())
                .map(|home| PathBuf::from(home).join(".config"))
        })?;
    Some(base.join("cec").join("config.toml"))
}

/// The file's text; `None` when a default file does not exist.
fn read(path: &Path, explicit: bool) -> Result<Option<(String, Option<u32>)>, Failure> {
    let mut file = match std::fs::File::open(path) {
        Ok(file) => file,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound && !explicit => return Ok(None),
        Err(e) => {
            return Err(Failure::Usage(format!(
                "cannot read the config file {}: {e}",
                path.display()
            )));
        }
    };
    let mode = mode(&file);
    let mut text = String::new();
    file.read_to_string(&mut text).map_err(|e| {
        Failure::Usage(format!(
            "cannot read the config file {}: {e}",
            path.display()
        ))
    })?;
    Ok(Some((text, mode)))
}

/// The file's permission bits, where there are such.
fn mode(file: &std::fs::File) -> Option<u32> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        file.metadata()
            .ok()
            .map(|m| m.permissions().mode() & 0o7777)
    }
    #[cfg(not(unix))]
    {
        let _ = file;
        None
    }
}

/// The file's profiles, by name.
type Profiles = std::collections::BTreeMap<String, toml::Table>;

struct Loaded {
    profiles: Profiles,
    mode: Option<u32>,
}

impl std::ops::Deref for Loaded {
    type Target = Profiles;
    fn deref(&self) -> &Profiles {
        &self.profiles
    }
}

fn profiles(path: &Path, (text, mode): &(String, Option<u32>)) -> Result<Loaded, Failure> {
    let shown = path.display();
    let mut top: toml::Table = text
        .parse()
        .map_err(|e: toml::de::Error| Failure::Usage(format!("{shown}: {e}")))?;
    let profiles = top.remove("profiles");
    if !top.is_empty() {
        let unknown: Vec<&str> = top.keys().map(String::as_str).collect();
        return Err(Failure::Usage(format!(
            "{shown}: unknown top-level keys {}; the file holds [profiles.NAME] tables only",
            unknown.join(", ")
        )));
    }
    let profiles = match profiles {
        None => toml::Table::new(),
        Some(toml::Value::Table(profiles)) => profiles,
        Some(_) => {
            return Err(Failure::Usage(format!(
                "{shown}: `profiles` must be tables, [profiles.NAME]"
            )));
        }
    };
    let profiles = profiles
        .into_iter()
        .map(|(name, profile)| match profile {
            toml::Value::Table(table) => Ok((name, table)),
            _ => Err(Failure::Usage(format!(
                "{shown}: profiles.{name} must be a table, [profiles.{name}]"
            ))),
        })
        .collect::<Result<_, _>>()?;
    Ok(Loaded {
        profiles,
        mode: *mode,
    })
}

/// The global options a profile may set, by long name (not the hidden `--no-...`).
fn settable(cmd: &Command) -> Vec<&Arg> {
    cmd.get_arguments()
        .filter(|a| a.is_global_set() && !NOT_KEYS.contains(&a.get_id().as_str()))
        .filter(|a| a.get_long().is_some() && !a.is_hide_set())
        .collect()
}

/// Whether an option is a boolean: a flag, or an option whose value parses to a `bool`.
fn is_boolean(arg: &Arg) -> bool {
    matches!(arg.get_action(), ArgAction::SetTrue | ArgAction::SetFalse)
        || (arg.get_action().takes_values()
            && arg.get_value_parser().type_id() == ValueParser::bool().type_id())
}

/// Whether an option's value is a path (its parser gives a `PathBuf`, or it says so).
fn is_path(arg: &Arg) -> bool {
    arg.get_action().takes_values()
        && matches!(
            arg.get_value_hint(),
            ValueHint::AnyPath | ValueHint::FilePath | ValueHint::DirPath
        )
}

/// A profile's path as the option's value: a relative one is taken from the folder of the
/// config file at `config` (itself as given: relative to the working directory).
fn from_config_folder(config: &Path, value: &str) -> String {
    let path = Path::new(value);
    if path.is_absolute() || value.is_empty() {
        return value.to_owned();
    }
    let folder = config.parent().unwrap_or(Path::new(""));
    folder.join(path).to_string_lossy().into_owned()
}

/// Secrets (options whose environment values help hides: `sk`, `app-secret`) may sit in the
/// file only if neither its group nor others can read it, as ssh requires of private keys.
fn check_secrets_are_private(cmd: &Command, path: &Path, file: &Loaded) -> Result<(), Failure> {
    let secret_keys: Vec<&str> = settable(cmd)
        .into_iter()
        .filter(|a| a.is_hide_env_values_set())
        .filter_map(Arg::get_long)
        .collect();
    let held: Vec<String> = file
        .iter()
        .flat_map(|(name, profile)| {
            secret_keys
                .iter()
                .filter(|k| profile.contains_key(**k))
                .map(move |k| format!("profiles.{name}.{k}"))
        })
        .collect();
    match file.mode {
        Some(mode) if mode & 0o044 != 0 && !held.is_empty() => Err(Failure::Usage(format!(
            "permissions {mode:04o} for '{}' are too open: it holds {}, so it must not be \
             readable by group or others (chmod 600 '{}'), or give the secrets in the \
             environment instead",
            path.display(),
            held.join(", "),
            path.display()
        ))),
        _ => Ok(()),
    }
}

/// The profile's values, checked, as the options' default values by argument ID.
fn defaults(
    cmd: &Command,
    path: &Path,
    name: &str,
    profile: &toml::Table,
) -> Result<Vec<(String, String)>, Failure> {
    let settable = settable(cmd);
    let by_key = |key: &str| settable.iter().find(|a| a.get_long() == Some(key));
    let unknown: Vec<&str> = profile
        .keys()
        .map(String::as_str)
        .filter(|k| by_key(k).is_none())
        .collect();
    let at = |key: &str| format!("{}: [profiles.{name}] {key}", path.display());
    if !unknown.is_empty() {
        let valid: Vec<&str> = settable.iter().filter_map(|a| a.get_long()).collect();
        return Err(Failure::Usage(format!(
            "{}: [profiles.{name}] unknown keys {}; the valid keys are {}",
            path.display(),
            unknown.join(", "),
            valid.join(", ")
        )));
    }
    profile
        .iter()
        .map(|(key, value)| {
            let arg = by_key(key).expect("checked above");
            let flag = is_boolean(arg);
            let text = match value {
                toml::Value::Boolean(b) => b.to_string(),
                _ if flag => {
                    return Err(Failure::Usage(format!("{}: give true or false", at(key))));
                }
                toml::Value::String(s) if is_path(arg) => from_config_folder(path, s),
                toml::Value::String(s) => s.clone(),
                toml::Value::Integer(i) => i.to_string(),
                toml::Value::Float(f) => f.to_string(),
                _ => {
                    return Err(Failure::Usage(format!(
                        "{}: give a string, a number or a boolean",
                        at(key)
                    )));
                }
            };
            if !flag {
                check_value(arg, &text).map_err(|e| Failure::Usage(format!("{}: {e}", at(key))))?;
            }
            Ok((arg.get_id().to_string(), text))
        })
        .collect()
}

/// Runs an option's own value parser on a profile value, so that a bad one is reported as
/// the profile's (clap would name only the option).
fn check_value(arg: &Arg, value: &str) -> Result<(), String> {
    let long = arg.get_long().unwrap_or_default();
    let probe = Arg::new("value")
        .long(long.to_owned())
        .value_name(
            arg.get_value_names()
                .and_then(|n| n.first())
                .map(|n| n.as_str().to_owned())
                .unwrap_or_else(|| "VALUE".to_owned()),
        )
        .action(ArgAction::Set)
        .value_parser(arg.get_value_parser().clone());
    Command::new("cec")
        .no_binary_name(true)
        .arg(probe)
        .try_get_matches_from([format!("--{long}={value}")])
        .map(drop)
        .map_err(|e| {
            // The message and its hints (possible values), without the advice on --help.
            let text = e.to_string();
            let message: Vec<&str> = text
                .lines()
                .take_while(|line| !line.trim().is_empty())
                .map(str::trim)
                .collect();
            let message = message.join(" ");
            message
                .strip_prefix("error: ")
                .unwrap_or(&message)
                .to_owned()
        })
}

#[cfg(test)]
mod tests {
    use clap::Arg;

    use super::*;

    /// A command line like `cec`'s, with a global option the profile code has never heard
    /// of, as another part of the tool may add.
    fn command() -> Command {
        Command::new("cec")
            .arg(Arg::new("config").long("config").global(true))
            .arg(Arg::new("profile").long("profile").global(true))
            .arg(Arg::new("isales_url").long("isales-url").global(true))
            .arg(
                Arg::new("signing_profile")
                    .long("signing-profile")
                    .global(true)
                    .value_parser(["standard", "legacy"]),
            )
            .arg(
                Arg::new("token")
                    .long("token")
                    .env("CEC_TEST_TOKEN")
                    .hide_env_values(true)
                    .global(true),
            )
            .arg(Arg::new("local").long("local"))
    }

    fn table(text: &str) -> toml::Table {
        text.parse().unwrap()
    }

    fn message(failure: Failure) -> String {
        match failure {
            Failure::Usage(message) => message,
            _ => panic!("a usage failure"),
        }
    }

    #[test]
    fn every_global_option_is_a_key_without_more_code() {
        let profile = table("signing-profile = \"legacy\"\nisales-url = \"https://x\"\n");
        let mut defaults = defaults(&command(), Path::new("c.toml"), "p", &profile).unwrap();
        defaults.sort();
        assert_eq!(
            defaults,
            [
                ("isales_url".to_owned(), "https://x".to_owned()),
                ("signing_profile".to_owned(), "legacy".to_owned())
            ]
        );
        let err = defaults_err("signing-profile = \"odd\"");
        assert!(
            err.contains("c.toml: [profiles.p] signing-profile: invalid value 'odd'"),
            "{err}"
        );
        let err = defaults_err("local = 1\nconfig = \"x\"");
        assert!(err.contains("unknown keys config, local"), "{err}");
        assert!(
            err.contains("the valid keys are isales-url, signing-profile, token"),
            "{err}"
        );
    }

    fn defaults_err(text: &str) -> String {
        message(defaults(&command(), Path::new("c.toml"), "p", &table(text)).unwrap_err())
    }

    #[test]
    fn apply_reports_the_file_the_profile_and_the_options_it_set() {
        let dir = std::env::temp_dir().join(format!("cec-applied-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("config.toml");
        std::fs::write(&path, "[profiles.p]\nisales-url = \"https://x\"\n").unwrap();
        let cmd = command().mut_arg("config", |a| a.value_parser(clap::value_parser!(PathBuf)));
        let args: Vec<OsString> = ["cec", "--config", path.to_str().unwrap(), "--profile", "p"]
            .iter()
            .map(OsString::from)
            .collect();
        let (cmd, applied) = apply(cmd, &args).unwrap();
        assert_eq!(applied.path.as_deref(), Some(path.as_path()));
        assert!(applied.read);
        assert_eq!(applied.profile.as_deref(), Some("p"));
        assert!(applied.injected("isales_url") && !applied.injected("signing_profile"));
        let matches = cmd.try_get_matches_from(&args).unwrap();
        assert_eq!(
            matches.value_source("isales_url"),
            Some(ValueSource::DefaultValue),
            "a profile value is a default to clap: only `applied` tells it apart"
        );

        let args: Vec<OsString> = ["cec", "--config", "/nonexistent/cec.toml"]
            .iter()
            .map(OsString::from)
            .collect();
        let cmd = command().mut_arg("config", |a| a.value_parser(clap::value_parser!(PathBuf)));
        assert!(apply(cmd, &args).is_err(), "an explicit file must exist");
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn options_that_hide_their_values_are_secrets() {
        let loaded = |mode| Loaded {
            profiles: [("p".to_owned(), table("token = \"t\""))].into(),
            mode: Some(mode),
        };
        let path = Path::new("c.toml");
        let err = message(check_secrets_are_private(&command(), path, &loaded(0o640)).unwrap_err());
        assert!(
            err.contains("permissions 0640 for 'c.toml'") && err.contains("profiles.p.token"),
            "{err}"
        );
        assert!(check_secrets_are_private(&command(), path, &loaded(0o600)).is_ok());
        assert!(check_secrets_are_private(&command(), path, &loaded(0o700)).is_ok());
    }
}
