"""Smoke test: the Python client regenerated from spec/huawei-cec.yaml (openapi-python-client),
with the installed signing helper huawei-cec-auth, calls a running simulator as a user would
and gets the expected data: the document is true, not only valid.

It first runs quickstart.py (the Python example of docs/other-languages.md, byte for byte):
one client per host from CEC_ISALES_URL, CEC_CMS_URL and CEC_APIACCESS_URL, auth-v2 from
CEC_AK, CEC_SK and CEC_SIGNING_PROFILE, the bearer token from CEC_APP_KEY, CEC_APP_SECRET.
Then, with the clients it made, the other operations, the token interface, a business
failure (an HTTP 200 with resultCode 0200007) and a data-process 400, each decoded into
the generated model of its reply.

Run by interop/smoke.sh, in a venv where the generated client and huawei-cec-auth are
pip-installed: python smoke.py
"""

from __future__ import annotations

import os
import runpy
import sys
from http import HTTPStatus
from pathlib import Path
from typing import Any

from huawei_cec_auth import BearerTokenProvider, SigningProfile
from huawei_cec_auth.httpx_auth import AuthV2
from huawei_cec_client import AuthenticatedClient, Client
from huawei_cec_client.api.auth import create_token
from huawei_cec_client.api.cms import query_cdr_by_call_id
from huawei_cec_client.api.dataprocess import query_call_records
from huawei_cec_client.api.isales import (
    get_call_result_detail,
    get_external_result,
    update_reserved_call_result,
)
from huawei_cec_client.models import (
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
from huawei_cec_client.types import Unset

checks: list[tuple[str, bool]] = []


def expect(what: str, ok: bool) -> None:
    checks.append((what, ok))
    print(("ok   " if ok else "FAIL ") + what)


def main() -> int:
    profile = SigningProfile.from_env()
    print(f"signing profile (CEC_SIGNING_PROFILE): {profile}")
    print("--- quickstart.py (the example of docs/other-languages.md)")
    ns: dict[str, Any] = runpy.run_path(str(Path(__file__).with_name("quickstart.py")), run_name="quickstart")
    print("--- the other operations, with the quickstart's clients")
    isales, cms, dataprocess = ns["isales"], ns["cms"], ns["dataprocess"]
    signing, tokens = ns["signing"], ns["tokens"]
    assert isinstance(isales, AuthenticatedClient) and isinstance(cms, AuthenticatedClient)
    assert isinstance(dataprocess, AuthenticatedClient)
    assert isinstance(signing, AuthV2) and isinstance(tokens, BearerTokenProvider)

    expect("the quickstart signed with the profile of CEC_SIGNING_PROFILE", signing.signer.profile == profile)
    detail = ns["detail"]
    expect("getCallResultDetail (quickstart) read the page's call: status 6",
           isinstance(detail, CallResultDetailResponse) and not isinstance(detail.data, Unset)
           and detail.data.call_id == "1644464743-1388" and str(detail.data.call_status) == "6")
    records = ns["records"]
    expect("queryCallRecords (quickstart) found the page's call with satisfaction 1, one token request",
           isinstance(records, CallRecordsResponse) and records.total == 1 and not isinstance(records.results, Unset)
           and records.results[0].call_id == "1669464198-17002955" and records.results[0].evaluation_value == "1"
           and tokens.token_requests == 1)

    # The token interface itself (what BearerTokenProvider calls), through the generated client.
    token = create_token.sync(client=Client(base_url=os.environ["CEC_APIACCESS_URL"]), body=TokenRequest(
        app_key=os.environ["CEC_APP_KEY"], app_secret=os.environ["CEC_APP_SECRET"]))
    expect("createToken returns a token, its lifetime in Expires (a numeric string) and no refresh token",
           isinstance(token, TokenResponse) and bool(token.access_token) and isinstance(token.expires, str)
           and token.expires.isdigit() and token.apply_type == "Bearer" and not token.additional_properties)

    external = get_external_result.sync(40, 1402245659, client=isales)
    expect("getExternalResult maps failure codes 34609 and 00008",
           isinstance(external, ExternalResultResponse) and external.result_code == "0200000"
           and not isinstance(external.ob_result, Unset)
           and not isinstance(external.ob_result.result_map_list, Unset)
           and [m.fail_code for m in external.ob_result.result_map_list] == ["34609", "00008"])
    cdr = query_cdr_by_call_id.sync(client=cms, body=CdrQueryRequest(query_param=CdrQueryParam(
        cc_id=1, is_callin=CdrQueryParamIsCallin.TRUE, call_id="1000000000-0001")))
    expect("queryCdrByCallId reads agent 100 under \"agentId \"",
           isinstance(cdr, CdrQueryResponse) and cdr.result_code == "0100000"
           and not isinstance(cdr.result_datas, Unset) and cdr.result_datas.agent_id == 100)
    update = update_reserved_call_result.sync(8, client=isales, body=UpdateResultRequest(
        appoint_id="174738152455111432454674595509", fail_code="00000"))
    expect("updateReservedCallResult succeeds",
           isinstance(update, UpdateResultResponse) and update.result_code == "0200000")

    # Failures, decoded into the generated models.
    missing = get_call_result_detail.sync_detailed(8, "no-such-call", client=isales)
    expect("an unknown call ID: HTTP 200, CallResultDetailResponse with resultCode 0200007",
           missing.status_code == HTTPStatus.OK and isinstance(missing.parsed, CallResultDetailResponse)
           and missing.parsed.result_code == "0200007")
    bad = query_call_records.sync_detailed(client=dataprocess, body=CallRecordsRequest(sub_cc_no="1", vdn="1"))
    expect("queryCallRecords without callId or dates: HTTP 400, ErrorBody saying what is missing",
           bad.status_code == HTTPStatus.BAD_REQUEST and isinstance(bad.parsed, ErrorBody)
           and "beginDate" in str(bad.parsed.additional_properties.get("error_msg")))
    unsigned = get_call_result_detail.sync_detailed(
        8, "1644464743-1388", client=AuthenticatedClient(base_url=os.environ["CEC_ISALES_URL"], token="x"))
    expect("an unsigned request is refused: HTTP 401, ErrorBody",
           unsigned.status_code == HTTPStatus.UNAUTHORIZED and isinstance(unsigned.parsed, ErrorBody))
    forged = query_call_records.sync_detailed(
        client=AuthenticatedClient(base_url=os.environ["CEC_APIACCESS_URL"], token="forged"),
        body=CallRecordsRequest(sub_cc_no="1", vdn="1", call_id="x"))
    expect("a forged token is refused: HTTP 401, ErrorBody",
           forged.status_code == HTTPStatus.UNAUTHORIZED and isinstance(forged.parsed, ErrorBody))

    failed = sum(1 for _, ok in checks if not ok)
    print(f"python smoke: {len(checks) - failed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
