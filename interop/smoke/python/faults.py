"""The retry layer against `cec simulate`'s faults: the generated client with the signing
helper's RetryTransport (and the token provider's retry) calls simulators started with
--error-rate, --drop-rate, --latency-ms, --garble-rate and --token-forbidden, and counts
what reached each simulator (it prints "stopped after N requests" on Ctrl-C).

The read operations are retried as the Rust client retries them; the update is never sent
again once it may have been sent.

Run by interop/smoke.sh in the smoke venv, with the packaged cec: python faults.py CEC
"""

from __future__ import annotations

import logging
import re
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import httpx
from huawei_cec_auth import BearerTokenProvider, RetryPolicy, TokenError
from huawei_cec_auth.httpx_auth import AuthV2, BearerAuth, OutcomeUnknown, RetryTransport
from huawei_cec_client import AuthenticatedClient
from huawei_cec_client.api.dataprocess import query_call_records
from huawei_cec_client.api.isales import get_call_result_detail, update_reserved_call_result
from huawei_cec_client.models import (
    CallRecordsRequest,
    CallRecordsResponse,
    CallResultDetailResponse,
    UpdateResultRequest,
    UpdateResultResponse,
)

CALL = "1644464743-1388"
UPDATE = UpdateResultRequest(appoint_id="174738152455111432454674595509", fail_code="00000")
FAST = RetryPolicy(initial_backoff=0.02, max_backoff=0.05)
checks: list[bool] = []


def expect(what: str, ok: bool) -> None:
    checks.append(ok)
    print(("ok   " if ok else "FAIL ") + what)


class Retries(logging.Handler):
    """Counts the retry layer's "retrying" records."""

    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.count = 0

    def emit(self, record: logging.LogRecord) -> None:
        if "retrying" in record.getMessage() or "Retry-After asks before" in record.getMessage():
            self.count += 1


retries = Retries()
logging.getLogger("huawei_cec_auth.retry").addHandler(retries)
logging.getLogger("huawei_cec_auth.retry").setLevel(logging.DEBUG)


class Simulator:
    def __init__(self, process: subprocess.Popen[str], url: str) -> None:
        self.process, self.url, self.requests = process, url, -1


@contextmanager
def simulator(cec: str, *faults: str) -> Iterator[Simulator]:
    """`cec simulate --port 0 FAULTS...`; on leaving, stopped with SIGINT and its request
    count read from what it prints."""
    process = subprocess.Popen([cec, "simulate", "--port", "0", *faults], stdout=subprocess.PIPE,
                               stderr=subprocess.STDOUT, text=True)
    assert process.stdout is not None
    url = ""
    for line in process.stdout:
        found = re.search(r"export CEC_ISALES_URL=(\S+)", line)
        if found:
            url = found.group(1)
            break
    if not url:
        process.kill()
        raise SystemExit(f"cec simulate {' '.join(faults)} did not start")
    sim = Simulator(process, url)
    try:
        yield sim
    finally:
        process.send_signal(signal.SIGINT)
        rest, _ = process.communicate(timeout=30)
        counted = re.search(r"stopped after (\d+) requests", rest)
        sim.requests = int(counted.group(1)) if counted else -1


def clients(url: str, policy: RetryPolicy, timeout: float = 10.0) -> tuple[AuthenticatedClient, AuthenticatedClient]:
    signing = AuthV2("demo-ak", "demo-sk")
    tokens = BearerTokenProvider(url, "demo-app-key", "demo-app-secret", retry=policy)
    limits = httpx.Timeout(timeout)
    isales = AuthenticatedClient(base_url=url, token="", timeout=limits,
                                 httpx_args={"auth": signing, "transport": RetryTransport(policy)})
    dataprocess = AuthenticatedClient(base_url=url, token="", timeout=limits,
                                      httpx_args={"auth": BearerAuth(tokens), "transport": RetryTransport(policy)})
    return isales, dataprocess


def raises(call: Callable[[], Any], kind: type[BaseException]) -> BaseException | None:
    try:
        call()
    except kind as error:
        return error
    return None


def main(cec: str) -> int:
    print("--- --error-rate 1: every request answered 503")
    with simulator(cec, "--error-rate", "1") as sim:
        isales, _ = clients(sim.url, FAST)
        retries.count = 0
        read = get_call_result_detail.sync_detailed(8, CALL, client=isales)
        update = update_reserved_call_result.sync_detailed(8, client=isales, body=UPDATE)
    expect("a read: 503 after 3 attempts (2 retries, the default); the update: 503 after 1",
           read.status_code == 503 and update.status_code == 503 and retries.count == 2)
    expect(f"4 requests reached the simulator (it counted {sim.requests})", sim.requests == 4)

    print("--- --error-rate 0.5 (seeded): 40 reads with up to 10 retries each, the token request retried too")
    policy = RetryPolicy(max_retries=10, initial_backoff=0.01, max_backoff=0.02)
    with simulator(cec, "--error-rate", "0.5", "--seed", "7") as sim:
        isales, dataprocess = clients(sim.url, policy)
        retries.count = 0
        details = [get_call_result_detail.sync(8, CALL, client=isales) for _ in range(20)]
        records = [query_call_records.sync(client=dataprocess, body=CallRecordsRequest(
            sub_cc_no="1", vdn="1", call_id="1669464198-17002955")) for _ in range(20)]
    expect("all 20 getCallResultDetail succeed",
           all(isinstance(d, CallResultDetailResponse) and d.result_code == "0200000" for d in details))
    expect("all 20 queryCallRecords succeed (with the token it took)",
           all(isinstance(r, CallRecordsResponse) and r.total == 1 for r in records))
    expect(f"the simulator counted every attempt: {sim.requests} = 40 calls + 1 token request + {retries.count} retries",
           retries.count > 5 and sim.requests == 41 + retries.count)

    print("--- --drop-rate 1: every connection closed without a reply")
    with simulator(cec, "--drop-rate", "1") as sim:
        isales, _ = clients(sim.url, FAST)
        retries.count = 0
        dropped = raises(lambda: get_call_result_detail.sync(8, CALL, client=isales), httpx.RemoteProtocolError)
        lost = raises(lambda: update_reserved_call_result.sync(8, client=isales, body=UPDATE), OutcomeUnknown)
    expect("a read fails after 3 attempts with httpx's error", dropped is not None and retries.count == 2)
    expect("the update raises OutcomeUnknown (may have been applied) and is not sent again",
           lost is not None and "check before sending it again" in str(lost))
    expect(f"4 requests reached the simulator (it counted {sim.requests})", sim.requests == 4)

    print("--- --latency-ms 700 with a 0.25 s timeout: every attempt times out")
    with simulator(cec, "--latency-ms", "700") as sim:
        isales, _ = clients(sim.url, FAST, timeout=0.25)
        retries.count = 0
        started = time.monotonic()
        timed_out = raises(lambda: get_call_result_detail.sync(8, CALL, client=isales), httpx.ReadTimeout)
        read_took = time.monotonic() - started
        read_retries = retries.count
        started = time.monotonic()
        unknown = raises(lambda: update_reserved_call_result.sync(8, client=isales, body=UPDATE), OutcomeUnknown)
        update_took = time.monotonic() - started
    expect(f"a read times out 3 times ({read_took:.2f} s, 2 retries)",
           timed_out is not None and read_retries == 2 and read_took >= 0.75)
    expect(f"the update times out once and raises OutcomeUnknown ({update_took:.2f} s, no retry)",
           unknown is not None and retries.count == read_retries and update_took < 0.5)

    print("--- --latency-ms 200 with the default timeout: slow, not failed")
    with simulator(cec, "--latency-ms", "200") as sim:
        isales, _ = clients(sim.url, FAST)
        retries.count = 0
        slow = get_call_result_detail.sync(8, CALL, client=isales)
        updated = update_reserved_call_result.sync(8, client=isales, body=UPDATE)
    expect("both succeed with no retry, 2 requests",
           isinstance(slow, CallResultDetailResponse) and isinstance(updated, UpdateResultResponse)
           and updated.result_code == "0200000" and retries.count == 0 and sim.requests == 2)

    print("--- --garble-rate 1: a reply cut short and garbled is not retried (as in Rust)")
    with simulator(cec, "--garble-rate", "1") as sim:
        isales, _ = clients(sim.url, FAST)
        retries.count = 0
        garbled = raises(lambda: get_call_result_detail.sync(8, CALL, client=isales), ValueError)
    expect("the generated client cannot decode it; one request", garbled is not None and sim.requests == 1
           and retries.count == 0)

    print("--- --token-forbidden: 403 to the token request is final")
    with simulator(cec, "--token-forbidden") as sim:
        _, dataprocess = clients(sim.url, FAST)
        forbidden = raises(lambda: query_call_records.sync(client=dataprocess, body=CallRecordsRequest(
            sub_cc_no="1", vdn="1", call_id="1669464198-17002955")), TokenError)
    expect("TokenError naming the app key and the allow-list; one request",
           forbidden is not None and "allow-list" in str(forbidden) and sim.requests == 1)

    failed = checks.count(False)
    print(f"python faults: {len(checks) - failed} passed, {failed} failed")
    return 1 if failed or not checks else 0


if __name__ == "__main__":
    if len(sys.argv) != 2:
        raise SystemExit(__doc__)
    sys.exit(main(sys.argv[1]))
