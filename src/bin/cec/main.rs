//! `cec`: the Huawei CEC client in a terminal.
//!
//! Success prints the decoded reply as JSON on stdout and exits 0. Invalid input (or a
//! missing setting) prints a message on stderr and exits 2 without sending anything. API,
//! transport and authentication errors print the error on stderr and exit 1.

use std::process::ExitCode;
use std::time::Duration;

use huawei_cec::simulator::Faults;
use huawei_cec::{
    CallDirection, CallRecordsRequest, CallType, Error, MediaType, UpdateResultRequest,
};

use args::{Cli, Command};
use connect::epoch_millis;
use output::print;

mod args;
mod connect;
mod demo;
mod output;

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
    let (cli, profile_on_command_line) = args::parse();
    init_logging(cli.connection.explain_signature);
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
    match runtime.block_on(run(cli, profile_on_command_line)) {
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

async fn run(cli: Cli, profile_on_command_line: bool) -> Result<(), Failure> {
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
            let insist = cli
                .connection
                .signing_profile
                .filter(|_| profile_on_command_line);
            return demo::simulate(std::net::SocketAddr::new(bind, port), seed, faults, insist)
                .await;
        }
        Command::Demo { json, seed } => return demo::demo(json, seed).await,
        _ => connect::client(&cli.connection)?,
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
