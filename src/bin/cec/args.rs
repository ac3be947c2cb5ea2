//! The command line: global connection options and the subcommands (clap).

use std::path::PathBuf;

use clap::builder::BoolishValueParser;
use clap::{ArgAction, ArgGroup, Args, CommandFactory, Parser, Subcommand};
use huawei_cec::{Secret, SigningProfile};

use crate::output::Format;
use crate::times;

#[derive(Debug, Parser)]
#[command(
    name = "cec",
    version,
    about = "Query Huawei Cloud CEC outbound-call reports from a terminal"
)]
#[command(
    after_help = "Secrets are best passed in the environment (CEC_SK, CEC_APP_SECRET) rather than \
    as options, which other users of this machine can see in the process list."
)]
pub(crate) struct Cli {
    #[command(flatten)]
    pub(crate) global: Global,
    #[command(flatten)]
    pub(crate) connection: Connection,
    #[command(flatten)]
    pub(crate) recording: Recording,
    #[command(subcommand)]
    pub(crate) command: Command,
}

#[derive(Debug, Subcommand)]
pub(crate) enum Command {
    /// Querying Details About a Single Outbound Call Result (CC-iSales).
    CallResultDetail {
        /// VDN ID, 1 to 9999.
        #[arg(long)]
        vdn_id: u32,
        #[command(flatten)]
        lookup: Lookup,
    },
    /// Querying a Single External Result (CC-iSales).
    ExternalResult {
        /// VDN ID, 1 to 9999.
        #[arg(long)]
        vdn_id: u32,
        /// External result ID.
        #[arg(long)]
        def_id: i64,
    },
    /// Querying CDRs of a Specified Call ID (CC-CMS).
    #[command(group(ArgGroup::new("direction").required(true).args(["inbound", "outbound"])))]
    Cdr {
        /// Call center ID, 1 to 65535.
        #[arg(long)]
        cc_id: u32,
        #[command(flatten)]
        lookup: Lookup,
        /// The call is an inbound call (isCallin true).
        #[arg(long)]
        inbound: bool,
        /// The call is an outbound call (isCallin false).
        #[arg(long)]
        outbound: bool,
    },
    /// Querying Call Result Data: CDRs with satisfaction data (data-process interface).
    CallRecords {
        /// Call center ID.
        #[arg(long)]
        sub_cc_no: String,
        /// Tenant VDN ID (the interface documents no range for it).
        #[arg(long)]
        vdn: u32,
        /// Call ID (or give --begin-date or --end-date).
        #[arg(long)]
        call_id: Option<String>,
        /// Calling number.
        #[arg(long)]
        caller_no: Option<String>,
        /// Called number.
        #[arg(long)]
        callee_no: Option<String>,
        /// Start of the period: epoch milliseconds, RFC 3339, or YYYY-MM-DD (UTC).
        #[arg(long, value_name = "TIME", value_parser = times::start)]
        begin_date: Option<i64>,
        /// End of the period: epoch milliseconds, RFC 3339, or YYYY-MM-DD (UTC; a bare date
        /// means the end of that day).
        #[arg(long, value_name = "TIME", value_parser = times::end)]
        end_date: Option<i64>,
        /// Call type: 0 inbound, 1 outbound, 2 predicted, 3 previewed, 4 preempted, 10
        /// bidirectional, 11 collaborative, 12 click-to-dial.
        #[arg(long, value_name = "N")]
        call_type: Option<String>,
        /// Media type: 2 voice click-to-dial, 5 voice, 18 video click-to-dial, 19 video, 53
        /// multimedia.
        #[arg(long, value_name = "N")]
        media_type: Option<String>,
        /// Satisfaction evaluation value.
        #[arg(long)]
        evaluation_value: Option<String>,
    },
    /// Run the CEC simulator in the foreground, printing its URL and the demo credentials.
    ///
    /// It accepts auth-v2 signatures of every signing profile, unless --signing-profile is
    /// given on its command line: then only that profile (CEC_SIGNING_PROFILE does not
    /// apply to the simulator).
    Simulate {
        /// Serve a recorded cassette instead of the generated data: each request is answered
        /// with the reply recorded for the same request (operation, path, query and body;
        /// masked personal data by its shape), in the order recorded, the last repeating.
        /// Signatures and tokens are still checked, and tokens issued by the simulator. A
        /// request that matches nothing gets HTTP 501 naming the closest recorded request
        /// and how it differs (and a warning on stderr).
        #[arg(long, value_name = "FILE")]
        replay: Option<PathBuf>,
        /// Address to listen on.
        #[arg(long, default_value = "127.0.0.1")]
        bind: std::net::IpAddr,
        /// Port to listen on (0: a free one).
        #[arg(long, default_value_t = 8080)]
        port: u16,
        /// Seed of the generated data.
        #[arg(long, default_value_t = 42)]
        seed: u64,
        /// Latency added to every reply, in milliseconds.
        #[arg(long, default_value_t = 0, value_name = "MS")]
        latency_ms: u64,
        /// Share of requests answered with HTTP 503 (0 to 1).
        #[arg(long, default_value_t = 0.0, value_name = "RATE")]
        error_rate: f64,
        /// Share of requests whose connection is dropped without a reply (0 to 1).
        #[arg(long, default_value_t = 0.0, value_name = "RATE")]
        drop_rate: f64,
        /// Share of replies garbled (0 to 1).
        #[arg(long, default_value_t = 0.0, value_name = "RATE")]
        garble_rate: f64,
        /// Answer every token request with HTTP 403 and nginx's HTML page, as Huawei's
        /// gateway does for a wrong app key or secret, or a caller IP off the allow-list.
        #[arg(long)]
        token_forbidden: bool,
        /// Run the simulator's clock this many seconds ahead (negative: behind): it checks
        /// signatures against that time and sends it in every reply's Date header.
        #[arg(long, default_value_t = 0, value_name = "SECONDS", allow_negative_numbers = true,
              value_parser = clap::value_parser!(i64).range(-864_000..=864_000))]
        clock_offset: i64,
        /// Answer every request with this status (403 or 418) and an HTML page, as Huawei's
        /// web application firewall (CloudWAF) does for a caller IP off the allow-list or a
        /// request sent to an IP address instead of the host name.
        #[arg(long, value_name = "STATUS", value_parser = clap::value_parser!(u16).range(403..=418))]
        waf_block: Option<u16>,
        /// Answer every CC-CMS query with 0100002 "Invalid param, must have parameter:
        /// 'NAME'", as a real CC-CMS does for a parameter it misses.
        #[arg(long, value_name = "NAME")]
        missing_parameter: Option<String>,
    },
    /// Start the simulator in-process and run all five operations through the client.
    Demo {
        /// Print the results as JSON (as --output json does; other --output formats give a
        /// row per operation).
        #[arg(long)]
        json: bool,
        /// Seed of the simulator's data.
        #[arg(long, default_value_t = 42)]
        seed: u64,
    },
    /// Updating the Result of a Reserved Outbound Call (CC-iSales).
    UpdateReservedResult {
        /// VDN ID, 1 to 9999.
        #[arg(long)]
        vdn_id: u32,
        /// ID of the reservation task.
        #[arg(long)]
        appoint_id: String,
        /// Business account of an agent.
        #[arg(long)]
        user_account: Option<String>,
        /// Agent ID (OP independent deployment).
        #[arg(long)]
        work_no: Option<String>,
        /// Calling number.
        #[arg(long)]
        caller_no: Option<String>,
        /// Failure cause code (00000: success).
        #[arg(long)]
        fail_code: Option<String>,
        /// Call record ID.
        #[arg(long)]
        call_id: Option<String>,
        /// Business result ID.
        #[arg(long)]
        busi_result: Option<String>,
        /// Sub-business result ID.
        #[arg(long)]
        busi_sub_status: Option<String>,
        /// Call start time: epoch milliseconds, RFC 3339, or YYYY-MM-DD (UTC).
        #[arg(long, value_name = "TIME", value_parser = times::start)]
        begin_time: Option<i64>,
        /// Call end time: epoch milliseconds, RFC 3339, or YYYY-MM-DD (UTC; a bare date means
        /// the end of that day).
        #[arg(long, value_name = "TIME", value_parser = times::end)]
        end_time: Option<i64>,
    },
    /// Check a new installation, read-only: where each setting comes from; for each server
    /// DNS, TCP, TLS and the certificate, the clock; the token; and which signing profile
    /// the signed servers accept.
    ///
    /// Nothing that changes data is sent: the signing profiles are tried with lookups of a
    /// call ID that cannot exist. Prints a table (or JSON with --output json) and exits 0 when
    /// every configured part works with some profile, else 1.
    ///
    /// With --record FILE: a cassette of the token request and the signing-profile lookups,
    /// safe to attach to a bug report. The clock probe (a GET of the base URL) is not
    /// recorded: it is no operation of the spec, and would make the cassette one that cec
    /// simulate --replay refuses and cec conformance flags; the recorded replies' Date
    /// headers show the server's clock.
    Doctor {
        /// VDN ID for trying the signing profiles on CC-iSales (getCallResultDetail of a call
        /// ID that cannot exist), 1 to 9999. Without it that step is skipped.
        #[arg(long, value_parser = clap::value_parser!(u32).range(1..=9999))]
        vdn_id: Option<u32>,
        /// Call center ID for trying the signing profiles on CC-CMS (a CDR query of a call ID
        /// that cannot exist), 1 to 65535.
        #[arg(long, default_value_t = 1, value_parser = clap::value_parser!(u32).range(1..=65535))]
        cc_id: u32,
    },
    /// Check the replies recorded in a cassette against the spec (embedded in cec).
    ///
    /// For every reply: its HTTP status and Content-Type against those the spec declares for
    /// the operation; its body against the response's schema (keys the spec does not
    /// declare, required keys missing, JSON types, the lenient forms, enumerations); its
    /// result codes against those the pages list; the token reply's token and lifetime.
    /// Each finding names the exchange (seq), the operation, a JSON pointer into the
    /// recorded response, what the spec says and what came: a type and shape, never a
    /// value. Severities: error, warning, note (a value outside an open enumeration, an
    /// unlisted code of an operation whose pages list none: not a difference).
    ///
    /// Prints a table (or --output json|ndjson|csv) and exits 0 when every reply conforms
    /// (notes aside), 1 when one differs, 2 when FILE is not a cassette (saying which line
    /// and what is wrong). It only reads: --record and CEC_RECORD do not apply to it. To
    /// check replies as they come, record with --check instead.
    Conformance {
        /// The cassette (- for standard input).
        #[arg(value_name = "FILE")]
        file: PathBuf,
    },
    /// Print a shell completion script on stdout, e.g. `cec completions bash >
    /// ~/.local/share/bash-completion/completions/cec`.
    Completions {
        /// The shell.
        shell: clap_complete::Shell,
    },
    /// Print the manual page (roff) on stdout, e.g. `cec man | man -l -`.
    Man,
}

/// One call ID, or a file of them for a batch lookup.
#[derive(Debug, Args)]
pub(crate) struct Lookup {
    /// Call ID.
    #[arg(long, required_unless_present = "call_ids_from")]
    pub(crate) call_id: Option<String>,
    /// Look up every call ID in FILE (- for standard input): one ID a line; blank lines and
    /// lines starting with # are skipped. One row per ID, in the file's order, printed as it
    /// comes. A file is checked whole first, then read again as the lookups go (never held).
    #[arg(long, value_name = "FILE", conflicts_with = "call_id")]
    pub(crate) call_ids_from: Option<PathBuf>,
    /// Lookups in flight at once with --call-ids-from (1 to 256), over one connection pool.
    #[arg(long, value_name = "N", default_value_t = 8, requires = "call_ids_from",
          conflicts_with = "call_id", value_parser = clap::value_parser!(u16).range(1..=256))]
    pub(crate) concurrency: u16,
}

/// How to print, and where the settings come from: global options.
#[derive(Debug, Args)]
#[command(next_help_heading = "Output and configuration")]
pub(crate) struct Global {
    /// Output format: json is the reply; ndjson, csv and table give a row per record, result
    /// mapping or looked-up ID (a table shows epoch-millisecond times in UTC).
    #[arg(long, short = 'o', env = "CEC_OUTPUT", global = true, value_enum,
          default_value_t = Format::Json, value_name = "FORMAT")]
    pub(crate) output: Format,
    /// Config file of profiles [default: $XDG_CONFIG_HOME/cec/config.toml, or
    /// ~/.config/cec/config.toml].
    #[arg(long, env = "CEC_CONFIG", global = true, value_name = "FILE")]
    pub(crate) config: Option<PathBuf>,
    /// The profile of the config file to use: its [profiles.NAME] table gives defaults for
    /// the global options (a flag or environment variable wins over it).
    #[arg(
        long,
        env = "CEC_PROFILE",
        global = true,
        value_name = "NAME",
        default_value = "default"
    )]
    pub(crate) profile: String,
}

/// Where the servers are, how to authenticate, and how to talk to them: global options,
/// listed after each command's own options.
#[derive(Debug, Clone, Args)]
#[command(next_help_heading = "Connection options")]
pub(crate) struct Connection {
    /// Base URL of the CC-iSales server, https://ip:port.
    #[arg(long, env = "CEC_ISALES_URL", global = true, value_name = "URL")]
    pub(crate) isales_url: Option<String>,
    /// Base URL of the CC-CMS server (or NSLB address), https://ip:port.
    #[arg(long, env = "CEC_CMS_URL", global = true, value_name = "URL")]
    pub(crate) cms_url: Option<String>,
    /// Base URL of the CEC open platform, https://domain.
    #[arg(long, env = "CEC_APIACCESS_URL", global = true, value_name = "URL")]
    pub(crate) apiaccess_url: Option<String>,
    /// Access key (AK) for CC-iSales and CC-CMS.
    #[arg(long, env = "CEC_AK", global = true)]
    pub(crate) ak: Option<String>,
    /// Secret key (SK) for CC-iSales and CC-CMS.
    #[arg(long, env = "CEC_SK", global = true, hide_env_values = true)]
    pub(crate) sk: Option<Secret>,
    /// App key for the data-process interface's token.
    #[arg(long, env = "CEC_APP_KEY", global = true)]
    pub(crate) app_key: Option<String>,
    /// App secret for the data-process interface's token.
    #[arg(long, env = "CEC_APP_SECRET", global = true, hide_env_values = true)]
    pub(crate) app_secret: Option<Secret>,
    /// PEM file of extra CA certificates to trust (servers with a private CA).
    #[arg(long, env = "CEC_CA_CERT", global = true, value_name = "FILE")]
    pub(crate) ca_cert: Option<PathBuf>,
    /// Time allowed for one attempt, in seconds (default 30).
    #[arg(long, global = true, value_name = "SECONDS")]
    pub(crate) timeout: Option<f64>,
    /// Retries after a failed attempt of a read-only call (default 2; 0 disables).
    #[arg(long, global = true, value_name = "N")]
    pub(crate) retries: Option<u32>,
    /// Time allowed for the whole call, all attempts and waits, in seconds (default none).
    #[arg(long, global = true, value_name = "SECONDS")]
    pub(crate) deadline: Option<f64>,
    /// The most bytes a reply may have (default 64 MiB).
    #[arg(long, global = true, value_name = "BYTES")]
    pub(crate) max_response_bytes: Option<u64>,
    /// Lifetime asked for each data-process token (X-Token-Expire), 1 to 3600 seconds
    /// (default 600).
    #[arg(long, env = "CEC_TOKEN_EXPIRE", global = true, value_name = "SECONDS")]
    pub(crate) token_expire: Option<u64>,
    /// Sent as X-TenantSpaceID with data-process requests (call-records), when the tenant
    /// uses it.
    #[arg(long, env = "CEC_TENANT_SPACE_ID", global = true, value_name = "ID")]
    pub(crate) tenant_space_id: Option<String>,
    /// Accept invalid TLS certificates. Dangerous: only for test servers.
    /// --no-danger-accept-invalid-certs (or =false) turns it off where a config profile
    /// turned it on.
    #[arg(long, global = true, num_args = 0..=1, require_equals = true, value_name = "BOOL",
          default_value_t = false, default_missing_value = "true", action = ArgAction::Set,
          value_parser = BoolishValueParser::new(),
          overrides_with = "no_danger_accept_invalid_certs")]
    danger_accept_invalid_certs: bool,
    /// Turns --danger-accept-invalid-certs off.
    #[arg(
        long,
        global = true,
        hide = true,
        overrides_with = "danger_accept_invalid_certs"
    )]
    no_danger_accept_invalid_certs: bool,
    /// Correct auth-v2 signatures for a server whose clock is off from this machine's (by
    /// its Date header, after its first 401): on by default; --no-clock-skew-correction
    /// (or =false) turns it off.
    #[arg(long, env = "CEC_CLOCK_SKEW_CORRECTION", global = true, num_args = 0..=1,
          require_equals = true, value_name = "BOOL", default_value_t = true,
          default_missing_value = "true", action = ArgAction::Set,
          value_parser = BoolishValueParser::new(),
          overrides_with = "no_clock_skew_correction")]
    clock_skew_correction: bool,
    /// Turns --clock-skew-correction off.
    #[arg(
        long,
        global = true,
        hide = true,
        overrides_with = "clock_skew_correction"
    )]
    no_clock_skew_correction: bool,
    /// How auth-v2 requests are signed: documented (the default), java-demo, or a comma
    /// list of ts=millis|seconds, query-line=keep|omit, headers=standard|host,
    /// host=port|no-port (knobs left out keep their documented value).
    #[arg(
        long,
        env = "CEC_SIGNING_PROFILE",
        global = true,
        value_name = "PROFILE"
    )]
    pub(crate) signing_profile: Option<SigningProfile>,
    /// Print the auth-v2 canonical request and the signing profile of every signed request
    /// on stderr (never the secret key), to compare with what a server expects when it
    /// answers 401. --no-explain-signature (or =false) turns it off.
    #[arg(long, global = true, num_args = 0..=1, require_equals = true, value_name = "BOOL",
          default_value_t = false, default_missing_value = "true", action = ArgAction::Set,
          value_parser = BoolishValueParser::new(), overrides_with = "no_explain_signature")]
    explain_signature: bool,
    /// Turns --explain-signature off.
    #[arg(long, global = true, hide = true, overrides_with = "explain_signature")]
    no_explain_signature: bool,
    /// Where the exchanges are recorded (`--record`), made once for the whole command.
    #[arg(skip)]
    pub(crate) recorder: Option<huawei_cec::Recorder>,
}

impl Connection {
    /// Whether invalid certificates are accepted: `--danger-accept-invalid-certs` (or a
    /// profile's) unless `--no-danger-accept-invalid-certs` came after it.
    pub(crate) fn danger_accept_invalid_certs(&self) -> bool {
        self.danger_accept_invalid_certs && !self.no_danger_accept_invalid_certs
    }

    /// Whether signatures are corrected for clock skew.
    pub(crate) fn clock_skew_correction(&self) -> bool {
        self.clock_skew_correction && !self.no_clock_skew_correction
    }

    /// Whether canonical requests are printed.
    pub(crate) fn explain_signature(&self) -> bool {
        self.explain_signature && !self.no_explain_signature
    }
}

/// The options that turn a boolean option off (`--no-...`): hidden, not profile keys, shown
/// by `cec doctor` as the value of the option they turn off.
pub(crate) fn negation_of(arg: &clap::Arg) -> Option<&str> {
    arg.is_hide_set()
        .then(|| arg.get_id().as_str().strip_prefix("no_"))
        .flatten()
}

/// Recording the exchanges to a cassette: global options, listed last.
#[derive(Debug, Args)]
#[command(next_help_heading = "Recording")]
pub(crate) struct Recording {
    /// Record every exchange with the servers (each attempt, the token requests included)
    /// to FILE, a cassette of JSON lines to attach to a bug report: no secret (SK, app
    /// secret, token, signature), no host name, personal data masked. Replaces a cassette
    /// at FILE, refuses any other file. cec simulate, completions and man make no exchanges;
    /// cec conformance only reads (it never records). See also --check.
    #[arg(long, env = "CEC_RECORD", global = true, value_name = "FILE")]
    pub(crate) record: Option<PathBuf>,
    /// With --record: keep personal data (calling and called numbers, recording links) in
    /// the cassette instead of masking it. The file then holds your customers' phone
    /// numbers: handle it as the contact center's own data.
    /// --no-record-personal-data (or =false) turns it off.
    #[arg(long, global = true, num_args = 0..=1, require_equals = true, value_name = "BOOL",
          default_value_t = false, default_missing_value = "true", action = ArgAction::Set,
          value_parser = BoolishValueParser::new(), overrides_with = "no_record_personal_data")]
    record_personal_data: bool,
    /// Turns --record-personal-data off.
    #[arg(
        long,
        global = true,
        hide = true,
        overrides_with = "record_personal_data"
    )]
    no_record_personal_data: bool,
    /// With --record: check each reply against the spec as it comes, as cec conformance
    /// does, and print the findings on stderr (the command's output is unchanged). The
    /// command then exits 1 if a reply differs from the spec (an error or a warning; notes
    /// aside), unless it failed with its own exit status.
    #[arg(long, global = true)]
    pub(crate) check: bool,
}

impl Recording {
    /// Whether personal data is kept: `--record-personal-data` (or a profile's) unless
    /// `--no-record-personal-data` came after it.
    pub(crate) fn record_personal_data(&self) -> bool {
        self.record_personal_data && !self.no_record_personal_data
    }
}

/// The command line's definition, every environment variable that is set but empty taken
/// as unset (clap alone would take `CEC_APP_KEY=` for an empty app key).
pub(crate) fn command() -> clap::Command {
    unset_empty_variables(Cli::command())
}

fn unset_empty_variables(command: clap::Command) -> clap::Command {
    command
        .mut_args(|arg| {
            let empty = arg
                .get_env()
                .and_then(std::env::var_os)
                .is_some_and(|value| value.is_empty());
            if empty { arg.env(None) } else { arg }
        })
        .mut_subcommands(unset_empty_variables)
}

/// The definition for completions and the manual: no profile applied, and no value of the
/// environment shown (only the variables' names).
pub(crate) fn documented() -> clap::Command {
    fn hide_values(command: clap::Command) -> clap::Command {
        command
            .mut_args(|arg| arg.hide_env_values(true))
            .mut_subcommands(hide_values)
    }
    hide_values(Cli::command())
}

/// Whether an option was given on the command line (not by its environment variable or a
/// config profile), at the top or in the subcommand: `cec simulate` insists on the signing
/// profile only when it is given so.
pub(crate) fn given_on_command_line(matches: &clap::ArgMatches, id: &str) -> bool {
    use clap::parser::ValueSource;
    let given = |m: &clap::ArgMatches| m.value_source(id) == Some(ValueSource::CommandLine);
    given(matches) || matches.subcommand().is_some_and(|(_, m)| given(m))
}

#[cfg(test)]
mod tests {
    use clap::FromArgMatches;

    use super::*;

    #[test]
    fn the_parsed_options_never_show_a_secret() {
        let matches = command()
            .try_get_matches_from([
                "cec",
                "--ak",
                "the-ak",
                "--sk",
                "SK-VALUE-1",
                "--app-key",
                "the-app-key",
                "--app-secret",
                "APP-SECRET-VALUE-2",
                "external-result",
                "--vdn-id",
                "1",
                "--def-id",
                "1",
            ])
            .unwrap();
        let cli = Cli::from_arg_matches(&matches).unwrap();
        let shown = format!("{cli:?} {cli:#?}");
        assert!(shown.contains("the-ak"), "{shown}");
        for secret in ["SK-VALUE-1", "APP-SECRET-VALUE-2"] {
            assert!(!shown.contains(secret), "{secret} in {shown}");
        }
        assert_eq!(
            cli.connection.sk.as_ref().map(Secret::expose),
            Some("SK-VALUE-1")
        );
    }
}
