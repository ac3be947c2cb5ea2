"""Calls a running simulator with requests signed by the independent Python signer
(tests/signing-vectors/sign_v2.py), standard library only: each signed operation must be
accepted, each tampered request rejected with 401, and the pages' quirks must be on the wire.

Usage: python3 tests/contract/independent_client.py http://127.0.0.1:PORT
"""

from __future__ import annotations

import datetime as dt
import json
import sys
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import urlsplit

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "signing-vectors"))
import sign_v2  # noqa: E402

AK, SK = "demo-ak", "demo-sk"
CONTENT_TYPE = "application/json; charset=UTF-8"

failures: list[str] = []
checks = 0


def now() -> str:
    """The auth-v2 timestamp: UTC, milliseconds."""
    t = dt.datetime.now(dt.timezone.utc)
    return t.strftime("%Y-%m-%dT%H:%M:%S.") + f"{t.microsecond // 1000:03d}Z"


def send(base: str, method: str, path: str, body: bytes | None, tamper=None) -> tuple[int, dict]:
    url = urlsplit(base + path)
    headers = {"host": sign_v2.host_header(url.scheme, url.hostname, url.port), "content-type": CONTENT_TYPE}
    if body is not None:
        headers["content-length"] = str(len(body))
    signed = sign_v2.sign(ak=AK, sk=SK, timestamp=now(), method=method, path=url.path,
                          raw_query=url.query or None, headers=headers, body=body)
    if tamper:
        path, body = tamper(path, body)
    request = urllib.request.Request(base + path, data=body, method=method,
                                     headers={"Content-Type": CONTENT_TYPE, "Authorization": signed.authorization})
    try:
        with urllib.request.urlopen(request, timeout=10) as reply:
            return reply.status, json.load(reply)
    except urllib.error.HTTPError as e:
        return e.code, json.loads(e.read() or b"{}")


def expect(what: str, condition: bool, detail) -> None:
    global checks
    checks += 1
    print(("ok   " if condition else "FAIL ") + what)
    if not condition:
        failures.append(f"{what}: {detail}")


def main(base: str) -> int:
    detail_path = "/rest/isales/v1/openapi/campaigns/8/callresultdetail/1644464743-1388"
    status, reply = send(base, "GET", detail_path, None)
    expect("getCallResultDetail accepted", status == 200 and reply.get("resultCode") == "0200000", reply)
    expect("callStatus sent as the string \"6\"", reply.get("data", {}).get("callStatus") == "6", reply)

    external = "/rest/isales/v1/openapi/campaigns/40/1402245659/queryObsResultDetail"
    status, reply = send(base, "GET", external, None)
    expect("getExternalResult accepted", status == 200 and reply.get("resultCode") == "0200000", reply)
    expect("resultMapList vdnId sent as \"40\"", reply["obResult"]["resultMapList"][0]["vdnId"] == "40", reply)

    cdr = "/rest/cmsapp/v1/openapi/calldata/querycalldetailbyid"
    body = json.dumps({"queryParam": {"ccId": 1, "isCallin": "true", "callId": "1000000000-0001"}}).encode()
    status, reply = send(base, "POST", cdr, body)
    expect("queryCdrByCallId accepted", status == 200 and reply.get("resultCode") == "0100000", reply)
    expect("the key \"agentId \" on the wire", reply.get("resultDatas", {}).get("agentId ") == 100, reply)

    update = "/rest/isales/v1/openapi/campaigns/8/appoint/updateResult"
    body = json.dumps({"appointId": "174738152455111432454674595509", "failCode": "00000"}).encode()
    status, reply = send(base, "POST", update, body)
    expect("updateReservedCallResult accepted", status == 200 and reply.get("resultCode") == "0200000", reply)

    tamper_body = lambda p, b: (p, b.replace(b'"ccId": 1', b'"ccId": 2'))  # noqa: E731
    body = json.dumps({"queryParam": {"ccId": 1, "isCallin": "true", "callId": "1000000000-0001"}}).encode()
    status, reply = send(base, "POST", cdr, body, tamper=tamper_body)
    expect("a tampered body is rejected (401)", status == 401, (status, reply))
    tamper_path = lambda p, b: (p.replace("/8/", "/9/"), b)  # noqa: E731
    status, reply = send(base, "GET", detail_path, None, tamper=tamper_path)
    expect("a tampered path is rejected (401)", status == 401, (status, reply))
    tamper_query = lambda p, b: (p + "?x=1", b)  # noqa: E731
    status, reply = send(base, "GET", external, None, tamper=tamper_query)
    expect("an added query is rejected (401)", status == 401, (status, reply))

    print(f"{checks - len(failures)} passed, {len(failures)} failed")
    for failure in failures:
        print("  " + failure)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1].rstrip("/")))
