"""The opt-in retry layers (httpx RetryTransport, requests RetrySession, the token
provider's retry) against a real local server: what is retried, what is not, and that an
update is never sent twice once it may have been sent."""

from __future__ import annotations

import asyncio
import logging
import math
import socket
import time
from collections.abc import Callable
from email.utils import formatdate

import httpx
import pytest
import requests
from conftest import SHORT_BY, Drop, Received, Reply, Server, json_reply, verify
from test_httpx_auth import AK, CDR, DETAIL, SK, stepping_clock

from huawei_cec_auth import BearerTokenProvider, OutcomeUnknownError, RetryPolicy, TokenError
from huawei_cec_auth import httpx_auth, requests_auth
from huawei_cec_auth.retry import operation_of, parse_retry_after, status_reason

EXTERNAL = "/rest/isales/v1/openapi/campaigns/40/1402245659/queryObsResultDetail"
RECORDS = "/apiaccess/rest/dataprocess/v1/openapp/queryCallManualDetailInfo"
UPDATE = "/rest/isales/v1/openapi/campaigns/8/appoint/updateResult"
TOKEN = "/apigovernance/api/oauth/tokenByAkSk"
FAST = RetryPolicy(initial_backoff=0.01, max_backoff=0.02)


def script(*replies: Reply | type[Drop] | float) -> Callable[[Received], Reply]:
    """A handler answering each request with the next reply (the last one repeats): a
    reply, ``Drop`` (close without reply) or a number (sleep that long, then answer 200)."""
    queue = list(replies)

    def handler(received: Received) -> Reply:
        reply = queue.pop(0) if len(queue) > 1 else queue[0]
        if reply is Drop:
            raise Drop()
        if isinstance(reply, (int, float)):
            time.sleep(reply)
            return json_reply(200, {"late": True})
        assert isinstance(reply, tuple)
        return reply

    return handler


OK = json_reply(200, {"resultCode": "0200000"})


def status(code: int, **headers: str) -> Reply:
    return code, {"Content-Type": "application/json", **headers}, b'{"error":"x"}'


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


# ---- the rules ----


@pytest.mark.parametrize(
    ("method", "path", "name", "read", "retry_500"),
    [
        ("GET", DETAIL, "getCallResultDetail", True, True),
        ("GET", EXTERNAL, "getExternalResult", True, True),
        ("POST", CDR, "queryCdrByCallId", True, True),
        ("POST", RECORDS, "queryCallRecords", True, False),
        ("POST", TOKEN, "createToken", True, False),
        ("POST", UPDATE, "updateReservedCallResult", False, False),
        ("post", "/prefix" + CDR, "queryCdrByCallId", True, True),
        ("GET", UPDATE, "unknown", False, False),
        ("POST", DETAIL, "unknown", False, False),
        ("DELETE", CDR, "unknown", False, False),
        ("GET", "/somewhere/else", "unknown", False, False),
    ],
)
def test_operations(method: str, path: str, name: str, read: bool, retry_500: bool) -> None:
    operation = operation_of(method, path)
    assert (operation.name, operation.read, operation.retry_500) == (name, read, retry_500)


def test_statuses() -> None:
    read, records, update = operation_of("GET", DETAIL), operation_of("POST", RECORDS), operation_of("POST", UPDATE)
    for code in (429, 502, 503, 504):
        assert status_reason(code, read) == status_reason(code, records) == f"HTTP {code}"
        assert status_reason(code, update) is None
    assert status_reason(500, read) == "HTTP 500"
    assert status_reason(500, records) is None and status_reason(500, update) is None
    for code in (200, 400, 401, 403, 404, 408, 418, 501, 505):
        assert status_reason(code, read) is None


def test_retry_after_values() -> None:
    now = 784111777.0  # Sun, 06 Nov 1994 08:49:37 GMT
    assert parse_retry_after("3", now) == 3.0
    assert parse_retry_after(" 0 ", now) == 0.0
    assert parse_retry_after("99999999999999999999999", now) == math.inf
    assert parse_retry_after("Sun, 06 Nov 1994 08:49:47 GMT", now) == 10.0
    assert parse_retry_after("Sun, 06 Nov 1994 08:00:00 GMT", now) == 0.0
    for ignored in (None, "", "-1", "1.5", "soon", "Sun, 06 Nov 1994"):
        assert parse_retry_after(ignored, now) is None, ignored


def test_policy_defaults_and_backoff() -> None:
    policy = RetryPolicy()
    assert (policy.max_retries, policy.initial_backoff, policy.max_backoff, policy.max_retry_after) == (2, 0.1, 2.0, 30.0)
    for retry in range(1, 8):
        window = min(0.1 * 2 ** (retry - 1), 2.0)
        assert all(0 <= policy.backoff(retry) <= window for _ in range(50))
    assert RetryPolicy.none().max_retries == 0
    with pytest.raises(ValueError, match="max_retries"):
        RetryPolicy(max_retries=-1)
    with pytest.raises(ValueError, match="max_backoff"):
        RetryPolicy(max_backoff=math.inf)


# ---- httpx ----


def httpx_client(server: Server, policy: RetryPolicy = FAST, timeout: float = 5.0) -> httpx.Client:
    auth = httpx_auth.AuthV2(AK, SK, clock=stepping_clock())
    return httpx.Client(base_url=server.url, auth=auth, transport=httpx_auth.RetryTransport(policy),
                        timeout=timeout)


@pytest.mark.parametrize("code", [429, 500, 502, 503, 504])
def test_httpx_a_read_is_retried_and_signed_anew(server: Server, code: int) -> None:
    server.handler = script(status(code), status(code), OK)
    with httpx_client(server) as client:
        response = client.get(DETAIL)
    assert response.status_code == 200 and response.json() == {"resultCode": "0200000"}
    stamps = [verify(r, SK)["timestamp"] for r in server.received]
    assert len(stamps) == 3 and len(set(stamps)) == 3, "each attempt carries its own signature"


def test_httpx_gives_up_after_max_retries(server: Server) -> None:
    server.handler = script(status(503))
    with httpx_client(server) as client:
        assert client.post(CDR, json={"a": 1}).status_code == 503
    assert len(server.received) == 3
    assert all(r.body == b'{"a":1}' for r in server.received)


def test_httpx_data_process_500_and_client_errors_are_not_retried(server: Server) -> None:
    server.handler = script(status(500))
    with httpx_client(server) as client:
        assert client.post(RECORDS, json={}).status_code == 500
        assert len(server.received) == 1
        server.handler = script(status(404))
        assert client.get(DETAIL).status_code == 404
        assert len(server.received) == 2


@pytest.mark.parametrize("code", [429, 500, 502, 503, 504])
def test_httpx_the_update_is_not_retried_on_any_status(server: Server, code: int) -> None:
    server.handler = script(status(code), OK)
    with httpx_client(server) as client:
        assert client.post(UPDATE, json={"appointId": "1"}).status_code == code
    assert len(server.received) == 1


def test_httpx_a_dropped_connection(server: Server) -> None:
    server.handler = script(Drop, OK)
    with httpx_client(server) as client:
        assert client.get(DETAIL).status_code == 200
        assert len(server.received) == 2
        server.handler = script(Drop, OK)
        with pytest.raises(httpx_auth.OutcomeUnknown, match="updateReservedCallResult.*may have been sent") as caught:
            client.post(UPDATE, json={"appointId": "1"})
    assert isinstance(caught.value, OutcomeUnknownError) and isinstance(caught.value, httpx.TransportError)
    assert isinstance(caught.value.__cause__, httpx.RemoteProtocolError)
    assert len(server.received) == 3, "the update was sent once"


def test_httpx_a_timeout(server: Server) -> None:
    server.handler = script(0.6, OK)
    with httpx_client(server, timeout=0.3) as client:
        assert client.get(DETAIL).status_code == 200
        time.sleep(0.4)  # the first request's handler finishes
        assert len(server.received) == 2
        server.handler = script(0.6, OK)
        with pytest.raises(httpx_auth.OutcomeUnknown, match="timed out"):
            client.post(UPDATE, json={"appointId": "1"})
        time.sleep(0.4)
    assert len(server.received) == 3, "the update was sent once"


def test_httpx_a_reply_that_breaks_off(server: Server) -> None:
    broken = (200, {"Content-Type": "application/json", SHORT_BY: "10"}, b'{"resultCode"')
    server.handler = script(broken, OK)
    with httpx_client(server) as client:
        assert client.get(DETAIL).json() == {"resultCode": "0200000"}
        server.handler = script(broken, OK)
        with pytest.raises(httpx_auth.OutcomeUnknown, match="lost"):
            client.post(UPDATE, json={"appointId": "1"})
    assert len(server.received) == 3


def test_httpx_connection_refused_is_retried_even_for_the_update(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG, logger="huawei_cec_auth.retry")
    port = free_port()
    with httpx.Client(base_url=f"http://127.0.0.1:{port}", transport=httpx_auth.RetryTransport(FAST)) as client:
        with pytest.raises(httpx.ConnectError):
            client.post(UPDATE, json={"appointId": "1"})
    retries = [r for r in caplog.records if "connection failed; retrying" in r.getMessage()]
    assert len(retries) == 2, "nothing was sent: safe to try again, twice by default"


def test_httpx_retry_after(server: Server, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.INFO, logger="huawei_cec_auth.retry")
    server.handler = script(status(503, **{"Retry-After": "1"}), OK)
    with httpx_client(server) as client:
        started = time.monotonic()
        assert client.get(DETAIL).status_code == 200
        assert time.monotonic() - started >= 1.0
        assert "Retry-After" in caplog.text
        server.handler = script(status(429, **{"Retry-After": formatdate(time.time() + 1, usegmt=True)}), OK)
        assert client.get(DETAIL).status_code == 200
        server.handler = script(status(503, **{"Retry-After": "31"}), OK)
        assert client.get(DETAIL).status_code == 503, "a longer wait than 30 s ends the retries"
    assert len(server.received) == 5


def test_httpx_no_retries_with_max_retries_0(server: Server) -> None:
    server.handler = script(status(503), OK)
    with httpx_client(server, RetryPolicy.none()) as client:
        assert client.get(DETAIL).status_code == 503
    assert len(server.received) == 1


def test_httpx_async_client(server: Server) -> None:
    server.handler = script(status(503), Drop, OK)

    async def main() -> int:
        transport = httpx_auth.RetryTransport(FAST)
        async with httpx.AsyncClient(base_url=server.url, auth=httpx_auth.AuthV2(AK, SK), transport=transport) as c:
            return (await c.post(CDR, json={"a": 1})).status_code

    assert asyncio.run(main()) == 200
    assert len(server.received) == 3
    for received in server.received:
        verify(received, SK)


# ---- requests ----


def retry_session(policy: RetryPolicy = FAST) -> requests_auth.RetrySession:
    session = requests_auth.RetrySession(policy)
    session.auth = requests_auth.AuthV2(AK, SK, clock=stepping_clock())
    return session


@pytest.mark.parametrize("code", [429, 500, 502, 503, 504])
def test_requests_a_read_is_retried_and_signed_anew(server: Server, code: int) -> None:
    server.handler = script(status(code), Drop, OK)
    with retry_session() as session:
        assert session.post(server.url + CDR, json={"a": 1}, timeout=5).status_code == 200
    stamps = [verify(r, SK)["timestamp"] for r in server.received]
    assert len(stamps) == 3 and len(set(stamps)) == 3


def test_requests_the_update_is_sent_once(server: Server) -> None:
    with retry_session() as session:
        for code in (429, 500, 502, 503, 504):
            server.handler = script(status(code), OK)
            assert session.post(server.url + UPDATE, json={"appointId": "1"}, timeout=5).status_code == code
        assert len(server.received) == 5
        server.handler = script(Drop, OK)
        with pytest.raises(requests_auth.OutcomeUnknown, match="may have been sent"):
            session.post(server.url + UPDATE, json={"appointId": "1"}, timeout=5)
        server.handler = script(0.6, OK)
        with pytest.raises(requests_auth.OutcomeUnknown, match="timed out"):
            session.post(server.url + UPDATE, json={"appointId": "1"}, timeout=0.3)
        time.sleep(0.4)
    assert len(server.received) == 7


def test_requests_timeouts_and_data_process_500(server: Server) -> None:
    with retry_session() as session:
        server.handler = script(0.6, OK)
        assert session.get(server.url + DETAIL, timeout=0.3).status_code == 200
        time.sleep(0.4)
        assert len(server.received) == 2
        server.handler = script(status(500))
        assert session.post(server.url + RECORDS, json={}, timeout=5).status_code == 500
        assert len(server.received) == 3


def test_requests_connection_refused_is_retried(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG, logger="huawei_cec_auth.retry")
    with retry_session() as session, pytest.raises(requests.exceptions.ConnectionError):
        session.post(f"http://127.0.0.1:{free_port()}{UPDATE}", json={}, timeout=5)
    assert len([r for r in caplog.records if "connection failed; retrying" in r.getMessage()]) == 2


# ---- the token provider ----


def test_token_requests_are_retried_when_asked(server: Server) -> None:
    token = json_reply(200, {"AccessToken": "tok", "Expires": "600"})
    server.handler = script(status(503), status(429, **{"Retry-After": "0"}), token)
    provider = BearerTokenProvider(server.url, "key", "secret", retry=FAST)
    assert provider.token() == "tok" and provider.token_requests == 3
    server.handler = script(Drop, token)
    provider = BearerTokenProvider(server.url, "key", "secret", retry=FAST)
    assert provider.token() == "tok" and provider.token_requests == 2


def test_token_requests_500_and_no_policy(server: Server) -> None:
    server.handler = script(status(500), json_reply(200, {"AccessToken": "tok"}))
    with pytest.raises(TokenError, match="HTTP 500"):
        BearerTokenProvider(server.url, "key", "secret", retry=FAST).token()
    server.handler = script(status(503), json_reply(200, {"AccessToken": "tok"}))
    with pytest.raises(TokenError, match="HTTP 503"):
        BearerTokenProvider(server.url, "key", "secret").token()
    assert len(server.received) == 2
