"""The signer against every vector: both tables of vectors.json and the repository's
case folders (tests/signing-vectors/*/)."""

from __future__ import annotations

import json
from datetime import datetime, timedelta, timezone
from typing import Any

import pytest
from conftest import CASES_DIR, VECTORS, oracle

from huawei_cec_auth import (
    DOCUMENTED,
    JAVA_DEMO,
    SigningProfile,
    canonical_query,
    format_timestamp,
    normalize,
    sign_v2,
    signing_key,
)

TIME = datetime(2026, 11, 21, 8, 30, 0, tzinfo=timezone.utc)


def sign(request: dict[str, Any], profile: SigningProfile = DOCUMENTED, **changes: Any) -> Any:
    args: dict[str, Any] = {
        "access_key": VECTORS["access_key"],
        "secret_key": VECTORS["secret_key"],
        "time": TIME,
        "method": request["method"],
        "path": request["path"],
        "query": request["query"],
        "host": request["host"],
        "content_type": request["content_type"],
        "body": None if request["body"] is None else request["body"].encode("utf-8"),
        "profile": profile,
    }
    args.update(changes)
    return sign_v2(**args)


def test_the_vectors_file_is_what_the_tests_assume() -> None:
    assert VECTORS["time"] == "2026-11-21T08:30:00.000Z"
    assert len(VECTORS["requests"]["post"]["body"].encode()) == 70
    assert [row["profile"] for row in VECTORS["profiles"]] == [
        "documented",
        "ts=millis,query-line=omit",
        "ts=seconds,query-line=keep",
        "ts=seconds,query-line=omit",
        "ts=seconds,query-line=omit,headers=host",
        "java-demo",
        "ts=seconds,query-line=omit,headers=host,host=no-port",
    ]


def test_documented_vector_1_canonical_request_and_authorization() -> None:
    signed = sign(VECTORS["requests"]["post"])
    assert signed.canonical_request == VECTORS["documented"]["post"]["canonical_request"]
    assert signed.authorization == VECTORS["documented"]["post"]["authorization"]
    assert signed.signed_headers == "content-length;content-type;host"
    assert signed.timestamp == "2026-11-21T08:30:00.000Z"
    assert signed.host == "127.0.0.1:28443"


def test_documented_vector_2_signing_key_and_authorization() -> None:
    expected = VECTORS["documented"]["get"]
    signed = sign(VECTORS["requests"]["get"])
    assert signed.authorization == expected["authorization"]
    assert signed.authorization.startswith(expected["auth_string_prefix"] + "/")
    assert signing_key(VECTORS["secret_key"], expected["auth_string_prefix"]) == expected["signing_key"]
    assert signed.signed_headers == "content-type;host"


@pytest.mark.parametrize("row", VECTORS["profiles"], ids=lambda row: row["profile"])
@pytest.mark.parametrize("which", ["post", "get"])
def test_profile_table(row: dict[str, Any], which: str) -> None:
    profile = SigningProfile.parse(row["profile"])
    signed = sign(VECTORS["requests"][which], profile)
    assert signed.authorization == row[which]["authorization"]
    assert signed.host == row[which]["host"]
    assert signed.profile == profile


def test_java_demo_drops_the_port_and_signs_only_host() -> None:
    signed = sign(VECTORS["requests"]["get"], JAVA_DEMO)
    assert signed.canonical_request.split("\n") == [
        "GET",
        "/rest/isales/v1/openapi/campaigns/8/callresultdetail/1644464743-1388",
        "host",
        "host:cc-isales.example.com",
        "",
    ]


def test_omit_keeps_a_query_line_that_is_not_empty() -> None:
    request = dict(VECTORS["requests"]["get"], query="b=2&a=1")
    keep = sign(request)
    omit = sign(request, SigningProfile(query_line="omit"))
    assert keep.authorization == omit.authorization
    assert keep.canonical_request.split("\n")[2] == "a=1&b=2"


def _case_folders() -> list[str]:
    return sorted(p.name for p in CASES_DIR.iterdir() if (p / "request.txt").is_file())


@pytest.mark.parametrize("name", _case_folders())
def test_case_folders(name: str) -> None:
    """Every case folder of tests/signing-vectors (documented profile)."""
    folder = CASES_DIR / name
    context = json.loads((folder / "context.json").read_text("utf-8"))
    parsed = oracle.parse_request((folder / "request.txt").read_bytes())
    signed = sign_v2(
        access_key=context["ak"],
        secret_key=context["sk"],
        time=datetime.strptime(context["timestamp"], "%Y-%m-%dT%H:%M:%S.%fZ").replace(tzinfo=timezone.utc),
        method=parsed.method,
        path=parsed.path,
        query=parsed.raw_query,
        host=parsed.headers["host"].strip(),
        content_type=parsed.headers["content-type"],
        body=parsed.body,
    )
    assert signed.canonical_request == (folder / "canonical-request.txt").read_text("utf-8")
    assert signed.authorization == (folder / "authorization.txt").read_text("utf-8")
    prefix = signed.authorization.rsplit("/", 1)[0]
    assert signing_key(context["sk"], prefix) == (folder / "signing-key.txt").read_text("utf-8")


def test_there_are_case_folders() -> None:
    assert len(_case_folders()) >= 8


def test_normalize_and_canonical_query() -> None:
    assert normalize("a-._~ /:+%é") == "a-._~%20%2F%3A%2B%25%C3%A9"
    assert normalize(b"\x00\xff") == "%00%FF"
    assert canonical_query("plus=1+1&x=%2b&flag&&a-b=3&a=%e4%b8%ad&bad=%zz") == (
        "a-b=3&a=%E4%B8%AD&bad=%25zz&flag=&plus=1%2B1&x=%2B"
    )
    assert canonical_query("") == canonical_query(None) == ""


def test_timestamps() -> None:
    t = datetime(2027, 1, 2, 3, 4, 5, 678999, tzinfo=timezone(timedelta(hours=8)))
    assert format_timestamp(t) == "2027-01-01T19:04:05.678Z"
    assert format_timestamp(t, SigningProfile(ts="seconds")) == "2027-01-01T19:04:05Z"
    with pytest.raises(ValueError, match="timezone-aware"):
        format_timestamp(datetime(2027, 1, 2))


def test_host_no_port_keeps_an_ipv6_literal_and_a_host_without_port() -> None:
    request = dict(VECTORS["requests"]["get"])
    assert sign(dict(request, host="[::1]:8443"), JAVA_DEMO).host == "[::1]"
    assert sign(dict(request, host="cc.example.com"), JAVA_DEMO).host == "cc.example.com"


def test_no_content_type_is_not_signed() -> None:
    signed = sign(VECTORS["requests"]["get"], content_type=None)
    assert signed.signed_headers == "host"


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"access_key": "a/b"}, "contains '/'"),
        ({"access_key": ""}, "access key"),
        ({"secret_key": "has space"}, "secret key"),
        ({"method": "GE T"}, "method"),
        ({"path": "no-slash"}, "must start with '/'"),
        ({"path": "/x?y=1"}, "not include the query"),
        ({"host": "a b"}, "host"),
        ({"time": datetime(2026, 1, 1)}, "timezone-aware"),
    ],
)
def test_bad_input_is_refused_with_a_clear_error(changes: dict[str, Any], message: str) -> None:
    with pytest.raises(ValueError, match=message) as error:
        sign(VECTORS["requests"]["get"], **changes)
    assert "SK_EXAMPLE_SECRET" not in str(error.value)


def test_signed_request_never_shows_the_secret_key() -> None:
    signed = sign(VECTORS["requests"]["post"])
    assert VECTORS["secret_key"] not in repr(signed)
    assert signing_key(VECTORS["secret_key"], signed.authorization.rsplit("/", 1)[0]) not in repr(signed)
