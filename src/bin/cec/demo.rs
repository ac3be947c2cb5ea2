//! `cec simulate` and `cec demo`: the simulator in the foreground, and a tour of the five
//! operations through the real client against an in-process simulator.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::net::SocketAddr;
use std::path::PathBuf;

use huawei_cec::SigningProfile;
use huawei_cec::simulator::{Faults, Replay, Replayed, RunningSimulator, Simulator};
use huawei_cec::{CallDirection, Client};
use serde_json::{Value, json};

use crate::Failure;
use crate::output::{Format, RowWriter, print_text};
use crate::rows::{Column, Row};

fn io_failure(what: &str, e: std::io::Error) -> Failure {
    Failure::Usage(format!("{what}: {e}"))
}

/// What `cec simulate` serves.
pub struct Serve {
    pub addr: SocketAddr,
    pub seed: u64,
    pub faults: Faults,
    pub signing_profile: Option<SigningProfile>,
    /// A cassette to replay instead of the generated data.
    pub replay: Option<PathBuf>,
}

/// Runs the simulator until Ctrl-C.
pub async fn simulate(serve: Serve) -> Result<(), Failure> {
    let Serve {
        addr,
        seed,
        faults,
        signing_profile,
        replay,
    } = serve;
    let mut builder = Simulator::builder()
        .bind(addr)
        .seed(seed)
        .faults(faults.clone());
    if let Some(profile) = signing_profile {
        builder = builder.signing_profile(profile);
    }
    let mut serving = None;
    if let Some(file) = &replay {
        let loaded = Replay::from_path(file)
            .map_err(|e| Failure::Usage(format!("{}: {e} (cannot be replayed)", file.display())))?;
        serving = Some(format!(
            "replaying {}: {} recorded replies to {} requests",
            file.display(),
            loaded.replies(),
            loaded.requests()
        ));
        builder = builder.replay(loaded);
    }
    let sim = builder
        .start()
        .await
        .map_err(|e| io_failure(&format!("cannot listen on {addr}"), e))?;
    let url = sim.url();
    let c = sim.credentials();
    let serving = serving
        .unwrap_or_else(|| format!("seed {seed}, {} calls", sim.with_data(|d| d.calls.len())));
    let mut out = format!(
        "CEC simulator listening on {url} ({serving})\n  \
         CC-iSales, CC-CMS and CEC open platform base URL: {url}\n  \
         demo credentials: AK {} SK {} app key {} app secret {}\n",
        c.access_key, c.secret_key, c.app_key, c.app_secret
    );
    let _ = match signing_profile {
        Some(profile) => writeln!(
            out,
            "  auth-v2: only the signing profile {profile:#} is accepted"
        ),
        None => writeln!(out, "  auth-v2: every signing profile is accepted"),
    };
    if faults != Faults::default() {
        let _ = writeln!(out, "  faults: {faults:?}");
    }
    let examples = if replay.is_some() {
        "  (then the commands of the recorded session)\n"
    } else {
        "  cec call-result-detail --vdn-id 8 --call-id 1644464743-1388\n  \
         cec cdr --cc-id 1 --call-id 1000000000-0001 --inbound\n  \
         cec call-records --sub-cc-no 1 --vdn 1 --call-id 1669464198-17002955\n"
    };
    let _ = writeln!(
        out,
        "\nTry, in another terminal:\n  \
         export CEC_ISALES_URL={url} CEC_CMS_URL={url} CEC_APIACCESS_URL={url} CEC_AK={} CEC_SK={} CEC_APP_KEY={} CEC_APP_SECRET={}{}\n\
         {examples}Press Ctrl-C to stop.",
        c.access_key,
        c.secret_key,
        c.app_key,
        c.app_secret,
        signing_profile
            .map(|p| format!(" CEC_SIGNING_PROFILE={p}"))
            .unwrap_or_default()
    );
    print_text(&out)?;
    tokio::signal::ctrl_c()
        .await
        .map_err(|e| io_failure("waiting for Ctrl-C", e))?;
    let requests = sim.requests();
    let unmatched = requests
        .iter()
        .filter(|r| matches!(r.replayed, Some(Replayed::Unmatched { .. })))
        .count();
    let unmatched = if replay.is_some() {
        format!(" ({unmatched} matched no recorded request)")
    } else {
        String::new()
    };
    print_text(&format!(
        "stopped after {} requests{unmatched}\n",
        requests.len()
    ))?;
    Ok(())
}

struct Step {
    operation: &'static str,
    request: Value,
    outcome: Result<(String, Value), String>,
}

fn step<T: serde::Serialize>(
    operation: &'static str,
    request: Value,
    result: Result<T, huawei_cec::Error>,
    summary: impl FnOnce(&T) -> String,
) -> Step {
    let outcome = match result {
        Ok(reply) => Ok((
            summary(&reply),
            serde_json::to_value(&reply).unwrap_or(Value::Null),
        )),
        Err(e) => Err(e.to_string()),
    };
    Step {
        operation,
        request,
        outcome,
    }
}

/// The update's reply as `cec demo --format json` shows it: it has no payload, its result
/// code and description say it was applied.
#[derive(serde::Serialize)]
#[serde(rename_all = "camelCase")]
struct Updated {
    result_code: Option<String>,
    result_desc: Option<String>,
}

/// Picks a predicted outbound call of VDN 8 whose CDR carries business results.
fn predicted_call(sim: &RunningSimulator) -> Option<(String, u32)> {
    sim.with_data(|d| {
        d.calls
            .iter()
            .find(|c| c.vdn == 8 && c.call_type == 2)
            .map(|c| (c.call_id.clone(), c.cc_id))
    })
}

/// The columns of `cec demo`'s rows: one row per operation.
const DEMO_COLUMNS: [Column; 5] = [
    Column {
        name: "operation",
        time: false,
    },
    Column {
        name: "request",
        time: false,
    },
    Column {
        name: "ok",
        time: false,
    },
    Column {
        name: "summary",
        time: false,
    },
    Column {
        name: "error",
        time: false,
    },
];

/// Starts a simulator in-process and runs the five operations through the client. Prints a
/// text report, or in `format`: JSON (a document), or a row per operation.
pub async fn demo(
    format: Option<Format>,
    seed: u64,
    recorder: Option<huawei_cec::Recorder>,
) -> Result<(), Failure> {
    let sim = Simulator::builder()
        .seed(seed)
        .start()
        .await
        .map_err(|e| io_failure("cannot start the simulator", e))?;
    let mut builder = sim.client_builder();
    if let Some(recorder) = recorder {
        builder = builder.recorder(recorder);
    }
    let client: Client = builder.build()?;
    let mut steps = Vec::new();

    steps.push(step(
        "getCallResultDetail",
        json!({"vdnId": 8, "callId": "1644464743-1388"}),
        client.call_result_detail(8, "1644464743-1388").await,
        |d| {
            let d = d.clone();
            format!(
                "call status {}, failure code {}, external result {}, connected {} to {}",
                d.call_status.map(|s| s.to_string()).unwrap_or_default(),
                d.fail_code.unwrap_or_default(),
                d.result_code.unwrap_or_default(),
                d.call_begin_time.unwrap_or_default(),
                d.call_end_time.unwrap_or_default(),
            )
        },
    ));

    steps.push(step(
        "getExternalResult",
        json!({"vdnId": 40, "defId": 1402245659}),
        client.external_result(40, 1402245659).await,
        |ob| {
            let ob = ob.clone();
            let codes: Vec<String> = ob
                .result_map_list
                .iter()
                .filter_map(|m| m.fail_code.clone())
                .collect();
            format!(
                "{:?} (external result code {}), mapped from failure codes {}",
                ob.display_result.unwrap_or_default(),
                ob.result_code.unwrap_or_default(),
                codes.join(", ")
            )
        },
    ));

    steps.push(step(
        "queryCdrByCallId",
        json!({"ccId": 1, "callId": "1000000000-0001", "isCallin": "true"}),
        client
            .cdr(1, "1000000000-0001", CallDirection::Inbound)
            .await,
        |d| {
            let d = d.clone();
            format!(
                "agent {} (sent as \"agentId \"), queued {} s, rang {} s, talked {} s",
                d.agent_id.unwrap_or_default(),
                d.queue_wait_time.unwrap_or_default(),
                d.ack_time.unwrap_or_default(),
                d.call_time.unwrap_or_default()
            )
        },
    ));

    // October 2026, as epoch milliseconds: 1790812800000 to 1793404800000.
    let october = |millis| {
        huawei_cec::times::from_epoch_millis(millis)
            .ok_or_else(|| Failure::Usage("demo date".into()))
    };
    let (begin, end) = (october(1790812800000)?, october(1793404800000)?);
    steps.push(step(
        "queryCallRecords",
        json!({"subCcNo": "1", "vdn": "1", "beginDate": "1790812800000", "endDate": "1793404800000"}),
        client.call_records("1", 1).begin_date(begin).end_date(end).await,
        |r| {
            let mut ratings: BTreeMap<String, usize> = BTreeMap::new();
            for record in &r.results {
                if let Some(v) = &record.evaluation_value {
                    *ratings.entry(v.clone()).or_default() += 1;
                }
            }
            let ratings: Vec<String> = ratings.iter().map(|(v, n)| format!("{v}: {n}")).collect();
            format!(
                "{} calls of VDN 1 in October 2026 (total sent as a number: {}); satisfaction {}",
                r.results.len(),
                r.total.map(i64::from).unwrap_or_default(),
                ratings.join(", ")
            )
        },
    ));

    let (call_id, cc_id) = predicted_call(&sim).unwrap_or_else(|| ("1644464743-1388".into(), 1));
    let updated = client
        .update_reserved_result(8, "174738152455111432454674595509")
        .fail_code("00000")
        .call_id(call_id.clone())
        .busi_result("17549503")
        .busi_sub_status("17124429")
        .send_with_metadata()
        .await
        .map(|((), metadata)| metadata);
    let after = match &updated {
        Ok(_) => client
            .cdr(cc_id, call_id.clone(), CallDirection::Outbound)
            .await
            .ok(),
        Err(_) => None,
    };
    steps.push(step(
        "updateReservedCallResult",
        json!({"vdnId": 8, "appointId": "174738152455111432454674595509", "callId": call_id, "busiResult": "17549503"}),
        updated.map(|metadata| Updated {
            result_code: metadata.result_code().map(str::to_owned),
            result_desc: metadata.result_description().map(str::to_owned),
        }),
        |r| {
            let busi = after.and_then(|cdr| cdr.busi_result).unwrap_or_default();
            format!(
                "{}; the CDR of call {call_id} now has business result {busi}",
                r.result_desc.clone().unwrap_or_default()
            )
        },
    ));

    let failed = steps.iter().filter(|s| s.outcome.is_err()).count();
    let token_requests = sim.token_requests();
    let requests = sim.requests().len();
    if format == Some(Format::Json) {
        let operations: Vec<Value> = steps
            .iter()
            .map(|s| match &s.outcome {
                Ok((summary, reply)) => {
                    json!({"operation": s.operation, "request": s.request, "ok": true, "summary": summary, "reply": reply})
                }
                Err(e) => json!({"operation": s.operation, "request": s.request, "ok": false, "error": e}),
            })
            .collect();
        let out = json!({
            "simulator": sim.url(),
            "seed": seed,
            "operations": operations,
            "requests": requests,
            "tokenRequests": token_requests,
        });
        crate::output::print_json(&out)?;
    } else if let Some(format) = format {
        let mut writer = RowWriter::new(format, DEMO_COLUMNS.to_vec());
        for s in &steps {
            let (ok, summary, error) = match &s.outcome {
                Ok((summary, _)) => (true, Some(json!(summary)), None),
                Err(e) => (false, None, Some(json!(e))),
            };
            let row: Row = vec![
                Some(json!(s.operation)),
                Some(Value::String(s.request.to_string())),
                Some(json!(ok)),
                summary,
                error,
            ];
            writer.write(&row)?;
        }
        writer.finish()?;
    } else {
        let mut out = String::new();
        let _ = writeln!(
            out,
            "huawei-cec demo: a CEC simulator on {} (seed {seed}), called through the client\n",
            sim.url()
        );
        for (i, s) in steps.iter().enumerate() {
            let _ = writeln!(out, "{}. {} {}", i + 1, s.operation, s.request);
            match &s.outcome {
                Ok((summary, _)) => {
                    let _ = writeln!(out, "   ok: {summary}");
                }
                Err(e) => {
                    let _ = writeln!(out, "   FAILED: {e}");
                }
            }
        }
        let _ = writeln!(
            out,
            "\n{} of 5 operations succeeded; {requests} requests reached the simulator, {token_requests} of them for a token.",
            5 - failed
        );
        print_text(&out)?;
    }
    if failed == 0 {
        Ok(())
    } else {
        // As `cec` reports a failure; a closed stderr is ignored.
        let _ = std::io::Write::write_fmt(
            &mut std::io::stderr().lock(),
            format_args!("error: {failed} demo operations failed\n"),
        );
        Err(Failure::Reported(1))
    }
}
