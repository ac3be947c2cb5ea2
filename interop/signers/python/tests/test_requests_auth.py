"""requests AuthBase for auth-v2 against a real local server: what arrives verifies."""

from __future__ import annotations

import io
import logging

import pytest
import requests
from conftest import Server, verify
from test_httpx_auth import AK, CDR, DETAIL, SK, stepping_clock

from huawei_cec_auth import CONTENT_TYPE_JSON_UTF8, SigningProfile
from huawei_cec_auth.requests_auth import AuthV2


@pytest.mark.parametrize(
    "profile",
    ["documented", "java-demo", "ts=seconds", "ts=millis,query-line=omit", "headers=host", "host=no-port"],
)
def test_post_and_get_verify_on_the_wire(server: Server, profile: str) -> None:
    parsed = SigningProfile.parse(profile)
    with requests.Session() as session:
        session.auth = AuthV2(AK, SK, profile=profile)
        assert session.post(server.url + CDR, json={"queryParam": {"ccId": 1}}).status_code == 200
        assert session.get(server.url + DETAIL).status_code == 200
    post, get = server.received
    for received, standard in ((post, "content-length;content-type;host"), (get, "content-type;host")):
        result = verify(received, SK)
        assert result["signed_headers"] == (standard if parsed.headers == "standard" else "host")
        assert result["query_line"] == parsed.query_line
        assert len(result["timestamp"]) == (24 if parsed.ts == "millis" else 20)
        assert received.header("Content-Type") == CONTENT_TYPE_JSON_UTF8
        expected_host = "127.0.0.1" if parsed.host == "no-port" else f"127.0.0.1:{server.port}"
        assert received.header("Host") == expected_host
    assert post.body == b'{"queryParam": {"ccId": 1}}'
    assert not get.had_length


def test_query_empty_post_and_str_body(server: Server) -> None:
    auth = AuthV2(AK, SK)
    requests.get(server.url + "/q", params=[("b", "2"), ("a", "1+1"), ("z", "中"), ("flag", "")], auth=auth)
    requests.post(server.url + "/p", auth=auth)
    requests.post(server.url + "/u", data='{"busiResult":"客户已接通 ✓ 😀"}', auth=auth)
    query, empty, text = server.received
    assert "a=1%2B1" in query.target
    for received in server.received:
        verify(received, SK)
    assert empty.header("Content-Length") == "0"
    assert text.body == '{"busiResult":"客户已接通 ✓ 😀"}'.encode()  # a str body goes out as UTF-8


def test_a_stream_body_is_refused_before_sending(server: Server) -> None:
    with pytest.raises(ValueError, match="not a file or an iterator"):
        requests.post(server.url + "/f", data=io.BytesIO(b"{}"), auth=AuthV2(AK, SK))
    assert server.received == []


def test_every_call_is_signed_again_with_a_fresh_timestamp(server: Server) -> None:
    auth = AuthV2(AK, SK, clock=stepping_clock())
    with requests.Session() as session:
        session.post(server.url + CDR, json={"x": 1}, auth=auth)
        session.post(server.url + CDR, json={"x": 1}, auth=auth)
    first, second = (verify(r, SK) for r in server.received)
    assert (first["timestamp"], second["timestamp"]) == ("2026-11-21T08:30:01.001Z", "2026-11-21T08:30:02.002Z")


def test_a_redirect_does_not_carry_this_origins_host(server: Server, server2: Server) -> None:
    server.handler = lambda r: (307, {"Location": server2.url + "/elsewhere"}, b"")
    requests.post(server.url + "/r", json={"a": 1}, auth=AuthV2(AK, SK))
    assert server2.received[0].header("Host") == f"127.0.0.1:{server2.port}"
    assert server2.received[0].header("Authorization") is None  # requests drops it across hosts


def test_a_401_logs_a_hint_and_no_secret(server: Server, caplog: pytest.LogCaptureFixture) -> None:
    server.handler = lambda r: (401, {}, b"")
    caplog.set_level(logging.DEBUG, logger="huawei_cec_auth")
    assert requests.get(server.url + DETAIL, auth=AuthV2(AK, SK)).status_code == 401
    assert "HTTP 401" in caplog.text and "java-demo" in caplog.text
    assert SK not in caplog.text


def test_from_env_and_repr(server: Server) -> None:
    auth = AuthV2.from_env({"CEC_AK": AK, "CEC_SK": "sk-from-env", "CEC_SIGNING_PROFILE": "host=no-port"})
    requests.get(server.url + "/e", auth=auth)
    assert server.received[0].header("Host") == "127.0.0.1"
    verify(server.received[0], "sk-from-env")
    assert "sk-from-env" not in repr(auth)
