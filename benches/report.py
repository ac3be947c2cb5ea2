"""Writes BENCHMARKS.md from target/criterion and target/bench-results (benches/run.sh)."""

import datetime
import json
import os
import platform
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "target" / "bench-results"
CRITERION = ROOT / "target" / "criterion"


def estimate(*parts):
    """Criterion's mean and median, in ns."""
    d = json.loads((CRITERION.joinpath(*parts) / "new" / "estimates.json").read_text())
    return d["mean"]["point_estimate"], d["median"]["point_estimate"]


def sh(cmd):
    return subprocess.run(cmd, shell=True, capture_output=True, text=True).stdout.strip()


cpu = next((l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo") if l.startswith("model name")), platform.processor())
mem_kb = next(int(l.split()[1]) for l in open("/proc/meminfo") if l.startswith("MemTotal"))
e2e = json.loads((RESULTS / "e2e.json").read_text())
decode = json.loads((RESULTS / "decode.json").read_text())
load = json.loads((RESULTS / "load.json").read_text())
build = json.loads((RESULTS / "build.json").read_text())
tls_build = json.loads((RESULTS / "tls_build.json").read_text())
overhead = json.loads((RESULTS / "overhead.json").read_text())
quiet = json.loads((RESULTS / "quiet.json").read_text())
# "epoch section... load1 load5 load15" per line; the section name may hold spaces.
load_samples = []
for line in (RESULTS / "loadavg.txt").read_text().splitlines():
    parts = line.split()
    load_samples.append((" ".join(parts[1:-3]), float(parts[-3])))


def loads(section):
    values = [l for s, l in load_samples if s == section]
    return values

out = []
w = out.append
w("# Benchmarks\n")
w("Measured by `bash benches/run.sh` (one command: every comparison below is measured in")
w("the same run, side by side). Numbers depend on the machine and on what else runs on it;")
w("the ratios are the point.\n")
w(f"- Date: {datetime.datetime.now(datetime.timezone.utc).strftime('%Y-%m-%d %H:%M UTC')}")
w(f"- Machine: {os.cpu_count()} cores ({cpu}), {mem_kb / 1024 / 1024:.0f} GiB, {platform.system()} {platform.release()}")
w(f"- Toolchain: {sh('rustc --version')}; release profile for benches")
# The commit measured, as run.sh recorded it (the report may be written again later).
measured = RESULTS / "commit"
commit = measured.read_text().strip() if measured.exists() else sh("git rev-parse --short HEAD")
w(f"- Commit: {commit}\n")

w("## Load on the machine during the run\n")
w("The 1-minute load average (`/proc/loadavg`), sampled every 5 s. The benches themselves keep")
w("both cores busy (the end-to-end bench runs client, baseline and server on 2 worker threads),")
w("so a load of about 2 during a section is the bench; what matters is the load before and after.")
if quiet["quiet"]:
    w(f"Before measuring, the run waited {quiet['waited_s']} s for the load to stay below {quiet['threshold']} for a minute.\n")
else:
    w(f"**The machine did not get quiet**: the run waited {quiet['waited_s']} s for the load to stay below")
    w(f"{quiet['threshold']} for a minute, then measured anyway. Read the wall-clock figures with that in mind.\n")
w("| section | samples | load (min / mean / max) |")
w("|---|---|---|")
seen = []
for name, _ in load_samples:
    if name not in seen:
        seen.append(name)
for name in seen:
    values = loads(name)
    w(f"| {name} | {len(values)} | {min(values):.2f} / {sum(values) / len(values):.2f} / {max(values):.2f} |")
w("")

w("## 1. auth-v2 signing per request, against the floor (bare HMAC-SHA256 of the same bytes)\n")
w("Goals: at most 3× the floor for an empty body, 2× at 64 KiB.\n")
w("| body | auth-v2 (ns/op) | auth-v2 (MB/s) | new key (ns/op) | HMAC-SHA256 (ns/op) | HMAC-SHA256 (MB/s) | ratio | ratio, new key |")
w("|---|---|---|---|---|---|---|---|")
for size in [0, 1024, 65536]:
    sign, _ = estimate("signing", "auth-v2", str(size))
    cold, _ = estimate("signing", "auth-v2-new-key", str(size))
    floor, _ = estimate("signing", "hmac-sha256", str(size))
    mbs = lambda ns: "–" if size == 0 else f"{size / ns * 1e3:.0f}"
    w(f"| {size} B | {sign:,.0f} | {mbs(sign)} | {cold:,.0f} | {floor:,.0f} | {mbs(floor)} | {sign / floor:.1f}× | {cold / floor:.1f}× |")
w("")
w("The signature is two HMACs (the signing key, then the signature) over a canonical request")
w("whose body part is the body percent-encoded (`Normalize`), streamed into the HMAC: the")
w("floor is one HMAC over the raw bytes. `auth-v2` is `Signer::sign` within one timestamp,")
w("reusing the signing key; `new key` is `Signer::sign` a millisecond later each time, deriving")
w("the key for every signature: what each request pays under `ts=millis` unless another was")
w("signed in the same millisecond (under `ts=seconds`, the first request of each second).\n")
w("With a new key, the empty body's goal leaves almost no room: SHA-256 compresses")
w("64-byte blocks, and the bare HMAC of 0 bytes takes 4 of them, while deriving the key (an")
w("HMAC of the 76-byte `auth-v2/...` prefix) takes 5 and the signature (an HMAC of the")
w("157-byte canonical request) 6: 11 blocks, 2.75× the floor before any other work (the")
w("timestamp, the hex, the header). Reusing the key leaves the signature's blocks only.\n")

w("## 2. End to end: this client against a hand-written reqwest + serde_json baseline\n")
w("Same local server (in the same process, on the same runtime), the same request: the")
w("baseline's reqwest client is configured as the client's (User-Agent, redirects not followed,")
w("timeouts), signs with the same `Signer::sign_request`, and the bench checks before measuring")
w("that the server received the same headers and body from both (the signature's timestamp")
w("aside). The reply is decoded with serde_json into the same types the client returns, so the")
w("difference is what the client's machinery adds: validation, the generated builder, hooks,")
w("the transport's limits and checks, tracing span, error mapping. Medians of "
  f"{e2e['rows'][0].get('rounds', '?')} alternating")
w("rounds per row, client and baseline one after the other (which goes first alternates); the")
w("ratios are the medians of the rounds' ratios, the other figures the medians of each side's.")
w("Goal: every ratio at most 1.05.\n")
w("Concurrency 16 and 64 run on a 2-worker runtime. Concurrency 1 runs on a single-threaded")
w("runtime (client and server tasks on one thread): on 2 workers a call at a time is a")
w("ping-pong whose speed depends on which threads tokio put the connections' tasks on (we saw")
w("about 25 µs or about 100 µs per call in the same run, for client and baseline alike), which")
w("swamps what is measured.\n")
w("`call-records` is the bearer-token call: the client with its token provider and a cached token,")
w("the baseline with the same `Authorization: Bearer` header, fixed (and the same `X-APP-Key`,")
w("body and decoding). The other two are signed: both sign with the same `Signer`.\n")
w("| operation | concurrency | client rps | baseline rps | throughput ratio | client p50 (µs) | baseline p50 (µs) | p50 ratio | client p99 (µs) | baseline p99 (µs) |")
w("|---|---|---|---|---|---|---|---|---|---|")
for r in e2e["rows"]:
    c, b = r["client"], r["baseline"]
    w(f"| {r['operation']} | {r['concurrency']} | {c['rps']:,.0f} | {b['rps']:,.0f} | {r['throughput_ratio']:.3f} | "
      f"{c['p50_us']:,.0f} | {b['p50_us']:,.0f} | {r['p50_ratio']:.3f} | {c['p99_us']:,.0f} | {b['p99_us']:,.0f} |")
w("")
w("Throughput ratio = baseline rps / client rps; p50 ratio = client p50 / baseline p50 (above 1:")
w("the client is slower); both the median over the rounds.\n")
over = [(r['operation'], r['concurrency']) for r in e2e["rows"]
        if r['throughput_ratio'] > 1.05 or r['p50_ratio'] > 1.05]
if over:
    w("Rows over the goal of 1.05: " + ", ".join(f"{o} at {c}" for o, c in over) + ".\n")
else:
    w("Every row is within the goal of 1.05.\n")

w("## 3. What one call costs the calling thread: instructions and heap allocations\n")
w("`benches/overhead.rs`: the same calls as section 2, on a single-threaded runtime, the server on")
w("a thread of its own. Instructions: callgrind, only the measured calls on the calling thread")
w(f"({overhead['calls_under_callgrind']} calls; everything the call costs there: building, signing, the hooks,")
w("the HTTP/1 connection task, decoding). Allocations: a counting global allocator, the calling")
w(f"thread, {overhead['calls_counted_for_allocations']:,} calls. Both are independent of the load of the machine.")
w("valgrind does not run SHA-NI: SHA-256 is counted in its portable form, so signing weighs more")
w("here than it does natively.\n")
w("| operation | client instructions | baseline instructions | ratio | client allocations | baseline allocations | client bytes allocated | baseline bytes allocated |")
w("|---|---|---|---|---|---|---|---|")
for r in overhead["rows"]:
    c, b = r["client"], r["baseline"]
    w(f"| {r['operation']} | {c['instructions_per_call']:,.0f} | {b['instructions_per_call']:,.0f} | "
      f"{c['instructions_per_call'] / b['instructions_per_call']:.3f} | {c['allocations_per_call']:.0f} | "
      f"{b['allocations_per_call']:.0f} | {c['bytes_allocated_per_call']:,.0f} | {b['bytes_allocated_per_call']:,.0f} |")
w("")
if all("simulated_per_call" in r["client"] for r in overhead["rows"]):
    w("### What the instruction count does not show\n")
    w("callgrind also simulated, in the same runs, the L1 caches and the branch predictor (its")
    w("model, not this CPU's; per call, client / baseline). The client runs more distinct code")
    w("and touches more memory per call than the baseline: its share of these events, which")
    w("cost cycles the instruction count leaves out, is larger than its share of instructions.\n")
    names = list(overhead["rows"][0]["client"]["simulated_per_call"])
    w("| operation | " + " | ".join(names) + " |")
    w("|---|" + "---|" * len(names))
    for r in overhead["rows"]:
        c, b = r["client"]["simulated_per_call"], r["baseline"]["simulated_per_call"]
        w(f"| {r['operation']} | " + " | ".join(
            f"{c[n]:,.0f} / {b[n]:,.0f} ({c[n] / b[n]:.2f})" if b[n] else f"{c[n]:,.0f} / 0"
            for n in names) + " |")
    w("")
    w("I1mr: L1 instruction-cache misses; D1mr, D1mw: L1 data-cache read and write misses; Bcm, Bim:")
    w("mispredicted conditional and indirect branches.\n")
tok = overhead["token"]
w("### A bearer call with a cached token, against the same call with a fixed header\n")
w("Goal: within 2%. Defined as the instructions a `call_records` call spends getting its")
w("`Authorization` header from the token provider, with a token cached (`TokenProvider::token`")
w("before the call, `BearerToken::authorization` for its attempt; inclusive, from the callgrind")
w("profile of the client row above), as a share of the whole call: a call sending a fixed header")
w("would spend everything else the same way (the header is inserted either way).\n")
w(f"- cached token: **{tok['instructions_per_call']:,.0f} instructions per call, {tok['share_of_call']:.2%} of the call**")
for name, v in tok["by_function"].items():
    w(f"  - `{name}`: {v:,.0f}")
w("")
w("The wall clock shows the same call against the baseline in section 2 (`call-records` rows):")
w("that ratio holds everything the client adds, not only the token.\n")

rec = overhead.get("recording")
if rec:
    w("### Recording every exchange to a cassette\n")
    w("The client of the rows above with `ClientBuilder::record_to` (variant `recording` of")
    w("`benches/overhead.rs`): each attempt cleaned of secrets, its personal data masked, and")
    w("appended to the file with one `write` as it ends. Recording off costs a `None` check per")
    w("attempt (the client rows above have it). Most of what recording adds is parsing the reply")
    w("again into a JSON document, cleaning and writing it, and HMAC-SHA256 for each masked value")
    w("(counted here without SHA-NI, as the signing is).\n")
    w("| operation | client instructions | recording instructions | added | recording allocations | cassette bytes per call |")
    w("|---|---|---|---|---|---|")
    for r in rec["rows"]:
        c, i = r["client_instructions_per_call"], r["instructions_per_call"]
        w(f"| {r['operation']} | {c:,.0f} | {i:,.0f} | {i / c - 1:+.0%} | {r['allocations_per_call']:.0f} | {r['cassette_bytes_per_call']:,.0f} |")
    w("")
    w("Memory over a long recording (`cdr` calls; resident memory of the process, KiB):\n")
    w("| variant | calls | after the warm-up (rss / peak) | at the end (rss / peak) | cassette |")
    w("|---|---|---|---|---|")
    for variant, l in rec["long"].items():
        a, e = l["memory_after_warm_up_kib"], l["memory_at_end_kib"]
        size = f"{l['cassette_bytes'] / 1e6:,.0f} MB" if l["cassette_bytes"] else "none"
        w(f"| {variant} | {l['calls']:,} | {a['rss']:,} / {a['peak']:,} | {e['rss']:,} / {e['peak']:,} | {size} |")
    w("")

w("## 4. Decoding a data-process reply of 10,000 records\n")
cm, _ = estimate("decode-10000-records", "huawei-cec")
pm, _ = estimate("decode-10000-records", "plain-serde")
peak = decode["peak_heap_bytes"]
w(f"Body: {decode['body_bytes']:,} bytes.\n")
w("| decoder | time (ms) | MB/s | peak heap (MB) |")
w("|---|---|---|---|")
w(f"| huawei-cec `CallRecordsResponse` | {cm / 1e6:.1f} | {decode['body_bytes'] / cm * 1e3:.0f} | {peak['huawei-cec'] / 1e6:.2f} |")
w(f"| plain serde_json into equivalent structs | {pm / 1e6:.1f} | {decode['body_bytes'] / pm * 1e3:.0f} | {peak['plain-serde'] / 1e6:.2f} |")
w(f"\nRatio (client / plain): time {cm / pm:.3f}, peak heap {peak['huawei-cec'] / peak['plain-serde']:.3f}.\n")

t = e2e["token"]
w("## 5. The token provider under 1,000 concurrent calls\n")
w(f"1,000 `call_records` calls started at once on a client with no token yet; the token endpoint")
w(f"answers after {t['token_endpoint_delay_ms']} ms. Token requests made: **{t['token_requests']}**.\n")
w("| run | total (ms) | p50 (ms) | p99 (ms) |")
w("|---|---|---|---|")
w(f"| no token yet (one renewal, the others wait for it) | {t['cold']['total_ms']:.0f} | {t['cold']['p50_ms']:.1f} | {t['cold']['p99_ms']:.1f} |")
w(f"| token cached | {t['warm']['total_ms']:.0f} | {t['warm']['p50_ms']:.1f} | {t['warm']['p99_ms']:.1f} |")
w(f"| baseline: reqwest with a fixed bearer header | {t['baseline_fixed_bearer']['total_ms']:.0f} | {t['baseline_fixed_bearer']['p50_ms']:.1f} | {t['baseline_fixed_bearer']['p99_ms']:.1f} |")
w("")

w("## 6. Build times of the crate\n")
w("`cargo build --lib` (dev profile) in a scratch target directory:\n")
w("| build | seconds |")
w("|---|---|")
w(f"| cold (all dependencies) | {build['cold_s']:.1f} |")
w(f"| nothing changed | {build['noop_s']:.1f} |")
w(f"| spec edited (build.rs regenerates, the crate recompiles) | {build['spec_edit_s']:.1f} |")
w(f"| src/lib.rs touched | {build['lib_touch_s']:.1f} |")
w("")

w("## 7. TLS crypto provider: a consumer's cold build\n")
w("A one-file consumer that builds a client, built cold (`cargo build`, dev profile, its own")
w("target directory) against a copy of this commit with rustls' provider as shipped (aws-lc-rs,")
w("reqwest's `rustls` feature) and with `ring` (reqwest's `rustls-no-provider`, rustls' `ring`")
w("feature, the provider installed as the process default when a client is built):")
w("`benches/tls_build.sh`.\n")
w("| provider | seconds | crates compiled | aws-lc-sys built | ring built |")
w("|---|---|---|---|---|")
for variant in ("aws-lc-rs", "ring"):
    v = tls_build[variant]
    w(f"| {variant} | {v['seconds']:.0f} | {v['crates']} | {'yes' if v['aws_lc_sys'] else 'no'} | {'yes' if v['ring'] else 'no'} |")
saved = tls_build["aws-lc-rs"]["seconds"] - tls_build["ring"]["seconds"]
w("")
if saved > 0:
    w(f"ring saves {saved:.0f} s ({saved / tls_build['aws-lc-rs']['seconds']:.0%}) of a cold build in this run. The crate keeps")
    w("aws-lc-rs all the same: with ring,")
else:
    w(f"ring saves nothing in this run ({-saved:.0f} s slower). The crate keeps aws-lc-rs; besides, with")
    w("ring,")
w("reqwest has no provider of its own, so the crate would")
w("have to install ring as the process-wide default (a side effect on every other rustls user")
w("in the consumer's process, and a panic in reqwest if that install is skipped), while")
w("aws-lc-rs brings rustls' default post-quantum key exchange (X25519MLKEM768) and a FIPS")
w("option, and is what reqwest's and rustls' default features already put in most")
w("consumers' dependency graphs, where switching saves them nothing. The saving is once per")
w("cold build; incremental builds do not rebuild either provider.")
w("")

w("## Load test under faults\n")
w(f"`cargo run --release --features simulator --example load_test -- {load['requests']} {load['concurrency']}`:")
w(f"the client against the simulator with {load['faults']['error_rate']:.0%} HTTP 503, {load['faults']['drop_rate']:.0%} dropped")
w(f"connections and {load['faults']['latency_ms']} ms added latency; {load['requests']:,} calls at concurrency {load['concurrency']}")
w("across the five operations (30% call result detail, 20% external result, 30% CDR, 10% call")
w("records, 10% update of a reserved call's result), default retries (2), 10 s timeout.\n")
w("| measure | value |")
w("|---|---|")
w(f"| calls ended (success or typed error) | {load['ended']:,} of {load['requests']:,} |")
w(f"| panics | {load['panics']} |")
w(f"| hangs (no end within 60 s) | {load['hangs']} |")
for k, v in sorted(load["outcomes"].items()):
    w(f"| outcome `{k}` | {v:,} |")
w(f"| requests the simulator received (operations) | {load['server_requests']:,} |")
w(f"| retries (server requests − calls) | {load['retries']:,} |")
w(f"| token requests | {load['token_requests']} |")
for k, v in sorted(load["faults_injected"].items()):
    w(f"| faults injected: {k} | {v:,} |")
w(f"| wall time | {load['elapsed_s']:.1f} s ({load['calls_per_s']:,.0f} calls/s) |")
w("")
w("The errors left are the update of a reserved call's result, which is retried only when")
w("the request provably was not sent: a 503 or a dropped connection after sending is")
w("reported, not retried.")
print("\n".join(out))
