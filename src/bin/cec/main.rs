//! `cec`: the Huawei CEC client in a terminal.
//!
//! Success prints the reply on stdout (JSON, or rows as NDJSON, CSV or a table: see
//! `--output`) and exits 0. Invalid input (or a missing setting) prints a message on stderr
//! and exits 2 without sending anything. API, transport and authentication errors print the
//! error on stderr and exit 1; so does a batch lookup of which any ID failed.

use std::ffi::OsString;
use std::io::{IsTerminal as _, Write as _};
use std::process::ExitCode;
use std::time::Duration;

use clap::FromArgMatches;
use huawei_cec::simulator::Faults;
use huawei_cec::{CallDirection, CallType, Error, MediaType};

use args::{Cli, Command, Lookup};
use replies::{Wrapper, wrapped};
use rows::Shape;

mod args;
mod batch;
mod conformance;
mod connect;
mod demo;
mod doctor;
mod output;
mod profile_config;
mod recording;
mod replies;
mod rows;
mod terminal;
mod times;

/// How the command ended.
#[derive(Debug)]
pub(crate) enum Failure {
    /// Bad input or settings: nothing was sent. Exit 2.
    Usage(String),
    /// The call failed. Exit 1.
    Call(Error),
    /// Stdout could not be written. A closed pipe (`| head`) ends quietly; else exit 1.
    Output(std::io::Error),
    /// Already said on stderr; exit with this status.
    Reported(u8),
}

impl From<Error> for Failure {
    fn from(e: Error) -> Self {
        // Caught before anything was sent: the input, or a setting that is missing.
        if e.is_invalid_input() || matches!(e, Error::Config { .. }) {
            Self::Usage(e.to_string())
        } else {
            Self::Call(e)
        }
    }
}

fn main() -> ExitCode {
    let args: Vec<OsString> = std::env::args_os().collect();
    let (command, applied) = match profile_config::apply(args::command(), &args) {
        Ok(applied) => applied,
        Err(failure) => return exit(failure),
    };
    let matches = command
        .try_get_matches_from(&args)
        .unwrap_or_else(|e| e.exit());
    let profile_on_command_line = args::given_on_command_line(&matches, "signing_profile");
    let mut cli = Cli::from_arg_matches(&matches).unwrap_or_else(|e| e.exit());
    init_logging(cli.connection.explain_signature());
    let recorder = match recording::start(&cli, &matches) {
        Ok(recorder) => recorder,
        Err(failure) => return exit(failure),
    };
    cli.connection.recorder = recorder.clone();
    let runtime = match tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime,
        Err(e) => {
            report(format_args!("cannot start the async runtime: {e}"));
            return ExitCode::FAILURE;
        }
    };
    let given = Given {
        matches: &matches,
        applied: &applied,
        profile_on_command_line,
    };
    let result = runtime.block_on(run(cli, given));
    match recording::finish(recorder.as_ref(), result) {
        Ok(()) => ExitCode::SUCCESS,
        Err(failure) => exit(failure),
    }
}

/// Writes `error: {message}` on stderr; a closed stderr is ignored (never a panic).
fn report(message: std::fmt::Arguments) {
    let _ = writeln!(std::io::stderr().lock(), "error: {message}");
}

fn exit(failure: Failure) -> ExitCode {
    match failure {
        Failure::Usage(message) => {
            report(format_args!("{message}"));
            ExitCode::from(2)
        }
        Failure::Call(error) => {
            report(format_args!("{error}"));
            ExitCode::FAILURE
        }
        Failure::Output(e) if e.kind() == std::io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
        Failure::Output(e) => {
            report(format_args!("cannot write the output: {e}"));
            ExitCode::FAILURE
        }
        Failure::Reported(code) => ExitCode::from(code),
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
    // Colours only on a terminal: a log file or a pipe gets plain text.
    tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_ansi(std::io::stderr().is_terminal())
        .with_writer(std::io::stderr)
        .with_target(false)
        .init();
}

/// How the settings were given: the parsed command line and what the config file set.
struct Given<'a> {
    matches: &'a clap::ArgMatches,
    applied: &'a profile_config::Applied,
    profile_on_command_line: bool,
}

async fn run(cli: Cli, given: Given<'_>) -> Result<(), Failure> {
    let format = cli.global.output;
    let client = match cli.command {
        Command::Simulate {
            replay,
            bind,
            port,
            seed,
            latency_ms,
            error_rate,
            drop_rate,
            garble_rate,
            token_forbidden,
            clock_offset,
            waf_block,
            missing_parameter,
        } => {
            if waf_block.is_some_and(|s| !matches!(s, 403 | 418)) {
                return Err(Failure::Usage(
                    "--waf-block: give 403 or 418, the statuses of Huawei's firewall".into(),
                ));
            }
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
            let faults = Faults::default()
                .with_latency(Duration::from_millis(latency_ms))
                .with_error_rate(error_rate)
                .with_drop_rate(drop_rate)
                .with_garble_rate(garble_rate)
                .with_token_forbidden(token_forbidden)
                .with_clock_offset(chrono::Duration::seconds(clock_offset))
                .with_waf_block(waf_block)
                .with_missing_parameter(missing_parameter);
            let insist = cli
                .connection
                .signing_profile
                .filter(|_| given.profile_on_command_line);
            let serve = demo::Serve {
                addr: std::net::SocketAddr::new(bind, port),
                seed,
                faults,
                signing_profile: insist,
                replay,
            };
            return demo::simulate(serve).await;
        }
        Command::Demo { json, seed } => {
            // Text unless a format is asked for: --json, or --output from anywhere but its
            // default.
            let format = if json {
                Some(output::Format::Json)
            } else {
                given
                    .applied
                    .chosen(given.matches, "output")
                    .then_some(cli.global.output)
            };
            return demo::demo(format, seed, cli.connection.recorder).await;
        }
        Command::Doctor { vdn_id, cc_id } => {
            let request = doctor::Request {
                connection: &cli.connection,
                vdn_id,
                cc_id,
                matches: given.matches,
                applied: given.applied,
            };
            return doctor::run(request, format).await;
        }
        Command::Conformance { file } => {
            let chosen = given.applied.chosen(given.matches, "output");
            return conformance::run(&file, format, chosen);
        }
        Command::Completions { shell } => {
            let mut out = Vec::new();
            clap_complete::generate(shell, &mut args::documented(), "cec", &mut out);
            return write_stdout(&out);
        }
        Command::Man => {
            let mut out = Vec::new();
            clap_mangen::Man::new(args::documented())
                .render(&mut out)
                .map_err(Failure::Output)?;
            return write_stdout(&out);
        }
        _ => connect::client(&cli.connection)?,
    };
    match cli.command {
        // Served above.
        Command::Simulate { .. }
        | Command::Demo { .. }
        | Command::Doctor { .. }
        | Command::Conformance { .. }
        | Command::Completions { .. }
        | Command::Man => Ok(()),
        Command::CallResultDetail { vdn_id, lookup } => match lookup {
            Lookup {
                call_ids_from: Some(file),
                concurrency,
                ..
            } => {
                let query = batch::Query::CallResultDetail { vdn_id };
                batch::run(&client, query, &file, concurrency, format).await
            }
            Lookup { call_id, .. } => {
                let call_id = call_id.unwrap_or_default();
                let (detail, metadata) = client
                    .call_result_detail(vdn_id, call_id)
                    .send_with_metadata()
                    .await?;
                let reply = wrapped(Wrapper::CallResultDetail, detail, &metadata)?;
                output::reply(format, Shape::CallResultDetail, reply)
            }
        },
        Command::ExternalResult { vdn_id, def_id } => {
            let (result, metadata) = client
                .external_result(vdn_id, def_id)
                .send_with_metadata()
                .await?;
            let reply = wrapped(Wrapper::ExternalResult, result, &metadata)?;
            output::reply(format, Shape::ExternalResult, reply)
        }
        Command::Cdr {
            cc_id,
            lookup,
            inbound,
            ..
        } => {
            let direction = if inbound {
                CallDirection::Inbound
            } else {
                CallDirection::Outbound
            };
            match lookup {
                Lookup {
                    call_ids_from: Some(file),
                    concurrency,
                    ..
                } => {
                    let query = batch::Query::Cdr { cc_id, direction };
                    batch::run(&client, query, &file, concurrency, format).await
                }
                Lookup { call_id, .. } => {
                    let call_id = call_id.unwrap_or_default();
                    let (cdr, metadata) = client
                        .cdr(cc_id, call_id, direction)
                        .send_with_metadata()
                        .await?;
                    let reply = wrapped(Wrapper::Cdr, cdr, &metadata)?;
                    output::reply(format, Shape::Cdr, reply)
                }
            }
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
            let reply = client
                .call_records(sub_cc_no, vdn)
                .set_call_id(call_id)
                .set_caller_no(caller_no)
                .set_callee_no(callee_no)
                .set_begin_date(begin_date.map(instant).transpose()?)
                .set_end_date(end_date.map(instant).transpose()?)
                .set_call_type(call_type.map(CallType::from))
                .set_media_type(media_type.map(MediaType::from))
                .set_evaluation_value(evaluation_value)
                .await?;
            output::reply(format, Shape::CallRecords, reply)
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
            let ((), metadata) = client
                .update_reserved_result(vdn_id, appoint_id)
                .set_user_account(user_account)
                .set_work_no(work_no)
                .set_caller_no(caller_no)
                .set_fail_code(fail_code)
                .set_call_id(call_id)
                .set_busi_result(busi_result)
                .set_busi_sub_status(busi_sub_status)
                .set_begin_time(begin_time.map(instant).transpose()?)
                .set_end_time(end_time.map(instant).transpose()?)
                .send_with_metadata()
                .await?;
            // The reply has no payload: its result code and description say it was applied.
            let reply = wrapped(Wrapper::Update, (), &metadata)?;
            output::reply(format, Shape::UpdateReservedResult, reply)
        }
    }
}

/// A time option's epoch milliseconds (checked by its parser) as the instant the client
/// takes.
fn instant(millis: i64) -> Result<chrono::DateTime<chrono::Utc>, Failure> {
    huawei_cec::times::from_epoch_millis(millis)
        .ok_or_else(|| Failure::Usage(format!("time {millis}: beyond the representable range")))
}

fn write_stdout(bytes: &[u8]) -> Result<(), Failure> {
    let mut out = std::io::stdout().lock();
    out.write_all(bytes)
        .and_then(|()| out.flush())
        .map_err(Failure::Output)
}
