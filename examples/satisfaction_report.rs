//! Counts satisfaction values of the calls of one day (the data-process interface).
//!
//! ```sh
//! CEC_APIACCESS_URL=https://service.besclouds.com CEC_APP_KEY=.. CEC_APP_SECRET=.. \
//!   cargo run --example satisfaction_report -- 1 8 1658102400000 1658188800000
//! ```

use std::collections::BTreeMap;
use std::process::ExitCode;

use huawei_cec::Client;

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
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [sub_cc_no, vdn, begin, end] = <[String; 4]>::try_from(args)
        .map_err(|_| "usage: satisfaction_report SUB_CC_NO VDN BEGIN_MS END_MS")?;
    let client = Client::builder().from_env()?.build()?;
    let instant = |millis: &str| -> Result<_, Box<dyn std::error::Error>> {
        huawei_cec::times::from_epoch_millis(millis.parse()?)
            .ok_or_else(|| format!("{millis}: not a time").into())
    };
    let reply = client
        .call_records(sub_cc_no, vdn.parse()?)
        .begin_date(instant(&begin)?)
        .end_date(instant(&end)?)
        .await?;
    let mut counts: BTreeMap<String, usize> = BTreeMap::new();
    for record in &reply.results {
        *counts
            .entry(
                record
                    .evaluation_value
                    .clone()
                    .unwrap_or_else(|| "none".into()),
            )
            .or_default() += 1;
    }
    println!(
        "{} calls (server total {:?})",
        reply.results.len(),
        reply.total.map(i64::from)
    );
    for (value, count) in counts {
        println!("  satisfaction {value}: {count}");
    }
    Ok(())
}
