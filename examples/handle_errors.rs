//! Tells apart the kinds of failure a call can end in; exits 1 on any failure.
//!
//! ```sh
//! CEC_ISALES_URL=https://10.0.0.8:28090 CEC_AK=.. CEC_SK=.. cargo run --example handle_errors -- 8 no-such-call
//! ```

use std::process::ExitCode;

use huawei_cec::{Client, Error, ResultCode};

#[tokio::main(flavor = "current_thread")]
async fn main() -> ExitCode {
    let mut args = std::env::args().skip(1);
    let vdn_id: u32 = args.next().and_then(|v| v.parse().ok()).unwrap_or(8);
    let call_id = args.next().unwrap_or_else(|| "no-such-call".into());
    let client = match Client::builder().from_env().and_then(|b| b.build()) {
        Ok(client) => client,
        Err(e) => {
            eprintln!("cannot configure the client: {e}");
            return ExitCode::FAILURE;
        }
    };
    match client.call_result_detail(vdn_id, &call_id).await {
        Ok(detail) => {
            println!("{detail:?}");
            return ExitCode::SUCCESS;
        }
        Err(Error::Api {
            code: ResultCode::CallIdNotFound,
            ..
        }) => eprintln!("{call_id}: no such call"),
        Err(e @ Error::InvalidInput { .. }) => eprintln!("fix the input: {e}"),
        Err(e @ Error::Unauthorized { .. }) => eprintln!("check credentials and clock: {e}"),
        Err(e @ Error::OutcomeUnknown { .. }) => eprintln!("check before trying again: {e}"),
        Err(e) if e.is_retryable() => eprintln!("transient, try again later: {e}"),
        // The request ID the server gave the reply, for a support ticket.
        Err(e) => eprintln!("failed: {e} (request ID {:?})", e.request_id()),
    }
    ExitCode::FAILURE
}
