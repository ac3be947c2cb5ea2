"""httpx.Auth for auth-v2 against a real local server: what arrives on the wire verifies."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable, Iterator
from datetime import datetime, timedelta, timezone

import httpx
import pytest
from conftest import Server, verify

from huawei_cec_auth import CONTENT_TYPE_JSON_UTF8, SigningProfile
from huawei_cec_auth.httpx_auth import AuthV2

AK, SK = "demo-ak", "demo-sk"
CDR = "/rest/cmsapp/v1/openapi/calldata/querycalldetailbyid"
DETAIL = "/rest/isales/v1/openapi/campaigns/8/callresultdetail/1644464743-1388"


def stepping_clock(step: timedelta = timedelta(seconds=1, milliseconds=1)) -> Callable[[], datetime]:
    state = {"now": datetime(2026, 11, 21, 8, 30, tzinfo=timezone.utc)}

    def clock() -> datetime:
        state["now"] += step
        return state["now"]

    return clock


@pytest.mark.parametrize(
    "profile",
    ["documented", "java-demo", "ts=seconds", "ts=millis,query-line=omit", "headers=host", "host=no-port"],
)
def test_post_and_get_verify_on_the_wire(server: Server, profile: str) -> None:
    parsed = SigningProfile.parse(profile)
    with httpx.Client(base_url=server.url, auth=AuthV2(AK, SK, profile=profile)) as client:
        assert client.post(CDR, json={"queryParam": {"callId": "1000000000-0001", "ccId": 1}}).status_code == 200
        assert client.get(DETAIL).status_code == 200
    post, get = server.received
    for received, standard in ((post, "content-length;content-type;host"), (get, "content-type;host")):
        result = verify(received, SK)
        assert result["access_key"] == AK
        assert result["signed_headers"] == (standard if parsed.headers == "standard" else "host")
        assert result["query_line"] == parsed.query_line
        assert len(result["timestamp"]) == (24 if parsed.ts == "millis" else 20)
        assert received.header("Content-Type") == CONTENT_TYPE_JSON_UTF8
        expected_host = "127.0.0.1" if parsed.host == "no-port" else f"127.0.0.1:{server.port}"
        assert received.header("Host") == expected_host
    assert post.body == b'{"queryParam":{"callId":"1000000000-0001","ccId":1}}'
    assert get.header("Content-Length") is None and not get.had_length


def test_query_empty_post_and_non_ascii_body(server: Server) -> None:
    with httpx.Client(base_url=server.url, auth=AuthV2(AK, SK)) as client:
        client.get("/q", params=[("b", "2"), ("a", "x y"), ("a", "1+1"), ("z", "中"), ("empty", "")])
        client.post("/p")
        client.post("/u", content="客户已接通 ✓ 😀".encode())
    query, empty, utf8 = server.received
    assert "a=1%2B1" in query.target  # a literal + is sent as %2B
    for received in server.received:
        verify(received, SK)
    assert empty.header("Content-Length") == "0" and empty.body == b""
    assert verify(empty, SK)["signed_headers"] == "content-length;content-type;host"
    assert utf8.body == "客户已接通 ✓ 😀".encode()


def test_a_streamed_body_is_sent_with_its_length(server: Server) -> None:
    def chunks() -> Iterator[bytes]:
        yield b'{"a":'
        yield b"1}"

    with httpx.Client(base_url=server.url, auth=AuthV2(AK, SK)) as client:
        client.post("/s", content=chunks())
    (received,) = server.received
    assert received.header("Transfer-Encoding") is None
    assert received.header("Content-Length") == "7" and received.body == b'{"a":1}'
    verify(received, SK)


def test_every_attempt_is_signed_again_with_a_fresh_timestamp(server: Server) -> None:
    auth = AuthV2(AK, SK, clock=stepping_clock())
    with httpx.Client(base_url=server.url, auth=auth) as client:
        request = client.build_request("POST", CDR, json={"x": 1})
        client.send(request)
        client.send(request)  # e.g. a retry of the same request
    first, second = (verify(r, SK) for r in server.received)
    assert first["timestamp"] == "2026-11-21T08:30:01.001Z"
    assert second["timestamp"] == "2026-11-21T08:30:02.002Z"


def test_content_type_none_keeps_and_signs_the_requests_own(server: Server) -> None:
    with httpx.Client(base_url=server.url, auth=AuthV2(AK, SK, content_type=None)) as client:
        client.post("/j", json={"a": 1})
        client.get("/g")
    post, get = server.received
    assert post.header("Content-Type") == "application/json"
    assert verify(post, SK)["signed_headers"] == "content-length;content-type;host"
    assert get.header("Content-Type") is None
    assert verify(get, SK)["signed_headers"] == "host"


def test_the_default_port_is_neither_sent_nor_signed() -> None:
    request = httpx.Request("GET", "https://cc-isales.example.com:443/x")
    signed = AuthV2(AK, SK).sign(request)
    assert request.headers["Host"] == signed.host == "cc-isales.example.com"
    assert "host:cc-isales.example.com" in signed.canonical_request.split("\n")


def test_async_client(server: Server) -> None:
    async def main() -> None:
        async with httpx.AsyncClient(base_url=server.url, auth=AuthV2(AK, SK, profile="java-demo")) as client:
            await client.post(CDR, json={"a": 1})

    asyncio.run(main())
    (received,) = server.received
    assert verify(received, SK)["query_line"] == "omit"
    assert received.header("Host") == "127.0.0.1"


def test_a_401_logs_a_hint_and_no_secret(server: Server, caplog: pytest.LogCaptureFixture) -> None:
    server.handler = lambda r: (401, {"Content-Type": "application/json"}, b'{"error":"unauthorized"}')
    caplog.set_level(logging.DEBUG, logger="huawei_cec_auth")
    with httpx.Client(base_url=server.url, auth=AuthV2(AK, SK, profile="ts=seconds")) as client:
        assert client.get(DETAIL).status_code == 401
    text = caplog.text
    assert "HTTP 401" in text and "clock" in text and "java-demo" in text and "ts=seconds" in text
    assert "canonical request:\nGET\n" + DETAIL in text  # the DEBUG log, for comparing with the server's
    assert SK not in text


def test_from_env(server: Server) -> None:
    auth = AuthV2.from_env({"CEC_AK": AK, "CEC_SK": SK, "CEC_SIGNING_PROFILE": "java-demo"})
    assert str(auth.signer.profile) == "java-demo"
    with httpx.Client(base_url=server.url, auth=auth) as client:
        client.get("/e")
    assert verify(server.received[0], SK)["signed_headers"] == "host"
    with pytest.raises(ValueError, match="CEC_SK"):
        AuthV2.from_env({"CEC_AK": AK})
    with pytest.raises(ValueError, match="CEC_SIGNING_PROFILE: .*documented"):
        AuthV2.from_env({"CEC_AK": AK, "CEC_SK": SK, "CEC_SIGNING_PROFILE": "demo"})


def test_repr_hides_the_secret_key() -> None:
    auth = AuthV2(AK, "very-secret-sk")
    assert "very-secret-sk" not in repr(auth) and "very-secret-sk" not in str(auth)
    assert "demo-ak" in repr(auth)
    assert "very-secret-sk" not in repr(vars(auth.signer))


def test_bad_credentials_fail_before_sending(server: Server) -> None:
    with pytest.raises(ValueError, match="contains '/'"):
        AuthV2("a/b", SK)
    with pytest.raises(ValueError, match="signing profile"):
        AuthV2(AK, SK, profile="fast")
    assert server.received == []
