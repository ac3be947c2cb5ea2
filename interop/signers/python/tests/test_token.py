"""The bearer token provider against a real local tokenByAkSk, and its adapters."""

from __future__ import annotations

import asyncio
import json
import logging
import threading
import time
from typing import Any

import httpx
import pytest
import requests
from conftest import Received, Reply, Server, json_reply

from huawei_cec_auth import BearerTokenProvider, TokenError, TokenReply
from huawei_cec_auth import httpx_auth, requests_auth
from huawei_cec_auth.token import MAX_TOKEN_LIFETIME, TOKEN_PATH, parse_token_reply

APP_KEY, APP_SECRET = "demo-app-key", "demo-app-secret"
NGINX_403 = b"<html><head><title>403 Forbidden</title></head><body><center><h1>403 Forbidden</h1></center><hr><center>nginx</center></body></html>"


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


class TokenServer:
    """tokenByAkSk issuing tok-1, tok-2...; a data endpoint accepting the tokens in ``valid``."""

    def __init__(self, server: Server, expires: Any = "600") -> None:
        self.server = server
        self.expires = expires
        self.issued = 0
        self.valid: set[str] = set()
        server.handler = self.handle

    def handle(self, received: Received) -> Reply:
        if received.target == TOKEN_PATH:
            self.issued += 1
            token = f"tok-{self.issued}"
            self.valid.add(token)
            reply: dict[str, Any] = {"AccessToken": token, "ApplyType": "Bearer", "CreateTime": "1545650171", "Scope": "x"}
            if self.expires is not None:
                reply["Expires"] = self.expires
            return json_reply(200, reply)
        token = (received.header("Authorization") or "").removeprefix("Bearer ")
        if token in self.valid:
            return json_reply(200, {"resultCode": "0", "token": token})
        return json_reply(401, {"error": "unauthorized"})

    def token_requests(self) -> list[Received]:
        return [r for r in self.server.received if r.target == TOKEN_PATH]


def provider(server: Server, **kwargs: Any) -> BearerTokenProvider:
    return BearerTokenProvider(server.url, APP_KEY, APP_SECRET, **kwargs)


def test_the_token_request_and_the_cache(server: Server) -> None:
    tokens = TokenServer(server)
    clock = FakeClock()
    p = provider(server, token_expire=900, clock=clock)
    assert p.token() == "tok-1"
    assert p.token() == "tok-1" and p.token_requests == 1
    (request,) = tokens.token_requests()
    assert request.method == "POST"
    assert json.loads(request.body) == {"app_key": APP_KEY, "app_secret": APP_SECRET}
    assert request.header("Content-Type") == "application/json"
    assert request.header("X-Token-Expire") == "900"
    assert p.headers("tok-1") == {"Authorization": "Bearer tok-1", "X-APP-Key": APP_KEY}


def test_no_x_token_expire_unless_asked(server: Server) -> None:
    tokens = TokenServer(server)
    provider(server).token()
    assert tokens.token_requests()[0].header("X-Token-Expire") is None


@pytest.mark.parametrize(("expires", "renew_after"), [("600", 540), (600, 540), ("100", 50), (3600, 3540)])
def test_renewed_shortly_before_expires(server: Server, expires: Any, renew_after: float) -> None:
    TokenServer(server, expires=expires)
    clock = FakeClock()
    p = provider(server, clock=clock)
    assert p.token() == "tok-1"
    clock.now += renew_after - 0.5
    assert p.token() == "tok-1"
    clock.now += 1
    assert p.token() == "tok-2" and p.token_requests == 2


def test_one_request_for_many_threads(server: Server) -> None:
    tokens = TokenServer(server)
    inner = tokens.handle

    def slow(received: Received) -> Reply:
        time.sleep(0.2)
        return inner(received)

    server.handler = slow
    p = provider(server)
    results: list[str] = []
    threads = [threading.Thread(target=lambda: results.append(p.token())) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert results == ["tok-1"] * 8
    assert len(tokens.token_requests()) == 1


def test_invalidate_drops_only_the_rejected_token(server: Server) -> None:
    TokenServer(server)
    p = provider(server)
    assert p.token() == "tok-1"
    p.invalidate("something-else")
    assert p.token() == "tok-1"
    p.invalidate("tok-1")
    assert p.token() == "tok-2"


def reply(body: Any) -> TokenReply:
    return TokenReply(200, json.dumps(body).encode())


@pytest.mark.parametrize(
    ("expires", "lifetime"),
    [
        ({"Expires": "600"}, 600),
        ({"Expires": 600}, 600),
        ({"Expires": 600.0}, 600),
        ({"Expires": " 120 "}, 120),
        ({"Expires": "1.5"}, 1.5),
        ({"Expires_In": 300}, 300),
        ({"Expires_In": "300"}, 300),
        ({"Expires": "300", "Expires_In": 900}, 300),
        ({}, 600),
        ({"Expires": None}, 600),
        ({"Expires": "-1"}, 600),
        ({"Expires": -1}, 600),
        ({"Expires": "0"}, 600),
        ({"Expires": "abc"}, 600),
        ({"Expires": ""}, 600),
        ({"Expires": "1e30"}, 600),
        ({"Expires": True}, 600),
        ({"Expires": [600]}, 600),
        ({"Expires": {"s": 600}}, 600),
        ({"Expires": 10**30}, MAX_TOKEN_LIFETIME),
        ({"Expires": 1e300}, MAX_TOKEN_LIFETIME),
        ({"Expires": "9" * 40}, MAX_TOKEN_LIFETIME),
        ({"Expires": "9" * 5000}, 600),
        ({"Expires": 7200}, MAX_TOKEN_LIFETIME),
    ],
)
def test_expires_in_any_form_gives_a_sane_lifetime(expires: dict[str, Any], lifetime: float) -> None:
    token, seconds = parse_token_reply(reply({"AccessToken": "t", **expires}))
    assert token.expose() == "t"
    assert seconds == lifetime


@pytest.mark.parametrize("raw", [b'{"AccessToken":"t","Expires":NaN}', b'{"AccessToken":"t","Expires":Infinity}', b'{"AccessToken":"t","Expires":-Infinity}'])
def test_non_finite_expires(raw: bytes) -> None:
    assert parse_token_reply(TokenReply(200, raw))[1] == 600


def test_missing_expires_uses_the_lifetime_asked_for(server: Server) -> None:
    TokenServer(server, expires=None)
    clock = FakeClock()
    p = provider(server, token_expire=300, clock=clock)
    p.token()
    clock.now += 239
    assert p.token() == "tok-1"
    clock.now += 2
    assert p.token() == "tok-2"


SECRET_TOKEN = "tok-SECRET-0123456789"


@pytest.mark.parametrize(
    ("status", "body", "must_say"),
    [
        (403, NGINX_403, ["403", "app key / app secret", "allow-list"]),
        (500, json.dumps({"AccessToken": SECRET_TOKEN}).encode(), ["HTTP 500"]),
        (401, b"{}", ["HTTP 401", "app key"]),
        (200, b'{"AccessToken": "' + SECRET_TOKEN.encode() + b'", "Expi', ["not the documented JSON"]),
        (200, b"[]", ["not the documented JSON"]),
        (200, b'{"token": "' + SECRET_TOKEN.encode() + b'"}', ["not the documented JSON"]),
        (200, b"[" * 100_000, ["larger than"]),
        (200, json.dumps({"AccessToken": SECRET_TOKEN + "\r\nX-Evil: 1"}).encode(), ["control characters"]),
        (200, json.dumps({"AccessToken": SECRET_TOKEN + "\x00"}).encode(), ["control characters"]),
        (200, json.dumps({"AccessToken": ""}).encode(), ["empty"]),
        (200, json.dumps({"AccessToken": 12345}).encode(), ["not a string"]),
        (200, json.dumps({"AccessToken": "ключ"}).encode(), ["non-ASCII"]),
        (200, b"[" * 60_000, ["not the documented JSON"]),
    ],
)
def test_failures_say_what_to_check_and_never_quote_the_reply(
    server: Server, caplog: pytest.LogCaptureFixture, status: int, body: bytes, must_say: list[str]
) -> None:
    server.handler = lambda r: (status, {"Content-Type": "text/html"}, body)
    caplog.set_level(logging.DEBUG)
    with pytest.raises(TokenError) as error:
        provider(server).token()
    message = str(error.value)
    for part in must_say:
        assert part in message, (part, message)
    for leaked in (SECRET_TOKEN, "nginx", "<html", APP_SECRET):
        assert leaked not in message and leaked not in caplog.text
    assert error.value.__cause__ is None and error.value.__context__ is None or SECRET_TOKEN not in repr(error.value.__context__)


@pytest.mark.parametrize("status", [301, 302, 303, 307, 308])
def test_a_redirect_is_not_followed(server: Server, server2: Server, status: int) -> None:
    server.handler = lambda r: (status, {"Location": server2.url + TOKEN_PATH}, b"")
    with pytest.raises(TokenError, match=f"HTTP {status} .*not followed"):
        provider(server).token()
    assert server2.received == []


def test_an_unreachable_server(server: Server) -> None:
    url = server.url
    with pytest.raises(TokenError, match="could not be reached") as error:
        BearerTokenProvider(url.rsplit(":", 1)[0] + ":1", APP_KEY, APP_SECRET, timeout=2).token()
    assert APP_SECRET not in str(error.value)


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"token_expire": 0}, "1..3600"),
        ({"token_expire": 3601}, "1..3600"),
        ({"token_expire": True}, "1..3600"),
        ({"token_expire": "600"}, "1..3600"),
        ({"base_url": "ftp://x"}, "http"),
        ({"base_url": "https://x/?a=1"}, "without query"),
        ({"app_key": ""}, "app key"),
        ({"app_secret": "with\nnewline"}, "app secret"),
        ({"timeout": 0}, "timeout"),
    ],
)
def test_bad_settings_are_refused(kwargs: dict[str, Any], message: str) -> None:
    args: dict[str, Any] = {"base_url": "https://cec.example.com", "app_key": APP_KEY, "app_secret": APP_SECRET}
    args.update(kwargs)
    with pytest.raises(ValueError, match=message) as error:
        BearerTokenProvider(**args)
    assert "with\nnewline" not in str(error.value)


def test_from_env_and_repr() -> None:
    p = BearerTokenProvider.from_env(
        {"CEC_APP_KEY": APP_KEY, "CEC_APP_SECRET": "top-secret", "CEC_APIACCESS_URL": "https://cec.example.com/"}
    )
    assert p.app_key == APP_KEY
    assert "top-secret" not in repr(p) and "top-secret" not in repr(vars(p))
    assert "https://cec.example.com/apigovernance/api/oauth/tokenByAkSk" in repr(p)
    with pytest.raises(ValueError, match="CEC_APP_SECRET, CEC_APIACCESS_URL"):
        BearerTokenProvider.from_env({"CEC_APP_KEY": APP_KEY})


# ---- the adapters: Authorization, X-APP-Key, one renewal after a 401 ----


def data_calls(server: Server) -> list[Received]:
    return [r for r in server.received if r.target != TOKEN_PATH]


def test_httpx_bearer_auth_renews_once_after_a_401(server: Server, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    tokens = TokenServer(server)
    p = provider(server)
    with httpx.Client(base_url=server.url, auth=httpx_auth.BearerAuth(p)) as client:
        assert client.post("/data", json={"a": 1}).json()["token"] == "tok-1"
        tokens.valid.clear()  # the server forgets tok-1
        reply = client.post("/data", json={"a": 1})
        assert reply.status_code == 200 and reply.json()["token"] == "tok-2"
        server.handler = lambda r: tokens.handle(r) if r.target == TOKEN_PATH else json_reply(401, {})
        assert client.post("/data", json={"a": 1}).status_code == 401  # renewed once, not more
    calls = data_calls(server)
    assert [c.header("Authorization") for c in calls] == ["Bearer tok-1", "Bearer tok-1", "Bearer tok-2", "Bearer tok-2", "Bearer tok-3"]
    assert all(c.header("X-APP-Key") == APP_KEY and c.body == b'{"a":1}' for c in calls)
    assert p.token_requests == 3
    assert "tok-" not in caplog.text and APP_SECRET not in caplog.text


def test_httpx_bearer_auth_keeps_the_callers_x_app_key(server: Server) -> None:
    TokenServer(server)
    with httpx.Client(base_url=server.url, auth=httpx_auth.BearerAuth(provider(server))) as client:
        client.post("/data", headers={"X-APP-Key": "given"})
    assert data_calls(server)[0].header("X-APP-Key") == "given"


def test_httpx_async_bearer_auth(server: Server) -> None:
    tokens = TokenServer(server)
    p = provider(server)

    async def main() -> list[int]:
        async with httpx.AsyncClient(base_url=server.url, auth=httpx_auth.BearerAuth(p)) as client:
            first = await client.post("/data", json={})
            tokens.valid.clear()
            replies = await asyncio.gather(*(client.post("/data", json={}) for _ in range(4)))
            return [first.status_code] + [r.status_code for r in replies]

    assert asyncio.run(main()) == [200] * 5
    assert p.token_requests == 2  # one renewal shared by the four calls that met a 401


def test_requests_bearer_auth_renews_once_after_a_401(server: Server) -> None:
    tokens = TokenServer(server)
    p = provider(server)
    auth = requests_auth.BearerAuth(p)
    with requests.Session() as session:
        assert session.post(server.url + "/data", json={"a": 1}, auth=auth).json()["token"] == "tok-1"
        tokens.valid.clear()
        reply = session.post(server.url + "/data", json={"a": 1}, auth=auth)
        assert reply.status_code == 200 and reply.json()["token"] == "tok-2"
        assert [r.status_code for r in reply.history] == [401]
        server.handler = lambda r: tokens.handle(r) if r.target == TOKEN_PATH else json_reply(401, {})
        assert session.post(server.url + "/data", json={"a": 1}, auth=auth).status_code == 401
    calls = data_calls(server)
    assert [c.header("Authorization") for c in calls] == ["Bearer tok-1", "Bearer tok-1", "Bearer tok-2", "Bearer tok-2", "Bearer tok-3"]
    assert all(c.header("X-APP-Key") == APP_KEY and c.body == b'{"a": 1}' for c in calls)


def test_adapters_repr_hides_secrets(server: Server) -> None:
    TokenServer(server)
    p = provider(server)
    p.token()
    for auth in (httpx_auth.BearerAuth(p), requests_auth.BearerAuth(p)):
        assert APP_SECRET not in repr(auth) and "tok-1" not in repr(auth)


def test_requests_bearer_auth_does_not_resend_a_streamed_body(server: Server) -> None:
    tokens = TokenServer(server)
    auth = requests_auth.BearerAuth(provider(server))
    server.handler = lambda r: tokens.handle(r) if r.target == TOKEN_PATH else json_reply(401, {})
    reply = requests.post(server.url + "/data", data=iter([b'{"a":', b"1}"]), auth=auth)
    assert reply.status_code == 401
    assert len(data_calls(server)) == 1 and data_calls(server)[0].body == b'{"a":1}'
