//! Decoding a data-process reply of 10,000 records into the crate's types, against plain
//! serde_json into equivalent structs: time (criterion) and peak heap (a counting
//! allocator). Writes target/bench-results/decode.json.

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicUsize, Ordering};

use criterion::{Criterion, Throughput};
use serde::Deserialize;

struct Counting;

static CURRENT: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let ptr = unsafe { System.alloc(layout) };
        if !ptr.is_null() {
            let now = CURRENT.fetch_add(layout.size(), Ordering::Relaxed) + layout.size();
            PEAK.fetch_max(now, Ordering::Relaxed);
        }
        ptr
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        unsafe { System.dealloc(ptr, layout) };
        CURRENT.fetch_sub(layout.size(), Ordering::Relaxed);
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

/// A reply as the simulator (and the page's example) sends it: total and vdn as numbers.
fn reply(records: usize) -> Vec<u8> {
    let results: Vec<serde_json::Value> = (0..records)
        .map(|i| {
            serde_json::json!({
                "logDate": "2026-10-14", "callerNo": format!("1380013{:04}", i % 10000), "calleeNo": "95001",
                "callId": format!("1791900000-{}", 17000000 + i), "callType": "2", "mediatype": "5",
                "waitBegin": "1791900000000", "ackBegin": "1791900002000", "callBegin": "1791900005000",
                "callEnd": "1791900065000", "vdn": 8, "leaveReason": "0", "evaluationValue": (i % 5 + 1).to_string()
            })
        })
        .collect();
    serde_json::to_vec(&serde_json::json!({"total": records, "results": results})).unwrap()
}

#[derive(Deserialize)]
#[allow(dead_code)]
#[serde(rename_all = "camelCase")]
struct PlainRecord {
    log_date: Option<String>,
    caller_no: Option<String>,
    callee_no: Option<String>,
    call_id: Option<String>,
    call_type: Option<String>,
    #[serde(rename = "mediatype")]
    media_type: Option<String>,
    wait_begin: Option<String>,
    ack_begin: Option<String>,
    call_begin: Option<String>,
    call_end: Option<String>,
    vdn: Option<i64>,
    leave_reason: Option<String>,
    evaluation_value: Option<String>,
}

#[derive(Deserialize)]
#[allow(dead_code)]
struct PlainReply {
    total: Option<i64>,
    #[serde(default)]
    results: Vec<PlainRecord>,
}

/// Peak heap above what was live before, while decoding once.
fn peak_of(f: impl FnOnce()) -> usize {
    let base = CURRENT.load(Ordering::Relaxed);
    PEAK.store(base, Ordering::Relaxed);
    f();
    PEAK.load(Ordering::Relaxed) - base
}

fn decode(c: &mut Criterion, bytes: &[u8]) {
    let mut group = c.benchmark_group("decode-10000-records");
    group.throughput(Throughput::Bytes(bytes.len() as u64));
    group.bench_function("huawei-cec", |b| {
        b.iter(|| {
            serde_json::from_slice::<huawei_cec::CallRecordsResponse>(std::hint::black_box(bytes))
                .unwrap()
        })
    });
    group.bench_function("plain-serde", |b| {
        b.iter(|| serde_json::from_slice::<PlainReply>(std::hint::black_box(bytes)).unwrap())
    });
    group.finish();
}

fn main() {
    let bytes = reply(10_000);
    let client_peak = peak_of(|| {
        let reply: huawei_cec::CallRecordsResponse = serde_json::from_slice(&bytes).unwrap();
        assert_eq!(reply.results.len(), 10_000);
        std::hint::black_box(reply);
    });
    let plain_peak = peak_of(|| {
        let reply: PlainReply = serde_json::from_slice(&bytes).unwrap();
        assert_eq!(reply.results.len(), 10_000);
        std::hint::black_box(reply);
    });
    println!(
        "decode peak heap: huawei-cec {client_peak} B, plain serde {plain_peak} B, body {} B",
        bytes.len()
    );
    let dir = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("../bench-results");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(
        dir.join("decode.json"),
        serde_json::to_vec_pretty(&serde_json::json!({
            "records": 10_000, "body_bytes": bytes.len(),
            "peak_heap_bytes": {"huawei-cec": client_peak, "plain-serde": plain_peak}
        }))
        .unwrap(),
    )
    .unwrap();

    let mut criterion = Criterion::default().configure_from_args();
    decode(&mut criterion, &bytes);
    criterion.final_summary();
}
