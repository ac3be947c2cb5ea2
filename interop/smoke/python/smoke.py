"""Smoke test: the Python client regenerated from spec/huawei-cec.yaml calls a running
simulator and gets the expected data: the document is true, not only valid.

The bearer-token operation needs no signing; the CC-iSales and CC-CMS operations are signed
with auth-v2 by a small httpx request hook around the independent Python signer
(tests/signing-vectors/sign_v2.py).

Usage: PYTHONPATH=interop/out/python python interop/checks/smoke.py http://127.0.0.1:PORT
"""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path
from urllib.parse import urlsplit

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "tests" / "signing-vectors"))
import sign_v2  # noqa: E402

from huawei_cec_client import AuthenticatedClient, Client  # noqa: E402
from huawei_cec_client.api.auth import create_token  # noqa: E402
from huawei_cec_client.api.cms import query_cdr_by_call_id  # noqa: E402
from huawei_cec_client.api.dataprocess import query_call_records  # noqa: E402
from huawei_cec_client.api.isales import (  # noqa: E402
    get_call_result_detail,
    get_external_result,
    update_reserved_call_result,
)
from huawei_cec_client.models import (  # noqa: E402
    CallRecordsRequest,
    CallRecordsResponse,
    CallResultDetailResponse,
    CdrQueryParam,
    CdrQueryParamIsCallin,
    CdrQueryRequest,
    CdrQueryResponse,
    ErrorBody,
    ExternalResultResponse,
    TokenRequest,
    TokenResponse,
    UpdateResultRequest,
    UpdateResultResponse,
)

CONTENT_TYPE = "application/json; charset=UTF-8"
checks: list[tuple[str, bool]] = []


def expect(what: str, ok: bool) -> None:
    checks.append((what, ok))
    print(("ok   " if ok else "FAIL ") + what)


def sign(request: httpx.Request) -> None:
    """auth-v2 over the request exactly as httpx will send it."""
    request.headers["Content-Type"] = CONTENT_TYPE
    url = urlsplit(str(request.url))
    body = request.content if request.method not in ("GET", "HEAD") else None
    headers = {"host": request.headers["host"], "content-type": CONTENT_TYPE}
    if body is not None:
        headers["content-length"] = str(len(body))
    t = dt.datetime.now(dt.timezone.utc)
    stamp = t.strftime("%Y-%m-%dT%H:%M:%S.") + f"{t.microsecond // 1000:03d}Z"
    signed = sign_v2.sign(ak="demo-ak", sk="demo-sk", timestamp=stamp, method=request.method, path=url.path,
                          raw_query=url.query or None, headers=headers, body=body)
    request.headers["Authorization"] = signed.authorization


def main(base: str) -> int:
    # The token interface, then call records with the bearer token.
    token = create_token.sync(client=Client(base_url=base),
                              body=TokenRequest(app_key="demo-app-key", app_secret="demo-app-secret"))
    expect("createToken returns a token, its lifetime in Expires (a numeric string) and no refresh token",
           isinstance(token, TokenResponse) and bool(token.access_token) and token.expires == "3600"
           and token.apply_type == "Bearer" and not token.additional_properties)
    assert isinstance(token, TokenResponse)
    bearer = AuthenticatedClient(base_url=base, token=token.access_token)
    records = query_call_records.sync(client=bearer, body=CallRecordsRequest(sub_cc_no="1", vdn="1", call_id="1669464198-17002955"),
                                x_app_key="demo-app-key")
    expect("queryCallRecords finds the page's call with satisfaction 1",
           isinstance(records, CallRecordsResponse) and records.total == 1
           and records.results[0].call_id == "1669464198-17002955" and records.results[0].evaluation_value == "1")
    refused = query_call_records.sync(client=AuthenticatedClient(base_url=base, token="forged"),
                                body=CallRecordsRequest(sub_cc_no="1", vdn="1", call_id="x"))
    expect("a forged token is refused (401, ErrorBody)", isinstance(refused, ErrorBody))

    # The signed operations, through an httpx hook that signs each request.
    signed = AuthenticatedClient(base_url=base, token="", httpx_args={"event_hooks": {"request": [sign]}})
    detail = get_call_result_detail.sync(8, "1644464743-1388", client=signed)
    expect("getCallResultDetail reads the page's call",
           isinstance(detail, CallResultDetailResponse) and detail.result_code == "0200000"
           and detail.data.call_id == "1644464743-1388" and str(detail.data.call_status) == "6")
    missing = get_call_result_detail.sync(8, "no-such-call", client=signed)
    expect("an unknown call ID gives 0200007", isinstance(missing, CallResultDetailResponse) and missing.result_code == "0200007")
    external = get_external_result.sync(40, 1402245659, client=signed)
    expect("getExternalResult maps failure codes 34609 and 00008",
           isinstance(external, ExternalResultResponse)
           and [m.fail_code for m in external.ob_result.result_map_list] == ["34609", "00008"])
    cdr = query_cdr_by_call_id.sync(client=signed, body=CdrQueryRequest(query_param=CdrQueryParam(
        cc_id=1, is_callin=CdrQueryParamIsCallin.TRUE, call_id="1000000000-0001")))
    expect("queryCdrByCallId reads agent 100 under \"agentId \"",
           isinstance(cdr, CdrQueryResponse) and cdr.result_code == "0100000" and cdr.result_datas.agent_id == 100)
    update = update_reserved_call_result.sync(8, client=signed, body=UpdateResultRequest(
        appoint_id="174738152455111432454674595509", fail_code="00000"))
    expect("updateReservedCallResult succeeds", isinstance(update, UpdateResultResponse) and update.result_code == "0200000")
    unsigned = get_call_result_detail.sync(8, "1644464743-1388", client=AuthenticatedClient(base_url=base, token="x"))
    expect("an unsigned request is refused (401, ErrorBody)", isinstance(unsigned, ErrorBody))

    failed = sum(1 for _, ok in checks if not ok)
    print(f"{len(checks) - failed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1].rstrip("/")))
