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
w(f"- Commit: {commit}")
started, finished = RESULTS / "started", RESULTS / "finished"
if started.exists() and finished.exists():
    took = int(finished.read_text()) - int(started.read_text())
    w(f"- The whole run (`bash benches/run.sh`, builds included): {took // 60} min {took % 60} s")
w("")

w("## Load on the machine during the run\n")
w("The 1-minute load average (`/proc/loadavg`), sampled every 5 s. The benches themselves keep")
w("both cores busy (the end-to-end bench runs client, baseline and server on 2 worker threads),")
w("so a load of about 2 during a section is the bench; what matters is the load before and after.")
if quiet["quiet"]:
    w(f"Before measuring, the run waited {quiet['waited_s']} s for the load to stay below {quiet['threshold']} for a minute.\n")
else:
    w(f"**The machine did not get quiet**: the run waited {quiet['waited_s']} s for the load to stay below")
    w(f"{quiet['threshold']} for a minute, then measured anyway. Read the wall-clock figures with that in mind.\n")
w("| section | samples (about 5 s apart) | load (min / mean / max) |")
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

VARIANT_LABELS = {
    "client": "client",
    "baseline": "baseline (literal body)",
    "baseline_typed": "baseline (typed request)",
    "peer": "peer",
}
OTHERS = ["baseline", "baseline_typed", "peer"]


def median(values):
    values = sorted(values)
    return values[len(values) // 2] if len(values) % 2 else (values[len(values) // 2 - 1] + values[len(values) // 2]) / 2


w("## 2. End to end: this client, the hand-written baselines and the peer\n")
w("Same local server (in the same process, on the same runtime), the same request, made four ways:\n")
w("- **client**: this crate.")
w("- **baseline (literal body)**, the floor: reqwest + serde_json by hand, the body a literal, the")
w("  path a literal; its reqwest client configured as the client's (User-Agent, redirects not")
w("  followed, timeouts).")
w("- **baseline (typed request)**: the same, but the body serialized with serde_json from")
w("  structs and the path formatted from typed parameters (the call ID percent-encoded): what")
w("  hand-written code usually does.")
w("- **peer**: the client openapi-generator 7.26 makes from the same spec (`benches/peer/`,")
w("  committed and regenerated by `benches/peer.sh`, which CI checks is current), as its user")
w("  would set it up: one `Configuration` per host, auth-v2 added by a reqwest-middleware")
w("  middleware that sets the `Content-Type` the pages prescribe and signs with the same")
w("  `Signer`, the bearer token in the `Configuration`, `Accept: application/json` as a default")
w("  header of its reqwest client.\n")
w("Before measuring, the bench checks that the server received from each the headers the client")
w("sends (the signature's timestamp aside) and the same body (byte for byte from the baselines;")
w("from the peer, whose models serialize the keys in the spec's order, the same JSON value and")
w("length). Replies are decoded with serde_json into the client's types by the baselines, into")
w("its own models by the peer. Medians of "
  f"{e2e['rows'][0].get('rounds', '?')} rounds per row; in each round the four run one after the other")
w("(which goes first rotates); a ratio is the median of the rounds' ratios, the other figures the")
w("medians of each side's.\n")
w("Concurrency 16 and 64 run on a 2-worker runtime. Concurrency 1 runs on a single-threaded")
w("runtime (client and server tasks on one thread): on 2 workers a call at a time is a")
w("ping-pong whose speed depends on which threads tokio put the connections' tasks on (we saw")
w("about 25 µs or about 100 µs per call in the same run, for every side alike), which")
w("swamps what is measured. `call-records` is the bearer-token call: the client with its token")
w("provider and a cached token, the others with the same `Authorization: Bearer` header, fixed.\n")
have_all = all(v in e2e["rows"][0] for v in VARIANT_LABELS)
variants = [v for v in VARIANT_LABELS if v in e2e["rows"][0]]
others = [v for v in OTHERS if v in variants]
w("Throughput (calls per second) and the throughput ratio against each (its rps / the client's:")
w("above 1, the client is slower):\n")
w("| operation | concurrency | " + " | ".join(f"{VARIANT_LABELS[v]} rps" for v in variants) + " | "
  + " | ".join(f"ratio, {VARIANT_LABELS[v]}" for v in others) + " |")
w("|---|---|" + "---|" * (len(variants) + len(others)))
def against(r, v, key):
    if "against" in r:
        return r["against"][v][key]
    return r[key] if v == "baseline" else float("nan")
for r in e2e["rows"]:
    w(f"| {r['operation']} | {r['concurrency']} | " + " | ".join(f"{r[v]['rps']:,.0f}" for v in variants) + " | "
      + " | ".join(f"{against(r, v, 'throughput_ratio'):.3f}" for v in others) + " |")
w("")
w("Latency, p50 and p99 in µs, and the p50 ratio (the client's p50 / its):\n")
w("| operation | concurrency | " + " | ".join(f"{VARIANT_LABELS[v]} p50 / p99" for v in variants) + " | "
  + " | ".join(f"p50 ratio, {VARIANT_LABELS[v]}" for v in others) + " |")
w("|---|---|" + "---|" * (len(variants) + len(others)))
for r in e2e["rows"]:
    w(f"| {r['operation']} | {r['concurrency']} | " + " | ".join(f"{r[v]['p50_us']:,.0f} / {r[v]['p99_us']:,.0f}" for v in variants) + " | "
      + " | ".join(f"{against(r, v, 'p50_ratio'):.3f}" for v in others) + " |")
w("")
floor = [against(r, "baseline", "throughput_ratio") for r in e2e["rows"]]
w("Goals, in this run:\n")
w(f"- Against the floor (baseline, literal body): the median of the rows' throughput ratios at most")
w(f"  1.10, and no row above 1.20: median **{median(floor):.3f}**, highest **{max(floor):.3f}** "
  f"({'met' if median(floor) <= 1.10 and max(floor) <= 1.20 else 'NOT met'}).")
if "peer" in others:
    peer = [against(r, "peer", "throughput_ratio") for r in e2e["rows"]]
    w(f"- Against the peer: throughput at least the peer's, the median over the rows: the median of")
    w(f"  the peer's throughput over the client's is **{median(peer):.3f}** "
      f"({'met' if median(peer) <= 1.0 else 'NOT met'}; rows from {min(peer):.3f} to {max(peer):.3f}).")
w("")
w("Read these rows with the run-to-run spread in mind: on this 2-core machine a row's median moved")
w("by up to 0.09 between runs of the same code (issue 13), more than the differences measured")
w("here; section 3's instruction counts do not move with the load, and say where the client is")
w("behind when it is: per call, the client spends "
  + ", ".join(f"{r['operation']} {r['client'].get('instructions_less_key_per_call', r['client']['instructions_per_call']) / r['peer'].get('instructions_less_key_per_call', r['peer']['instructions_per_call']):.3f}"
              for r in overhead["rows"] if "peer" in r)
  + " of the peer's instructions.\n")
w("What the client does on each call that the peer does not (so that a tie costs the client")
w("more work): it checks its input before sending (IDs' length and characters, numbers' ranges,")
w("the path's shape after encoding), caps requests in flight per host, bounds the reply's size")
w("and nesting as it reads it and the whole call by a deadline, checks that a redirect was not")
w("followed, maps every failure to one typed error (the business result code of the")
w("body included: the peer returns `0200007` as a success), opens a `tracing` span, and is")
w("ready to retry (the benches turn retries off: one attempt each). The peer sends what it is")
w("given and decodes what comes back; its error is reqwest's, serde's or the status.\n")

w("## 3. What one call costs the calling thread: instructions and heap allocations\n")
w("`benches/overhead.rs`: the same calls as section 2, each way, on a single-threaded runtime, the")
w("server on a thread of its own. Instructions: callgrind, only the measured calls on the calling")
w(f"thread ({overhead['calls_under_callgrind']} calls; everything the call costs there: building, signing, the hooks,")
w("the HTTP/1 connection task, decoding). Allocations: a counting global allocator, the calling")
w(f"thread, {overhead['calls_counted_for_allocations']:,} calls. Both are independent of the load of the machine.")
w("valgrind does not run SHA-NI: SHA-256 is counted in its portable form, so signing weighs more")
w("here than it does natively.\n")
labels = {v["name"]: v["label"] for v in overhead.get("variants", [])} or {"client": "this client", "baseline": "baseline"}
# The comparison leaves out the signing key's derivation, whose frequency is the wall clock's
# (benches/overhead.py, KEY_DERIVATION); results from before that field compare the totals.
less = "instructions_less_key_per_call" if "instructions_less_key_per_call" in overhead["rows"][0]["client"] \
    else "instructions_per_call"
if less != "instructions_per_call":
    w("The signing key (auth-v2 derives it from the timestamp, to the millisecond) is derived again")
    w("whenever a signature's millisecond differs from the previous one's: how often depends on")
    w("how long a call takes on the wall clock (valgrind runs a call some 50 times slower, and the")
    w("load slows it more), not on the side measured, which all sign with the same `Signer`.")
    w("In runs of the same binary it moved a side's count by up to 2,500 instructions per call, more")
    w("than the differences measured. So the comparison (`client / this`) and the goals use the")
    w("instructions less the key's derivation (`auth::signing::keyed_mac`, inclusive), shown too.\n")
w("| operation | variant | instructions | key derivation | less key derivation | client / this | allocations | bytes allocated |")
w("|---|---|---|---|---|---|---|---|")
for r in overhead["rows"]:
    c = r["client"][less]
    for name, label in labels.items():
        if name not in r:
            continue
        v = r[name]
        ratio = "–" if name == "client" else f"{c / v[less]:.3f}"
        w(f"| {r['operation']} | {label} | {v['instructions_per_call']:,.0f} | "
          f"{v.get('key_derivation_per_call', float('nan')):,.0f} | {v[less]:,.0f} | {ratio} | "
          f"{v['allocations_per_call']:.0f} | {v['bytes_allocated_per_call']:,.0f} |")
w("")
w("Goals, in this run:\n")
for r in overhead["rows"]:
    c = r["client"][less]
    b = c / r["baseline"][less]
    line = f"- {r['operation']}: client / floor **{b:.3f}** ({'met' if b <= 1.08 else 'NOT met'}: at most 1.08)"
    if "peer" in r:
        p = c / r["peer"][less]
        line += f"; client / peer **{p:.3f}** ({'met' if p <= 1.0 else 'NOT met'}: at most 1)"
    w(line + ".")
w("")
w("The client's replies are decoded from a `str` checked once as UTF-8, whole, with simdutf8")
w("(`crate::generated::from_response` in place of progenitor's `ResponseValue::from_response`, whose")
w("`serde_json::from_slice` checks every string of the reply on its own), the reply's headers moved")
w("into the decoded value. The peer reads the reply with reqwest's `text()` (without reqwest's")
w("`charset` feature, which neither the peer's Cargo.toml nor this crate asks for: a lossy UTF-8")
w("decode) and `serde_json::from_str`; the baselines decode with `from_slice`, as `json()` does.\n")
if any("peer" in r and r["client"][less] > r["peer"][less] for r in overhead["rows"]):
    w("Where the client is behind the peer (measured in issue 22's second pass): a signed call keeps")
    w("a copy of its request for the clock-skew correction's attempt (`reqwest::Request::try_clone` in")
    w("`Transport::attempt`: about 4,600 instructions and 10 allocations per signed call; with")
    w("`clock_skew_correction(false)` the client spent 0.995 (cdr) and 0.975 (call-result-detail) of")
    w("the peer's instructions). The rest, in `callgrind_annotate` of `target/bench-results/callgrind/")
    w("client-cdr.out` against `peer-cdr.out`: the call's deadline future (`transport::Before`), the")
    w("boxed and task-local layers that give one typed error, the attempt loop, `media_type_of`, the")
    w("input checks, the response rebuilt after the bounded read; against that the peer pays for its")
    w("middleware, its lossy UTF-8 decode and its boxed models.\n")
if all("simulated_per_call" in r["client"] for r in overhead["rows"]):
    w("### What the instruction count does not show\n")
    w("callgrind also simulated, in the same runs, the L1 caches and the branch predictor (its")
    w("model, not this CPU's; per call). The client runs more distinct code and touches more")
    w("memory per call than the baseline: its share of these events, which cost cycles the")
    w("instruction count leaves out, is larger than its share of instructions.\n")
    names = list(overhead["rows"][0]["client"]["simulated_per_call"])
    w("| operation | variant | " + " | ".join(names) + " |")
    w("|---|---|" + "---|" * len(names))
    for r in overhead["rows"]:
        for name, label in labels.items():
            if name in r:
                v = r[name]["simulated_per_call"]
                w(f"| {r['operation']} | {label} | " + " | ".join(f"{v[n]:,.0f}" for n in names) + " |")
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

def optional(name):
    path = RESULTS / name
    return json.loads(path.read_text()) if path.exists() else None


memory = optional("memory.json")
sizes = optional("type_sizes.json")
if memory:
    w("## 8. Memory at scale: 10,000 calls at once\n")
    w(f"`benches/memory.rs`: {memory['calls']:,} calls started at once (one task each, a 2-worker runtime)")
    w(f"against a server in another process that answers each {memory['reply_delay_ms']} ms after it came in,")
    w("so that all of them are in flight or queued together. Each way of calling runs in a process of")
    w("its own; the figure is its peak resident set (VmHWM) less its resident set just before the")
    w("calls, per call. The client caps requests in flight per host")
    w(f"({memory['max_in_flight_per_host']} by default): the others are queued, each holding its future")
    w("and task, while the baseline and the peer open a connection for every call in flight. The row")
    w("`client, cap raised` sets the cap to the number of calls, to compare like with like.\n")
    names = [("client", "client"), ("client_uncapped", "client, cap raised"), ("baseline", "baseline"), ("peer", "peer")]
    w("| operation | " + " | ".join(f"{label} (bytes per call)" for _, label in names) + " | client / baseline | client / peer | cap raised / baseline |")
    w("|---|" + "---|" * (len(names) + 3))
    for r in memory["rows"]:
        w(f"| {r['operation']} | " + " | ".join(f"{r[n]['peak_bytes_per_call']:,.0f}" for n, _ in names) + " | "
          f"{r['ratios']['client_over_baseline']:.2f} | {r['ratios']['client_over_peer']:.2f} | {r['ratios']['client_uncapped_over_baseline']:.2f} |")
    w("")
    w("Peak resident set of each process and how long the 10,000 calls took:\n")
    w("| operation | " + " | ".join(f"{label}: peak MB, s" for _, label in names) + " |")
    w("|---|" + "---|" * len(names))
    for r in memory["rows"]:
        w(f"| {r['operation']} | " + " | ".join(f"{r[n]['peak_rss_kb'] / 1024:.1f}, {r[n]['seconds']:.1f}" for n, _ in names) + " |")
    worst = max(r["ratios"]["client_over_baseline"] for r in memory["rows"])
    worst_raised = max(r["ratios"]["client_uncapped_over_baseline"] for r in memory["rows"])
    w("")
    w(f"Goal: at most 1.2× the baseline's memory per call: client **{worst:.2f}** at most "
      f"({'met' if worst <= 1.2 else 'NOT met'}); with the cap raised to the number of calls, **{worst_raised:.2f}** "
      f"({'met' if worst_raised <= 1.2 else 'not met'}).\n")
if sizes:
    w("The futures themselves (`-Zprint-type-sizes`, nightly, release; `benches/type_sizes.sh`):")
    w("what a call holds before anything it allocates, queued or in flight.\n")
    w("| future | bytes |")
    w("|---|---|")
    for k, v in sizes.items():
        w(f"| {k} | {'not found' if v is None else f'{v:,}'} |")
    w("")

batch = optional("batch.json")
if batch:
    w("## 9. Batch lookups at scale: `cec ... --call-ids-from`\n")
    w(f"`benches/batch.rs`: the real `cec` binary looks up {batch['ids']:,} call IDs (a file, one a line;")
    w(f"the simulator's calls, cycled) against `cec simulate --latency-ms {batch['latency_ms']}` in another process,")
    w("`-o ndjson` to a file; every row must come out in the file's order and every lookup succeed.")
    w("Allowed: C / latency lookups per second, C no more than the client's cap on requests in")
    w(f"flight per host ({batch['max_in_flight_per_host']}). Peak RSS: the `cec` process's (wait4).\n")
    w("Beside each rate, two floors measured right after it at the same concurrency (C, at most the")
    w("cap): `reqwest floor`, the same lookups (signed, decoded) by a bare reqwest loop on a")
    w("single-threaded runtime, as `cec` runs, against the same simulator; `timer floor`, C tasks")
    w("doing nothing but `tokio::time::sleep` of the latency, as many times as there are IDs.\n")
    w("| operation | concurrency | lookups/s | allowed | share | reqwest floor (share) | timer floor (share) | seconds | CPU of cec (s) | CPU of the simulator (s) | peak RSS of cec (MB) | load |")
    w("|---|---|---|---|---|---|---|---|---|---|---|---|")
    for r in batch["rows"]:
        floor = lambda k: (f"{r[k]:,.0f} ({r[k] / r['allowed_per_s']:.0%})" if k in r else "–")
        w(f"| {r['operation']} | {r['concurrency']} | {r['lookups_per_s']:,.0f} | {r['allowed_per_s']:,.0f} | "
          f"{r['share_of_allowed']:.0%} | {floor('reqwest_floor_per_s')} | {floor('timer_floor_per_s')} | "
          f"{r['seconds']:.1f} | {r.get('cpu_seconds', float('nan')):.1f} | "
          f"{r.get('simulator_cpu_seconds', float('nan')):.1f} | {r['peak_rss_kb'] / 1024:.1f} | "
          f"{r.get('load1') or '–'} |")
    w("")
    w("The CPU columns say who kept the rate down when it is below the allowed one: `cec` spending")
    w("a small share of the wall time on the CPU is waiting for replies, not working. The floors")
    w("say whose the rest is: `cec` at the reqwest floor loses nothing to its own machinery; the")
    w("timer floor is what tokio's timer (it rounds a sleep up to the next millisecond tick) and")
    w("the machine's scheduling leave of C / latency with no network and no server at all, and the")
    w("simulator waits on the same timer before each reply.")
    w("")
    w("Memory against the number of IDs (same concurrency):\n")
    w("| operation | concurrency | IDs | peak RSS (MB) | IDs | peak RSS (MB) | ratio |")
    w("|---|---|---|---|---|---|---|")
    for g in batch["growth"]:
        w(f"| {g['operation']} | {g['concurrency']} | {g['small']['ids']:,} | {g['small']['peak_rss_kb'] / 1024:.1f} | "
          f"{g['full']['ids']:,} | {g['full']['peak_rss_kb'] / 1024:.1f} | {g['ratio']:.2f} |")
    w("")
    low = min(r["share_of_allowed"] for r in batch["rows"])
    growth = max(g["ratio"] for g in batch["growth"])
    w(f"Goals: at least 90% of the allowed rate: lowest **{low:.0%}** ({'met' if low >= 0.9 else 'NOT met'}); memory not")
    w(f"growing with the IDs: **{growth:.2f}×** for ten times the IDs ({'met' if growth <= 1.1 else 'NOT met'}). A file's IDs")
    w("are checked in a first reading and looked up in a second, never held; at most 4,096 lookups")
    w("wait, done, behind a slower one to be printed in order; rows are written as they come (a")
    w("table, whose column widths depend on every row, is the exception; standard input, which")
    w("cannot be read twice, is held).\n")

cold = optional("cold_build.json")
if cold:
    w("## 10. A consumer's cold build: this crate, the peer, the floor\n")
    w("`benches/cold_build.sh`: a one-file consumer built cold (`cargo build --timings`, dev profile,")
    w("a target directory of its own), one after the other: of this crate (a copy of the commit), of the")
    w("peer (`benches/peer`, with its `rustls` feature: the TLS this crate uses; reqwest-middleware,")
    w("tokio), and the floor (reqwest with this crate's features, tokio, serde_json). cargo's")
    w("timings pages are in `target/bench-results/cold-build/`.\n")
    w("| consumer of | seconds | crates compiled | sum of the units' times (s) |")
    w("|---|---|---|---|")
    for name, label in [("crate", "huawei-cec"), ("peer", "the peer"), ("floor", "reqwest + tokio + serde_json")]:
        c = cold[name]
        w(f"| {label} | {c['seconds']:.0f} | {c['crates']} | {c['unit_seconds']:.0f} |")
    ratio = cold["crate"]["seconds"] / cold["peer"]["seconds"]
    w("")
    w(f"Goal: at most 1.2× the peer's: **{ratio:.2f}×** ({'met' if ratio <= 1.2 else 'NOT met'}).\n")
    def target(u):
        if u.get("mode") == "run-custom-build":
            return "build script run"
        return u["target"].strip() or "lib"

    def key(u):
        return (u["name"], target(u))
    def units(name):
        out = {}
        for u in cold[name]["units"]:
            out[key(u)] = out.get(key(u), 0) + u["seconds"]
        return out
    crate_units, peer_units, floor_units = units("crate"), units("peer"), units("floor")
    only = {k: v for k, v in crate_units.items() if k not in peer_units and k not in floor_units}
    w("What only this crate's build compiles (units in neither the peer's nor the floor's build),")
    w(f"**{sum(only.values()):.0f} s** of unit time in all, the largest:\n")
    w("| crate (target) | seconds |")
    w("|---|---|")
    for (n, t), v in sorted(only.items(), key=lambda kv: -kv[1])[:15]:
        w(f"| {n} ({t}) | {v:.1f} |")
    w("")
    own = [u for u in cold["crate"]["units"] if u["name"] == "huawei-cec" and u.get("start") is not None]
    if own:
        w("This crate's own units in its consumer's build (start, seconds from the build's start): the")
        w("build script's compile waits for progenitor and its dependencies, the crate's compile for")
        w("the build script's run, so this chain sets the end of the build:\n")
        w("| unit | mode | starts at (s) | takes (s) |")
        w("|---|---|---|---|")
        for u in sorted(own, key=lambda u: u["start"]):
            w(f"| huawei-cec ({target(u)}) | {u['mode']} | {u['start']:.1f} | {u['seconds']:.1f} |")
        w("")
    groups = {
        "progenitor and typify (build-time generation)": ["progenitor", "progenitor-impl", "typify", "typify-impl",
            "typify-macro", "serde_tokenstream", "openapiv3", "prettyplease", "heck", "regex", "regex-syntax",
            "regex-automata", "aho-corasick", "semver"],
        "the YAML parser only the spec needs (serde_norway)": ["serde_norway", "unsafe-libyaml-norway"],
        "schemars 0.8, a dependency of progenitor-impl and typify-impl (the crate's own schemars 1 is behind its off-by-default feature)": ["schemars", "schemars_derive", "serde_derive_internals", "dyn-clone", "ref-cast", "ref-cast-impl"],
    }
    w("Groups of this crate's build, their unit time (counted whole, also where the peer or the floor")
    w("compile the same crate):\n")
    w("| group | crates found | unit seconds |")
    w("|---|---|---|")
    for label, names in groups.items():
        found = sorted({u["name"] for u in cold["crate"]["units"] if u["name"] in names})
        secs = sum(u["seconds"] for u in cold["crate"]["units"] if u["name"] in names)
        w(f"| {label} | {', '.join(found) or 'none'} | {secs:.1f} |")
    w("")
    w("The largest units of each build:\n")
    w("| huawei-cec | s | the peer | s | the floor | s |")
    w("|---|---|---|---|---|---|")
    tops = [sorted(u.items(), key=lambda kv: -kv[1])[:12] for u in (crate_units, peer_units, floor_units)]
    for i in range(max(len(t) for t in tops)):
        cells = []
        for top in tops:
            if i < len(top):
                (n, t), v = top[i]
                cells += [f"{n} ({t})", f"{v:.1f}"]
            else:
                cells += ["", ""]
        w("| " + " | ".join(cells) + " |")
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
