//! The simulator's data: calls, CDRs, external result definitions and reservations,
//! generated deterministically from a seed, plus the records of the pages' own examples.

use std::collections::HashMap;

use chrono::{DateTime, FixedOffset, TimeZone, Utc};
use rand::seq::IndexedRandom;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

/// VDNs of the simulated tenant, and the call center (ccId / subCcNo) each belongs to.
pub const VDNS: &[(u32, u32)] = &[(1, 1), (8, 1), (40, 1), (101, 1), (202, 2)];

/// External results every VDN defines: (result code, display text, failure cause codes).
/// The failure cause codes are the simulator's own (real ones come from the CTI).
pub const EXTERNAL_RESULTS: &[(&str, &str, &[&str])] = &[
    ("001", "1: The call is connected.", &["00000"]),
    ("002", "6: The call is not answered.", &["34609", "00008"]),
    ("003", "2: The called party is busy.", &["00603", "34608"]),
    ("004", "3: The call is rejected.", &["00607"]),
    ("005", "4: The number does not exist.", &["00604", "34601"]),
    ("006", "5: The network is congested.", &["00502"]),
];

/// One simulated call: what call result detail, CDR and call records queries report.
#[derive(Debug, Clone, PartialEq)]
pub struct SimCall {
    /// Call ID, `{epoch seconds}-{sequence}` as the pages' examples.
    pub call_id: String,
    /// VDN.
    pub vdn: u32,
    /// Call center (ccId, and subCcNo as a string).
    pub cc_id: u32,
    /// Call type as in call records (0 inbound, 1 outbound, 2 predicted, 3 previewed, 4 preempted).
    pub call_type: u8,
    /// Media type (5 voice, 19 video, 53 multimedia).
    pub media_type: u8,
    /// Calling number.
    pub caller_no: String,
    /// Called number.
    pub callee_no: String,
    /// Agent who handled the call.
    pub agent_id: Option<u32>,
    /// Skill queue.
    pub skill_id: u32,
    /// Whether the call was connected.
    pub connected: bool,
    /// Failure cause code (`00000` when connected).
    pub fail_code: String,
    /// External result code mapped from the failure cause code.
    pub result_code: String,
    /// When waiting started (epoch ms).
    pub wait_begin: i64,
    /// When ringing started (epoch ms).
    pub ack_begin: i64,
    /// When the call was connected (epoch ms), if it was.
    pub call_begin: Option<i64>,
    /// When the call was released (epoch ms).
    pub call_end: i64,
    /// Queue waiting duration (s).
    pub queue_wait_time: u32,
    /// IVR duration (s).
    pub ivr_call_time: u32,
    /// Ring duration (s).
    pub ack_time: u32,
    /// Talk duration (s).
    pub call_time: u32,
    /// Release cause code.
    pub release_cause: u32,
    /// CDR call result (predicted and preempted outbound calls only).
    pub cdr_result: Option<String>,
    /// Business result, as set by `updateResult`.
    pub busi_result: Option<String>,
    /// Business sub-status, as set by `updateResult`.
    pub busi_sub_status: Option<String>,
    /// Satisfaction evaluation value (`1`..`5`) of connected calls that were rated.
    pub evaluation_value: Option<String>,
    /// Why the call was disconnected.
    pub leave_reason: String,
    /// Recording URL of connected calls.
    pub record_path: Option<String>,
}

impl SimCall {
    /// Whether the call is inbound.
    pub fn is_inbound(&self) -> bool {
        self.call_type == 0
    }

    /// The call status of call result detail: 6 connected, 5 failed.
    pub fn call_status(&self) -> u8 {
        if self.connected { 6 } else { 5 }
    }
}

/// An external result definition of a VDN.
#[derive(Debug, Clone, PartialEq)]
pub struct ExternalResultDef {
    /// External result ID.
    pub def_id: String,
    /// VDN.
    pub vdn: u32,
    /// External result text.
    pub display_result: String,
    /// External result code.
    pub result_code: String,
    /// (mapping ID, failure cause code).
    pub mappings: Vec<(String, String)>,
}

/// A reserved outbound call task, whose result `updateResult` sets.
#[derive(Debug, Clone, PartialEq)]
pub struct Appointment {
    /// Reservation task ID.
    pub appoint_id: String,
    /// VDN.
    pub vdn: u32,
    /// The result last set: the body of the last successful `updateResult`.
    pub result: Option<serde_json::Value>,
}

/// All simulated data.
#[derive(Debug, Clone)]
pub struct Dataset {
    /// Every call, in time order.
    pub calls: Vec<SimCall>,
    by_id: HashMap<String, usize>,
    /// External result definitions of every VDN.
    pub external_results: Vec<ExternalResultDef>,
    /// Reservation tasks by ID.
    pub appointments: HashMap<String, Appointment>,
}

/// China Standard Time, in which the servers format `yyyy-MM-dd HH:mm:ss`.
fn cst() -> FixedOffset {
    FixedOffset::east_opt(8 * 3600).expect("a valid offset")
}

/// `yyyy-MM-dd HH:mm:ss` in China Standard Time.
pub fn format_time(epoch_ms: i64) -> String {
    DateTime::<Utc>::from_timestamp_millis(epoch_ms)
        .unwrap_or_default()
        .with_timezone(&cst())
        .format("%Y-%m-%d %H:%M:%S")
        .to_string()
}

/// `yyyy-MM-dd` in China Standard Time.
pub fn format_date(epoch_ms: i64) -> String {
    DateTime::<Utc>::from_timestamp_millis(epoch_ms)
        .unwrap_or_default()
        .with_timezone(&cst())
        .format("%Y-%m-%d")
        .to_string()
}

fn phone(rng: &mut ChaCha8Rng) -> String {
    let prefix = ["138", "139", "150", "186", "177"]
        .choose(rng)
        .expect("non-empty");
    format!("{prefix}{:08}", rng.random_range(0..100_000_000u32))
}

fn digits(rng: &mut ChaCha8Rng, n: usize) -> String {
    let mut s = rng.random_range(1..10u8).to_string();
    for _ in 1..n {
        s.push(char::from(b'0' + rng.random_range(0..10u8)));
    }
    s
}

impl Dataset {
    /// `calls` generated calls (plus the pages' examples), deterministic from `seed`.
    pub fn generate(seed: u64, calls: usize) -> Self {
        let mut rng = ChaCha8Rng::seed_from_u64(seed);
        let mut data = Self {
            calls: Vec::new(),
            by_id: HashMap::new(),
            external_results: Vec::new(),
            appointments: HashMap::new(),
        };

        for &(vdn, _) in VDNS {
            for &(code, display, fail_codes) in EXTERNAL_RESULTS {
                let documented = vdn == 40 && code == "002";
                let def_id = if documented {
                    "1402245659".to_owned()
                } else {
                    digits(&mut rng, 10)
                };
                let mappings = fail_codes
                    .iter()
                    .enumerate()
                    .map(|(i, fail)| {
                        let map_id = match (documented, i) {
                            (true, 0) => "1059886898".to_owned(),
                            (true, _) => "1162133679".to_owned(),
                            _ => digits(&mut rng, 10),
                        };
                        (map_id, (*fail).to_owned())
                    })
                    .collect();
                data.external_results.push(ExternalResultDef {
                    def_id,
                    vdn,
                    display_result: display.to_owned(),
                    result_code: code.to_owned(),
                    mappings,
                });
            }
        }

        let start = Utc
            .with_ymd_and_hms(2026, 10, 1, 0, 0, 0)
            .single()
            .expect("a valid date")
            .timestamp_millis();
        let span_ms: i64 = 30 * 24 * 3600 * 1000;
        let mut times: Vec<i64> = (0..calls)
            .map(|_| start + rng.random_range(0..span_ms))
            .collect();
        times.sort_unstable();
        let mut sequence = 17_000_000u64;
        for wait_begin in times {
            sequence += rng.random_range(1..50);
            let (vdn, cc_id) = *VDNS.choose(&mut rng).expect("non-empty");
            let call_type = *[0u8, 0, 0, 1, 2, 2, 2, 3, 4]
                .choose(&mut rng)
                .expect("non-empty");
            let media_type = *[5u8, 5, 5, 5, 5, 5, 19, 53]
                .choose(&mut rng)
                .expect("non-empty");
            let connected = rng.random_bool(if call_type == 0 { 0.9 } else { 0.62 });
            let fail_code = if connected {
                "00000".to_owned()
            } else {
                let &(_, _, codes) = EXTERNAL_RESULTS[1..].choose(&mut rng).expect("non-empty");
                (*codes.choose(&mut rng).expect("non-empty")).to_owned()
            };
            let result_code = external_code(&fail_code).to_owned();
            let queue_wait_time = if call_type == 0 {
                rng.random_range(0..90)
            } else {
                0
            };
            let ivr_call_time = if call_type == 0 {
                rng.random_range(0..40)
            } else {
                0
            };
            let ack_begin = wait_begin + i64::from(queue_wait_time + ivr_call_time) * 1000;
            let ack_time = rng.random_range(2..25);
            let call_time = if connected {
                rng.random_range(10..600)
            } else {
                0
            };
            let call_begin = connected.then(|| ack_begin + i64::from(ack_time) * 1000);
            let call_end = call_begin.unwrap_or(ack_begin + i64::from(ack_time) * 1000)
                + i64::from(call_time) * 1000;
            let (caller_no, callee_no) = if call_type == 0 {
                (
                    phone(&mut rng),
                    format!("95{}", rng.random_range(1000..10000)),
                )
            } else {
                (
                    format!("95{}", rng.random_range(1000..10000)),
                    phone(&mut rng),
                )
            };
            let agent_id = connected.then(|| rng.random_range(100..160));
            let cdr_result = matches!(call_type, 2 | 4).then(|| {
                if connected {
                    if rng.random_bool(0.8) { "0900" } else { "0000" }.to_owned()
                } else if rng.random_bool(0.1) {
                    "0601".to_owned()
                } else {
                    "0101".to_owned()
                }
            });
            let call_id = format!("{}-{sequence}", wait_begin / 1000);
            let evaluation_value =
                (connected && rng.random_bool(0.6)).then(|| rng.random_range(1..=5u8).to_string());
            let record_path = connected.then(|| {
                format!("https://obs.simulator.invalid/isales/record/{vdn}/{call_id}.wav?Expires=1790000000&Signature=simulated")
            });
            data.push(SimCall {
                call_id,
                vdn,
                cc_id,
                call_type,
                media_type,
                caller_no,
                callee_no,
                agent_id,
                skill_id: rng.random_range(1..6),
                connected,
                fail_code,
                result_code,
                wait_begin,
                ack_begin,
                call_begin,
                call_end,
                queue_wait_time,
                ivr_call_time,
                ack_time,
                call_time,
                release_cause: if connected {
                    0
                } else {
                    rng.random_range(1..40)
                },
                cdr_result,
                busi_result: None,
                busi_sub_status: None,
                evaluation_value,
                leave_reason: if connected { "0" } else { "1" }.to_owned(),
                record_path,
            });
        }

        for &(vdn, _) in VDNS {
            for _ in 0..20 {
                let appoint_id = digits(&mut rng, 30);
                data.appointments.insert(
                    appoint_id.clone(),
                    Appointment {
                        appoint_id,
                        vdn,
                        result: None,
                    },
                );
            }
        }
        data.add_page_examples();
        data
    }

    fn push(&mut self, call: SimCall) {
        self.by_id.insert(call.call_id.clone(), self.calls.len());
        self.calls.push(call);
    }

    /// The records the pages' examples show, so that their requests work as printed.
    fn add_page_examples(&mut self) {
        let at = |s: &str| {
            cst()
                .from_local_datetime(
                    &chrono::NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M:%S")
                        .expect("a valid time"),
                )
                .single()
                .expect("unambiguous")
                .timestamp_millis()
        };
        // Querying Details About a Single Outbound Call Result.
        self.push(SimCall {
            call_id: "1644464743-1388".into(),
            vdn: 8,
            cc_id: 1,
            call_type: 2,
            media_type: 5,
            caller_no: "95555".into(),
            callee_no: "88881955".into(),
            agent_id: Some(101),
            skill_id: 1,
            connected: true,
            fail_code: "00000".into(),
            result_code: "OB99999".into(),
            wait_begin: at("2022-02-10 11:45:43"),
            ack_begin: at("2022-02-10 11:45:43"),
            call_begin: Some(at("2022-02-10 11:45:47")),
            call_end: at("2022-02-10 11:45:51"),
            queue_wait_time: 0,
            ivr_call_time: 0,
            ack_time: 4,
            call_time: 4,
            release_cause: 0,
            cdr_result: Some("0900".into()),
            busi_result: None,
            busi_sub_status: None,
            evaluation_value: None,
            leave_reason: "0".into(),
            record_path: Some("https://obs.simulator.invalid/isales/record/8/1644464743-1388.wav?Expires=1644484560&Signature=simulated".into()),
        });
        // Querying CDRs of a Specified Call ID (an inbound call).
        self.push(SimCall {
            call_id: "1000000000-0001".into(),
            vdn: 1,
            cc_id: 1,
            call_type: 0,
            media_type: 5,
            caller_no: "10000".into(),
            callee_no: "10001".into(),
            agent_id: Some(100),
            skill_id: 1,
            connected: true,
            fail_code: "00000".into(),
            result_code: "001".into(),
            wait_begin: 1_000_000_000_000,
            ack_begin: 1_000_000_010_000,
            call_begin: Some(1_000_000_015_000),
            call_end: 1_000_000_045_000,
            queue_wait_time: 10,
            ivr_call_time: 0,
            ack_time: 5,
            call_time: 30,
            release_cause: 0,
            cdr_result: None,
            busi_result: None,
            busi_sub_status: None,
            evaluation_value: Some("5".into()),
            leave_reason: "0".into(),
            record_path: None,
        });
        // Querying Call Result Data: two rated calls of VDN 1.
        for (call_id, value) in [("1669464198-17002955", "1"), ("1669463446-17002406", "5")] {
            let begin = call_id
                .split('-')
                .next()
                .and_then(|s| s.parse::<i64>().ok())
                .unwrap_or_default()
                * 1000;
            self.push(SimCall {
                call_id: call_id.into(),
                vdn: 1,
                cc_id: 1,
                call_type: 0,
                media_type: 5,
                caller_no: "13800000000".into(),
                callee_no: "95001".into(),
                agent_id: Some(102),
                skill_id: 2,
                connected: true,
                fail_code: "00000".into(),
                result_code: "001".into(),
                wait_begin: begin,
                ack_begin: begin + 2000,
                call_begin: Some(begin + 5000),
                call_end: begin + 65_000,
                queue_wait_time: 2,
                ivr_call_time: 0,
                ack_time: 3,
                call_time: 60,
                release_cause: 0,
                cdr_result: None,
                busi_result: None,
                busi_sub_status: None,
                evaluation_value: Some(value.into()),
                leave_reason: "0".into(),
                record_path: None,
            });
        }
        // Updating the Result of a Reserved Outbound Call.
        self.appointments.insert(
            "174738152455111432454674595509".into(),
            Appointment {
                appoint_id: "174738152455111432454674595509".into(),
                vdn: 8,
                result: None,
            },
        );
    }

    /// The call with this ID.
    pub fn call(&self, call_id: &str) -> Option<&SimCall> {
        self.by_id.get(call_id).map(|&i| &self.calls[i])
    }

    /// The call with this ID, to change.
    pub fn call_mut(&mut self, call_id: &str) -> Option<&mut SimCall> {
        self.by_id.get(call_id).map(|&i| &mut self.calls[i])
    }

    /// The external result definition `def_id` of `vdn`.
    pub fn external_result(&self, vdn: u32, def_id: &str) -> Option<&ExternalResultDef> {
        self.external_results
            .iter()
            .find(|d| d.vdn == vdn && d.def_id == def_id)
    }
}

/// The external result code of a failure cause code.
fn external_code(fail_code: &str) -> &'static str {
    EXTERNAL_RESULTS
        .iter()
        .find(|(_, _, codes)| codes.contains(&fail_code))
        .map(|(code, _, _)| *code)
        .unwrap_or("006")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_same_seed_gives_the_same_data_and_another_seed_other_data() {
        let a = Dataset::generate(7, 500);
        let b = Dataset::generate(7, 500);
        let c = Dataset::generate(8, 500);
        assert_eq!(a.calls, b.calls);
        assert_eq!(a.external_results, b.external_results);
        assert_ne!(a.calls, c.calls);
    }

    #[test]
    fn generated_data_is_consistent() {
        let data = Dataset::generate(42, 3000);
        assert_eq!(data.calls.len(), 3000 + 4);
        let inbound = data.calls.iter().filter(|c| c.is_inbound()).count();
        let connected = data.calls.iter().filter(|c| c.connected).count();
        assert!(inbound > 500 && inbound < 1500, "{inbound}");
        assert!(connected > 1500 && connected < 2700, "{connected}");
        for call in &data.calls {
            assert_eq!(call.connected, call.fail_code == "00000", "{call:?}");
            assert_eq!(call.connected, call.call_begin.is_some());
            assert!(call.call_end >= call.ack_begin && call.ack_begin >= call.wait_begin);
            if call.call_id != "1644464743-1388" {
                let def = data
                    .external_results
                    .iter()
                    .find(|d| d.vdn == call.vdn && d.result_code == call.result_code);
                assert!(
                    def.is_some_and(|d| d.mappings.iter().any(|(_, f)| *f == call.fail_code)),
                    "{call:?}"
                );
            }
            assert!(call.evaluation_value.is_none() || call.connected);
            assert_eq!(data.call(&call.call_id), Some(call));
        }
        assert_eq!(
            data.external_result(40, "1402245659").unwrap().mappings[0],
            ("1059886898".into(), "34609".into())
        );
    }

    #[test]
    fn times_are_formatted_in_china_standard_time() {
        assert_eq!(format_time(1644464751000), "2022-02-10 11:45:51");
    }
}
