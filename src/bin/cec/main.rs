//! `cec`: the Huawei CEC client in a terminal.
//!
//! Success prints the decoded reply as JSON on stdout and exits 0. Invalid input (or a
//! missing setting) prints a message on stderr and exits 2 without sending anything. API,
//! transport and authentication errors print the error on stderr and exit 1.

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

use clap::{ArgGroup, Parser, Subcommand};
use huawei_cec::simulator::Faults;
use huawei_cec::{
    AkSk, AppCredentials, CallDirection, CallRecordsRequest, CallType, Client, EpochMillisString,
    Error, MediaType, RetryPolicy, UpdateResultRequest,
};
use serde::Serialize;

mod demo;

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
struct Cli {
    /// Base URL of the CC-iSales server, https://ip:port.
    #[arg(long, env = "CEC_ISALES_URL", global = true, value_name = "URL")]
    isales_url: Option<String>,
    /// Base URL of the CC-CMS server (or NSLB address), https://ip:port.
    #[arg(long, env = "CEC_CMS_URL", global = true, value_name = "URL")]
    cms_url: Option<String>,
    /// Base URL of the CEC open platform, https://domain.
    #[arg(long, env = "CEC_APIACCESS_URL", global = true, value_name = "URL")]
    apiaccess_url: Option<String>,
    /// Access key (AK) for CC-iSales and CC-CMS.
    #[arg(long, env = "CEC_AK", global = true)]
    ak: Option<String>,
    /// Secret key (SK) for CC-iSales and CC-CMS.
    #[arg(long, env = "CEC_SK", global = true, hide_env_values = true)]
    sk: Option<String>,
    /// App key for the data-process interface's token.
    #[arg(long, env = "CEC_APP_KEY", global = true)]
    app_key: Option<String>,
    /// App secret for the data-process interface's token.
    #[arg(long, env = "CEC_APP_SECRET", global = true, hide_env_values = true)]
    app_secret: Option<String>,
    /// PEM file of extra CA certificates to trust (servers with a private CA).
    #[arg(long, env = "CEC_CA_CERT", global = true, value_name = "FILE")]
    ca_cert: Option<PathBuf>,
    /// Time allowed for one attempt, in seconds (default 30).
    #[arg(long, global = true, value_name = "SECONDS")]
    timeout: Option<f64>,
    /// Retries after a failed attempt of a read-only call (default 2; 0 disables).
    #[arg(long, global = true, value_name = "N")]
    retries: Option<u32>,
    /// Accept invalid TLS certificates. Dangerous: only for test servers.
    #[arg(long, global = true)]
    danger_accept_invalid_certs: bool,
    /// Print the auth-v2 canonical request of every signed request on stderr (never the
    /// secret key), to compare with what a server expects when it answers 401.
    #[arg(long, global = true)]
    explain_signature: bool,
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
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

/// How the command ended.
pub(crate) enum Failure {
    /// Bad input or settings: nothing was sent. Exit 2.
    Usage(String),
    /// The call failed. Exit 1.
    Call(Error),
}

impl From<Error> for Failure {
    fn from(e: Error) -> Self {
        if e.is_invalid_input() {
            Self::Usage(e.to_string())
        } else {
            Self::Call(e)
        }
    }
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    init_logging(cli.explain_signature);
    let runtime = match tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime,
        Err(e) => {
            eprintln!("error: cannot start the async runtime: {e}");
            return ExitCode::FAILURE;
        }
    };
    match runtime.block_on(run(cli)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(Failure::Usage(message)) => {
            eprintln!("error: {message}");
            ExitCode::from(2)
        }
        Err(Failure::Call(error)) => {
            eprintln!("error: {error}");
            ExitCode::FAILURE
        }
    }
}

fn init_logging(explain_signature: bool) {
    let mut filter = tracing_subscriber::EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("warn"));
    if explain_signature {
        filter = filter.add_directive(
            "huawei_cec::signing=debug"
                .parse()
                .expect("a valid directive"),
        );
    }
    tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .with_target(false)
        .init();
}

fn client(cli: &Cli) -> Result<Client, Failure> {
    let mut builder = Client::builder();
    if let Some(url) = &cli.isales_url {
        builder = builder.isales_url(url);
    }
    if let Some(url) = &cli.cms_url {
        builder = builder.cms_url(url);
    }
    if let Some(url) = &cli.apiaccess_url {
        builder = builder.apiaccess_url(url);
    }
    match (&cli.ak, &cli.sk) {
        (Some(ak), Some(sk)) => builder = builder.ak_sk(AkSk::new(ak, sk)),
        (None, None) => {}
        _ => {
            return Err(Failure::Usage(
                "give both --ak and --sk (or CEC_AK and CEC_SK)".into(),
            ));
        }
    }
    match (&cli.app_key, &cli.app_secret) {
        (Some(key), Some(secret)) => {
            builder = builder.app_credentials(AppCredentials::new(key, secret))
        }
        (None, None) => {}
        _ => {
            return Err(Failure::Usage(
                "give both --app-key and --app-secret (or CEC_APP_KEY and CEC_APP_SECRET)".into(),
            ));
        }
    }
    if let Some(path) = &cli.ca_cert {
        builder = builder.root_certificate_file(path)?;
    }
    if let Some(seconds) = cli.timeout {
        if !(seconds.is_finite() && seconds > 0.0 && seconds <= 86_400.0) {
            return Err(Failure::Usage(format!(
                "--timeout {seconds}: give a number of seconds above 0, at most 86400"
            )));
        }
        builder = builder.timeout(Duration::from_secs_f64(seconds));
    }
    if let Some(retries) = cli.retries {
        builder = builder.retry_policy(RetryPolicy {
            max_retries: retries,
            ..RetryPolicy::default()
        });
    }
    Ok(builder
        .danger_accept_invalid_certificates(cli.danger_accept_invalid_certs)
        .build()?)
}

fn epoch_millis(option: &str, value: Option<String>) -> Result<Option<EpochMillisString>, Failure> {
    value
        .map(|v| {
            v.parse().map_err(|_| {
                Failure::Usage(format!(
                    "{option} {v:?}: give a time as epoch milliseconds, 1 to 13 digits"
                ))
            })
        })
        .transpose()
}

pub(crate) fn print(value: &impl Serialize) -> Result<(), Failure> {
    let json = serde_json::to_string_pretty(value)
        .map_err(|e| Failure::Usage(format!("cannot print the reply: {e}")))?;
    println!("{json}");
    Ok(())
}

async fn run(cli: Cli) -> Result<(), Failure> {
    let client = match cli.command {
        Command::Simulate {
            bind,
            port,
            seed,
            latency_ms,
            error_rate,
            drop_rate,
            garble_rate,
        } => {
            for (option, rate) in [
                ("--error-rate", error_rate),
                ("--drop-rate", drop_rate),
                ("--garble-rate", garble_rate),
            ] {
                if !(0.0..=1.0).contains(&rate) {
                    return Err(Failure::Usage(format!(
                        "{option} {rate}: give a share from 0 to 1"
                    )));
                }
            }
            let faults = Faults {
                latency: Duration::from_millis(latency_ms),
                error_rate,
                drop_rate,
                garble_rate,
                ..Faults::default()
            };
            return demo::simulate(std::net::SocketAddr::new(bind, port), seed, faults).await;
        }
        Command::Demo { json, seed } => return demo::demo(json, seed).await,
        _ => client(&cli)?,
    };
    match cli.command {
        // Served above.
        Command::Simulate { .. } | Command::Demo { .. } => Ok(()),
        Command::CallResultDetail { vdn_id, call_id } => {
            print(&client.call_result_detail(vdn_id, &call_id).await?)
        }
        Command::ExternalResult { vdn_id, def_id } => {
            print(&client.external_result(vdn_id, def_id).await?)
        }
        Command::Cdr {
            cc_id,
            call_id,
            inbound,
            ..
        } => {
            let direction = if inbound {
                CallDirection::Inbound
            } else {
                CallDirection::Outbound
            };
            print(&client.cdr(cc_id, &call_id, direction).await?)
        }
        Command::CallRecords {
            sub_cc_no,
            vdn,
            call_id,
            caller_no,
            callee_no,
            begin_date,
            end_date,
            call_type,
            media_type,
            evaluation_value,
        } => {
            let request: CallRecordsRequest = CallRecordsRequest::builder()
                .sub_cc_no(sub_cc_no)
                .vdn(vdn)
                .call_id(call_id)
                .caller_no(caller_no)
                .callee_no(callee_no)
                .begin_date(epoch_millis("--begin-date", begin_date)?)
                .end_date(epoch_millis("--end-date", end_date)?)
                .call_type(call_type.map(CallType::from))
                .media_type(media_type.map(MediaType::from))
                .evaluation_value(evaluation_value)
                .try_into()
                .map_err(|_| Failure::Usage("invalid subCcNo/vdn (--sub-cc-no, --vdn): is empty; both are required (nothing was sent)".into()))?;
            print(&client.call_records(&request).await?)
        }
        Command::UpdateReservedResult {
            vdn_id,
            appoint_id,
            user_account,
            work_no,
            caller_no,
            fail_code,
            call_id,
            busi_result,
            busi_sub_status,
            begin_time,
            end_time,
        } => {
            let request: UpdateResultRequest = UpdateResultRequest::builder()
                .appoint_id(appoint_id)
                .user_account(user_account)
                .work_no(work_no)
                .caller_no(caller_no)
                .fail_code(fail_code)
                .call_id(call_id)
                .busi_result(busi_result)
                .busi_sub_status(busi_sub_status)
                .begin_time(begin_time)
                .end_time(end_time)
                .try_into()
                .map_err(|_| Failure::Usage("invalid appointId (--appoint-id): is empty; the ID of a reservation task is required (nothing was sent)".into()))?;
            print(&client.update_reserved_result(vdn_id, &request).await?)
        }
    }
}
