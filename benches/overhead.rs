//! What one call costs the calling thread, in instructions and heap allocations: this client,
//! the hand-written reqwest + serde_json baselines and the peer (openapi-generator's client)
//! of `benches/e2e.rs` (`support::Variant`), the same requests to the same local server.
//! Load-independent, unlike the wall clock.
//!
//! The server runs on a thread of its own; the calls run on a single-threaded runtime on the
//! main thread, so that everything a call costs the caller (building, signing, hooks, the
//! HTTP/1 connection task, decoding) is counted on one thread and nothing of the server is.
//!
//! ```text
//! overhead <variant> <operation> <calls>
//!   variant:   client | baseline | baseline_typed | peer | recording
//!   operation: cdr | call-result-detail | call-records
//! ```
//!
//! Prints one JSON line: allocations and bytes allocated per call (a counting allocator, the
//! main thread only). For instructions, run it under
//! `valgrind --tool=callgrind --toggle-collect='*overhead::measured*'`: only the measured
//! calls are counted (`benches/run.sh` does, and divides by the number of calls).

use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;
use std::sync::Arc;
use std::sync::atomic::AtomicUsize;

#[path = "support/mod.rs"]
mod support;

use support::{Op, Sides, Variant};

struct Counting;

thread_local! {
    /// Allocations (and reallocations) and bytes requested by this thread.
    static COUNTS: Cell<(u64, u64)> = const { Cell::new((0, 0)) };
}

fn count(bytes: usize) {
    // `try_with`: a thread being torn down has no counter left.
    let _ = COUNTS.try_with(|c| {
        let (n, b) = c.get();
        c.set((n + 1, b + bytes as u64));
    });
}

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        count(layout.size());
        unsafe { System.alloc(layout) }
    }
    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        count(layout.size());
        unsafe { System.alloc_zeroed(layout) }
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        count(new_size);
        unsafe { System.realloc(ptr, layout, new_size) }
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        unsafe { System.dealloc(ptr, layout) };
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

/// The CPU time the calling thread has used.
fn thread_cpu_time() -> std::time::Duration {
    let mut now = libc::timespec {
        tv_sec: 0,
        tv_nsec: 0,
    };
    // SAFETY: `now` is a valid timespec for the call to fill.
    let status = unsafe { libc::clock_gettime(libc::CLOCK_THREAD_CPUTIME_ID, &mut now) };
    assert_eq!(status, 0, "clock_gettime(CLOCK_THREAD_CPUTIME_ID)");
    std::time::Duration::new(now.tv_sec as u64, now.tv_nsec as u32)
}

/// The calls counted. Not inlined, so that callgrind can collect inside it alone.
#[inline(never)]
fn measured<F: std::future::Future<Output = ()>>(runtime: &tokio::runtime::Runtime, calls: F) {
    runtime.block_on(calls);
}

fn main() {
    let args: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| a != "--bench")
        .collect();
    let [variant, op, calls] = args.as_slice() else {
        eprintln!(
            "usage: overhead client|baseline|baseline_typed|peer|recording cdr|call-result-detail|call-records CALLS"
        );
        std::process::exit(2);
    };
    let op = Op::parse(op).expect("an operation: cdr, call-result-detail or call-records");
    let calls: usize = calls.parse().expect("a number of calls");
    // `recording`: the client of `client`, recording every exchange to a cassette.
    let recording = variant == "recording";
    let name = variant.clone();
    let variant = if recording {
        Variant::Client
    } else {
        Variant::parse(variant).unwrap_or_else(|| {
            panic!("unknown variant {variant}: client, baseline, baseline_typed, peer or recording")
        })
    };

    let (url_tx, url_rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap();
        runtime.block_on(async move {
            url_tx
                .send(support::server(Arc::new(AtomicUsize::new(0))).await)
                .unwrap();
            std::future::pending::<()>().await
        });
    });
    let url = url_rx.recv().unwrap();

    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let mut sides = Sides::new(&url);
    let cassette = std::env::temp_dir().join(format!("overhead-{}.cassette", std::process::id()));
    if recording {
        sides.client = recording_client(&url, &cassette);
    }
    // Every variant sends what the client sends (the server is on its own thread: the
    // request it saw is there once the reply is back).
    runtime.block_on(support::same_request(&sides, op));
    let one = || sides.call(variant, op);
    // Warm up: the connection, the token, lazily built state.
    runtime.block_on(async {
        for _ in 0..200 {
            one().await;
        }
    });
    let rss_after_warm_up = memory_kib();
    let (n0, b0) = COUNTS.with(Cell::get);
    let started = std::time::Instant::now();
    let cpu_started = thread_cpu_time();
    measured(&runtime, async {
        for _ in 0..calls {
            one().await;
        }
    });
    let elapsed = started.elapsed();
    let cpu = thread_cpu_time() - cpu_started;
    let (n1, b1) = COUNTS.with(Cell::get);
    let per_call = |x: u64| x as f64 / calls.max(1) as f64;
    println!(
        "{}",
        serde_json::json!({
            "variant": name,
            "operation": op.name(),
            "calls": calls,
            "allocations_per_call": per_call(n1 - n0),
            "bytes_allocated_per_call": per_call(b1 - b0),
            // Wall clock and the CPU time of the calling thread, for a quick look only:
            // they depend on the machine and on what else runs on it.
            "wall_us_per_call": elapsed.as_secs_f64() * 1e6 / calls.max(1) as f64,
            "thread_cpu_us_per_call": cpu.as_secs_f64() * 1e6 / calls.max(1) as f64,
            "memory_after_warm_up_kib": rss_after_warm_up,
            "memory_at_end_kib": memory_kib(),
            "cassette_bytes": std::fs::metadata(&cassette).map(|m| m.len()).ok(),
        })
    );
    let _ = std::fs::remove_file(&cassette);
}

/// The client of `support::client` (the same settings), recording to `cassette`.
fn recording_client(url: &str, cassette: &std::path::Path) -> huawei_cec::Client {
    huawei_cec::Client::builder()
        .isales_url(url)
        .cms_url(url)
        .apiaccess_url(url)
        .ak_sk(huawei_cec::AkSk::new(support::AK, support::SK))
        .app_credentials(huawei_cec::AppCredentials::new(
            support::APP_KEY,
            support::APP_SECRET,
        ))
        .retry_policy(huawei_cec::RetryPolicy::none())
        .no_proxy()
        .record_to(cassette)
        .build()
        .unwrap()
}

/// The process's resident memory now and at its peak (`VmRSS`, `VmHWM`), in KiB.
fn memory_kib() -> serde_json::Value {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    let field = |name: &str| {
        status
            .lines()
            .find_map(|l| l.strip_prefix(name))
            .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<u64>().ok())
    };
    serde_json::json!({"rss": field("VmRSS:"), "peak": field("VmHWM:")})
}
