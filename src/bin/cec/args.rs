//! The command line: global connection options and the subcommands (clap).

use std::path::PathBuf;

use clap::{ArgGroup, Args, Parser, Subcommand};
use huawei_cec::SigningProfile;

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
    pub(crate) connection: Connection,
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
        /// Call record ID.
        #[arg(long)]
        call_id: String,
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
        /// Call ID.
        #[arg(long)]
        call_id: String,
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
        /// Tenant VDN ID.
        #[arg(long)]
        vdn: String,
        /// Call ID (or give --begin-date or --end-date).
        #[arg(long)]
        call_id: Option<String>,
        /// Calling number.
        #[arg(long)]
        caller_no: Option<String>,
        /// Called number.
        #[arg(long)]
        callee_no: Option<String>,
        /// Start of the period, epoch milliseconds.
        #[arg(long, value_name = "MS")]
        begin_date: Option<String>,
        /// End of the period, epoch milliseconds.
        #[arg(long, value_name = "MS")]
        end_date: Option<String>,
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
    },
    /// Start the simulator in-process and run all five operations through the client.
    Demo {
        /// Print the results as JSON.
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
        /// Call start time, epoch milliseconds.
        #[arg(long, value_name = "MS")]
        begin_time: Option<i64>,
        /// Call end time, epoch milliseconds.
        #[arg(long, value_name = "MS")]
        end_time: Option<i64>,
    },
}

/// Where the servers are, how to authenticate, and how to talk to them: global options,
/// listed after each command's own options.
#[derive(Debug, Args)]
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
    pub(crate) sk: Option<String>,
    /// App key for the data-process interface's token.
    #[arg(long, env = "CEC_APP_KEY", global = true)]
    pub(crate) app_key: Option<String>,
    /// App secret for the data-process interface's token.
    #[arg(long, env = "CEC_APP_SECRET", global = true, hide_env_values = true)]
    pub(crate) app_secret: Option<String>,
    /// PEM file of extra CA certificates to trust (servers with a private CA).
    #[arg(long, env = "CEC_CA_CERT", global = true, value_name = "FILE")]
    pub(crate) ca_cert: Option<PathBuf>,
    /// Time allowed for one attempt, in seconds (default 30).
    #[arg(long, global = true, value_name = "SECONDS")]
    pub(crate) timeout: Option<f64>,
    /// Retries after a failed attempt of a read-only call (default 2; 0 disables).
    #[arg(long, global = true, value_name = "N")]
    pub(crate) retries: Option<u32>,
    /// Accept invalid TLS certificates. Dangerous: only for test servers.
    #[arg(long, global = true)]
    pub(crate) danger_accept_invalid_certs: bool,
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
    /// answers 401.
    #[arg(long, global = true)]
    pub(crate) explain_signature: bool,
}

/// The command line, and whether `--signing-profile` was given on it (rather than taken
/// from `CEC_SIGNING_PROFILE`): only then does `cec simulate` insist on the profile.
pub(crate) fn parse() -> (Cli, bool) {
    use clap::parser::ValueSource;
    use clap::{CommandFactory, FromArgMatches};

    let matches = Cli::command().get_matches();
    let given =
        |m: &clap::ArgMatches| m.value_source("signing_profile") == Some(ValueSource::CommandLine);
    let on_command_line = given(&matches) || matches.subcommand().is_some_and(|(_, m)| given(m));
    let cli = Cli::from_arg_matches(&matches).unwrap_or_else(|e| e.exit());
    (cli, on_command_line)
}
