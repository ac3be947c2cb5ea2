//! Looks up the result of one outbound call and its CDR.
//!
//! ```sh
//! CEC_ISALES_URL=https://10.0.0.8:28090 CEC_CMS_URL=https://10.0.0.9:28443 CEC_AK=.. CEC_SK=.. \
//!   cargo run --example call_result_detail -- 8 1644464743-1388 1
//! ```

use std::process::ExitCode;

use huawei_cec::{CallDirection, Client};

#[tokio::main(flavor = "current_thread")]
async fn main() -> ExitCode {
    match run().await {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}

async fn run() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let vdn_id: u32 = args.next().unwrap_or_else(|| "8".into()).parse()?;
    let call_id = args.next().unwrap_or_else(|| "1644464743-1388".into());
    let cc_id: u32 = args.next().unwrap_or_else(|| "1".into()).parse()?;

    let client = Client::builder().from_env()?.build()?;
    let data = client.call_result_detail(vdn_id, &call_id).await?;
    println!(
        "call {call_id}: {} (failure code {}, external result {})",
        data.call_status
            .map(|s| s.to_string())
            .unwrap_or_else(|| "unknown".into()),
        data.fail_code.unwrap_or_default(),
        data.result_code.unwrap_or_default(),
    );
    let record = client.cdr(cc_id, &call_id, CallDirection::Outbound).await?;
    println!(
        "rang {:?} s, talked {:?} s, agent {:?}",
        record.ack_time, record.call_time, record.agent_id
    );
    Ok(())
}
