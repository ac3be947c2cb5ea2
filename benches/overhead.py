"""Instructions and heap allocations per call, for each way of making the call that
benches/overhead.rs knows (VARIANTS: this client, the hand-written baselines, the peer).

Allocations: the bench binary's counting allocator, natively. Instructions: the same binary
under callgrind, collecting only inside `overhead::measured` (the measured calls, on the
calling thread). Both are independent of the load of the machine.

Also the cost of the bearer token in a call-records call: the instructions of the cached
token's lookups on the call's path (`TokenProvider::token` before the call,
`BearerToken::authorization` for the attempt), as callgrind attributes them inclusively.

Also the cost of recording (a client recording every exchange to a cassette, the variant
`recording`, against `client`), and the memory of a long recording: resident memory after
the warm-up and after LONG_RECORDING_CALLS recorded calls, with and without recording.

Writes target/bench-results/overhead.json. Run by benches/run.sh.
"""

import json
import os
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "target" / "bench-results"
CALLGRIND = RESULTS / "callgrind"
OPERATIONS = ["cdr", "call-result-detail", "call-records"]
# The ways of making each call, as benches/overhead.rs names them (support::Variant), and how
# the report calls them. A variant added to the bench is a line here and a row in the report.
VARIANTS = [
    ("client", "this client"),
    ("baseline", "baseline: reqwest + serde_json, literal body (the floor)"),
    ("baseline_typed", "baseline: reqwest + serde_json, typed request"),
    ("peer", "peer: openapi-generator's client + middleware"),
]
ALLOC_CALLS = 5000
CALLGRIND_CALLS = 500
# The functions whose inclusive cost is the cached token's, in a call-records call.
TOKEN_FUNCTIONS = [
    "huawei_cec::token::TokenProvider::token::{{closure}}",
    "<huawei_cec::token::TokenProvider as huawei_cec::transport::BearerToken>::authorization",
]


def bench_binary():
    out = subprocess.run(
        ["cargo", "bench", "--locked", "--features", "simulator", "--bench", "overhead",
         "--no-run", "--message-format=json"],
        cwd=ROOT, check=True, capture_output=True, text=True,
    ).stdout
    for line in out.splitlines():
        msg = json.loads(line)
        if msg.get("reason") == "compiler-artifact" and msg["target"]["name"] == "overhead" \
                and msg.get("executable"):
            return msg["executable"]
    sys.exit("overhead: no bench executable in cargo's output")


# Deriving the signing key (auth-v2: an HMAC of `auth-v2/{AK}/{timestamp}/...`) happens when a
# signature's millisecond differs from the previous one's: how often depends on the wall clock
# (valgrind runs a call some 50 times slower, and the load of the machine slows it more), not on
# the code of the side measured; every side signs with the same Signer. Its cost is reported,
# and left out of the comparison (`instructions_less_key_per_call`).
KEY_DERIVATION = "huawei_cec::auth::signing::keyed_mac"


def inclusive(out_file, functions, required=True):
    """Inclusive instructions of each function in a callgrind output, by name."""
    text = subprocess.run(
        ["callgrind_annotate", "--show=Ir", "--inclusive=yes", "--threshold=100", str(out_file)],
        check=True, capture_output=True, text=True,
    ).stdout
    found = {}
    for line in text.splitlines():
        m = re.match(r"^\s*([\d,]+) \([^)]*\)\s+\?\?\?:(.*?) \[", line)
        if m and m.group(2) in functions:
            found[m.group(2)] = found.get(m.group(2), 0) + int(m.group(1).replace(",", ""))
    missing = [f for f in functions if f not in found]
    if missing and required:
        sys.exit(f"overhead: not in the callgrind profile (renamed or inlined?): {missing}")
    return found


# callgrind's simulated events (its cache model of this machine's L1 and last-level caches,
# and its branch predictor model), per call: what the instruction count does not show.
SIMULATED = {
    "I1mr": "L1 instruction-cache misses",
    "D1mr": "L1 data-cache read misses",
    "D1mw": "L1 data-cache write misses",
    "Bcm": "mispredicted conditional branches",
    "Bim": "mispredicted indirect branches",
}


def simulated(out_file):
    """The simulated events of SIMULATED in a callgrind output, per call."""
    events, summary = None, None
    for line in Path(out_file).read_text(errors="replace").splitlines():
        if line.startswith("events:"):
            events = line.split()[1:]
        elif line.startswith("summary:") or line.startswith("totals:"):
            summary = [int(x) for x in line.split()[1:]]
    if not events or not summary:
        sys.exit(f"overhead: no event summary in {out_file}")
    totals = dict(zip(events, summary))
    return {name: totals.get(name, 0) / CALLGRIND_CALLS for name in SIMULATED}


LONG_RECORDING_CALLS = 100_000


def recording(binary, rows):
    """The `recording` variant against `client`, per operation; and a long recording."""
    out = {"rows": []}
    for op in OPERATIONS:
        native = json.loads(subprocess.run(
            [binary, "recording", op, str(ALLOC_CALLS)],
            check=True, capture_output=True, text=True).stdout)
        out_file = CALLGRIND / f"recording-{op}.out"
        run = subprocess.run(
            ["valgrind", "--tool=callgrind", "--toggle-collect=*overhead::measured*",
             f"--callgrind-out-file={out_file}", binary, "recording", op, str(CALLGRIND_CALLS)],
            check=True, capture_output=True, text=True)
        collected = re.search(r"Collected : (\d+)", run.stderr)
        if not collected:
            sys.exit(f"overhead: no callgrind total for recording {op}:\n{run.stderr}")
        client = next(r for r in rows if r["operation"] == op)["client"]
        instructions = int(collected.group(1)) / CALLGRIND_CALLS
        out["rows"].append({
            "operation": op,
            "instructions_per_call": instructions,
            "client_instructions_per_call": client["instructions_per_call"],
            "allocations_per_call": native["allocations_per_call"],
            "bytes_allocated_per_call": native["bytes_allocated_per_call"],
            "thread_cpu_us_per_call": native["thread_cpu_us_per_call"],
            # The warm-up calls (200) are recorded too.
            "cassette_bytes_per_call": native["cassette_bytes"] / (ALLOC_CALLS + 200),
        })
        print(f"{op:<20} recording {instructions:>9,.0f} instructions"
              f" ({instructions / client['instructions_per_call'] - 1:+.1%} on the client)"
              f" {native['allocations_per_call']:>5.1f} allocations per call", flush=True)
    out["long"] = {}
    for variant in ["client", "recording"]:
        native = json.loads(subprocess.run(
            [binary, variant, "cdr", str(LONG_RECORDING_CALLS)],
            check=True, capture_output=True, text=True).stdout)
        out["long"][variant] = {
            "calls": LONG_RECORDING_CALLS,
            "memory_after_warm_up_kib": native["memory_after_warm_up_kib"],
            "memory_at_end_kib": native["memory_at_end_kib"],
            "cassette_bytes": native["cassette_bytes"],
            "wall_us_per_call": native["wall_us_per_call"],
        }
        print(f"{LONG_RECORDING_CALLS:,} cdr calls, {variant}: resident memory"
              f" {native['memory_after_warm_up_kib']} after the warm-up,"
              f" {native['memory_at_end_kib']} at the end (KiB)", flush=True)
    return out


def main():
    binary = bench_binary()
    CALLGRIND.mkdir(parents=True, exist_ok=True)
    rows = []
    token = None
    for op in OPERATIONS:
        row = {"operation": op}
        for variant, _ in VARIANTS:
            native = json.loads(subprocess.run(
                [binary, variant, op, str(ALLOC_CALLS)],
                check=True, capture_output=True, text=True).stdout)
            out_file = CALLGRIND / f"{variant}-{op}.out"
            run = subprocess.run(
                ["valgrind", "--tool=callgrind", "--cache-sim=yes", "--branch-sim=yes",
                 "--toggle-collect=*overhead::measured*",
                 f"--callgrind-out-file={out_file}", binary, variant, op, str(CALLGRIND_CALLS)],
                check=True, capture_output=True, text=True)
            collected = re.search(r"Collected : (\d+)", run.stderr)
            if not collected:
                sys.exit(f"overhead: no callgrind total for {variant} {op}:\n{run.stderr}")
            key = inclusive(out_file, [KEY_DERIVATION], required=False).get(KEY_DERIVATION, 0)
            row[variant] = {
                "instructions_per_call": int(collected.group(1)) / CALLGRIND_CALLS,
                "key_derivation_per_call": key / CALLGRIND_CALLS,
                "instructions_less_key_per_call": (int(collected.group(1)) - key) / CALLGRIND_CALLS,
                "simulated_per_call": simulated(out_file),
                "allocations_per_call": native["allocations_per_call"],
                "bytes_allocated_per_call": native["bytes_allocated_per_call"],
            }
            if variant == "client" and op == "call-records":
                costs = inclusive(out_file, TOKEN_FUNCTIONS)
                token = {
                    "instructions_per_call": sum(costs.values()) / CALLGRIND_CALLS,
                    "by_function": {k: v / CALLGRIND_CALLS for k, v in costs.items()},
                }
            print(f"{op:<20} {variant:<9} {row[variant]['instructions_per_call']:>9,.0f} instructions"
                  f" ({row[variant]['instructions_less_key_per_call']:,.0f} less the key's derivation)"
                  f" {row[variant]['allocations_per_call']:>5.1f} allocations per call", flush=True)
        rows.append(row)
    records = next(r for r in rows if r["operation"] == "call-records")
    token["share_of_call"] = token["instructions_per_call"] / records["client"]["instructions_per_call"]
    print(f"cached token in a call-records call: {token['instructions_per_call']:,.0f} instructions,"
          f" {token['share_of_call']:.2%} of the call")
    (RESULTS / "overhead.json").write_text(json.dumps({
        "calls_counted_for_allocations": ALLOC_CALLS,
        "calls_under_callgrind": CALLGRIND_CALLS,
        "variants": [{"name": name, "label": label} for name, label in VARIANTS],
        "valgrind": subprocess.run(["valgrind", "--version"], capture_output=True,
                                   text=True).stdout.strip(),
        "rows": rows,
        "token": token,
        "recording": recording(binary, rows),
    }, indent=2))


if __name__ == "__main__":
    os.chdir(ROOT)
    main()
