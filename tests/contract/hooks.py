"""Schemathesis hooks: authenticate the generated requests the way a real client must.

CC-iSales and CC-CMS requests are signed with auth-v2 by the independent Python signer in
tests/signing-vectors/sign_v2.py, over the exact bytes `requests` is about to send (a
`requests` auth class sees the final PreparedRequest). Data-process requests carry a
bearer token obtained from the simulator's own token interface (tokenByAkSk); the token
request example, which is masked, is sent with the simulator's demo app.

Environment: CEC_SIM_URL (the simulator's base URL); the demo credentials are the
simulator's defaults.
"""

from __future__ import annotations

import json
import os
import sys
import urllib.request
from pathlib import Path
from urllib.parse import urlsplit

import schemathesis
from requests.auth import AuthBase

sys.path.insert(0, str(Path(__file__).resolve().parent))
from independent_client import AK, CONTENT_TYPE, SK, now, sign_v2  # noqa: E402  (the independent signer)

APP_KEY, APP_SECRET = "demo-app-key", "demo-app-secret"
SIGNED_TAGS = {"isales", "cms"}


class AuthV2(AuthBase):
    """Signs a prepared request with auth-v2."""

    def __call__(self, request):  # requests.PreparedRequest
        url = urlsplit(request.url)
        body = request.body
        if isinstance(body, str):
            body = body.encode("utf-8")
        has_body = request.method not in ("GET", "HEAD")
        if has_body and body is None:
            body = b""
        headers = {"host": sign_v2.host_header(url.scheme, url.hostname, url.port)}
        content_type = request.headers.get("Content-Type")
        if content_type is not None:
            headers["content-type"] = content_type
        if has_body:
            headers["content-length"] = str(len(body))
            request.headers["Content-Length"] = str(len(body))
        path = url.path
        signed = sign_v2.sign(
            ak=AK,
            sk=SK,
            timestamp=now(),
            method=request.method,
            path=path,
            raw_query=url.query or None,
            headers=headers,
            body=body if has_body else None,
        )
        request.headers["Authorization"] = signed.authorization
        return request


_token: str | None = None


def token() -> str:
    global _token
    if _token is None:
        base = os.environ["CEC_SIM_URL"]
        request = urllib.request.Request(
            f"{base}/apigovernance/api/oauth/tokenByAkSk",
            data=json.dumps({"app_key": APP_KEY, "app_secret": APP_SECRET}).encode(),
            headers={"Content-Type": "application/json"},
        )
        with urllib.request.urlopen(request, timeout=10) as reply:
            _token = json.load(reply)["AccessToken"]
    return _token


@schemathesis.hook
def before_call(context, case, kwargs):
    tags = set(case.operation.tags or [])
    if case.headers is None:
        case.headers = {}
    if tags & SIGNED_TAGS:
        # The pages prescribe this Content-Type for every request, GETs included.
        case.headers["Content-Type"] = CONTENT_TYPE
        kwargs["auth"] = AuthV2()
    elif "dataprocess" in tags:
        case.headers["Authorization"] = f"Bearer {token()}"
    elif "auth" in tags and isinstance(case.body, dict) and "****" in str(case.body.get("app_key")):
        # The document's token request example is masked: send the simulator's demo app
        # instead, so that a 200 reply is checked against the documented token reply too.
        case.body = {"app_key": APP_KEY, "app_secret": APP_SECRET}
