#!/usr/bin/env python3
"""Independent reference implementation of the "auth-v2" AK/SK request signature.

The scheme is described in the project's authentication document, docs/authentication.md
(auth-v2 and its test vectors). This file is deliberately written from that description alone (standard library only; the
percent-encoder and -decoder are hand-written, urllib.parse is not used) so that the
vectors it produces are an independent check on the Rust implementation.

Usage:
    python3 sign_v2.py check      # verify the published vectors, then every case folder
    python3 sign_v2.py generate   # (re)write the case folders from CASES below

Every case folder holds exactly these files (see README.md):
    request.txt              the HTTP request as sent ("\\n" line endings, body bytes verbatim)
    context.json             {"ak", "sk", "timestamp", "scheme"}
    canonical-request.txt    the exact canonical request (no trailing newline)
    signing-key.txt          the SigningKey hex (no trailing newline)
    authorization.txt        the Authorization header value (no trailing newline)
"""

from __future__ import annotations

import hashlib
import hmac
import json
import sys
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent

CASE_FILES = (
    "authorization.txt",
    "canonical-request.txt",
    "context.json",
    "request.txt",
    "signing-key.txt",
)

DEFAULT_PORTS = {"https": 443, "http": 80}

# --------------------------------------------------------------------------------------
# Normalize / percent-decoding (hand-written on purpose)
# --------------------------------------------------------------------------------------

# The only bytes left unencoded by Normalize: A-Z a-z 0-9 - . _ ~
UNRESERVED = frozenset(
    b"ABCDEFGHIJKLMNOPQRSTUVWXYZ" b"abcdefghijklmnopqrstuvwxyz" b"0123456789" b"-._~"
)
HEX_UPPER = "0123456789ABCDEF"


def normalize(data: bytes | str) -> str:
    """Percent-encode every byte except A-Z a-z 0-9 - . _ ~, upper-case hex.

    A str is first encoded as UTF-8; bytes are taken as they are.
    """
    if isinstance(data, str):
        data = data.encode("utf-8")
    out = []
    for byte in data:
        if byte in UNRESERVED:
            out.append(chr(byte))
        else:
            out.append("%" + HEX_UPPER[byte >> 4] + HEX_UPPER[byte & 0x0F])
    return "".join(out)


def _hex_value(byte: int) -> int | None:
    """Value of one ASCII hex digit (either case), or None."""
    if 0x30 <= byte <= 0x39:  # 0-9
        return byte - 0x30
    if 0x41 <= byte <= 0x46:  # A-F
        return byte - 0x41 + 10
    if 0x61 <= byte <= 0x66:  # a-f
        return byte - 0x61 + 10
    return None


def percent_decode(data: str) -> bytes:
    """Decode %XX escapes (hex in either case) into raw bytes.

    '+' is kept literally (it is NOT a space). A '%' that is not followed by two hex
    digits is kept as a literal '%'. The result is bytes: it need not be valid UTF-8.
    """
    raw = data.encode("utf-8")
    out = bytearray()
    i = 0
    while i < len(raw):
        byte = raw[i]
        if byte == 0x25 and i + 2 < len(raw):  # '%' with two more bytes after it
            hi = _hex_value(raw[i + 1])
            lo = _hex_value(raw[i + 2])
            if hi is not None and lo is not None:
                out.append(hi * 16 + lo)
                i += 3
                continue
        out.append(byte)
        i += 1
    return bytes(out)


# Leading/trailing ASCII whitespace: space, tab, LF, VT, FF, CR.
ASCII_WHITESPACE = " \t\n\x0b\x0c\r"


def trim(value: str) -> str:
    return value.strip(ASCII_WHITESPACE)


# --------------------------------------------------------------------------------------
# The signature itself
# --------------------------------------------------------------------------------------


def canonical_query(raw_query: str) -> str:
    """Canonical query string from the raw query as sent (without the '?').

    Each '&'-separated pair is split on its first '='; a pair without '=' has an empty
    value. Name and value are percent-decoded ('+' stays '+'), then Normalized. The
    "name=value" strings are sorted by byte order and joined with '&'. Empty segments
    (from "a=1&&b=2", a trailing '&', or an empty query) are skipped.
    """
    items = []
    for pair in raw_query.split("&"):
        if pair == "":
            continue
        name, sep, value = pair.partition("=")
        items.append(normalize(percent_decode(name)) + "=" + normalize(percent_decode(value)))
    # The normalized strings are pure ASCII, so sorting str == sorting bytes.
    items.sort(key=lambda s: s.encode("ascii"))
    return "&".join(items)


def hmac_sha256_hex(key: bytes, message: bytes) -> str:
    return hmac.new(key, message, hashlib.sha256).hexdigest()


@dataclass
class Signed:
    signed_headers: str
    auth_string_prefix: str
    signing_key: str
    canonical_request: str
    signature: str
    authorization: str


def sign(
    *,
    ak: str,
    sk: str,
    timestamp: str,
    method: str,
    path: str,
    raw_query: str | None,
    headers: dict[str, str],
    body: bytes | None,
    omit_empty_query_line: bool = False,
) -> Signed:
    """Sign one request.

    headers: the signed headers, lower-case name -> value as sent (untrimmed). The
    caller decides which headers are signed (host, content-type, and content-length
    when there is a body).
    path: the path exactly as in the request line (not re-encoded).
    raw_query: the query as sent, without '?', or None.
    body: the body bytes, or None when the request has no body.
    omit_empty_query_line: leave the query line out of the canonical request when there
    is no query (no '?' or nothing after it), as Huawei's Java demo does; by default it is
    kept as an empty line, as the documentation page says.
    """
    names = sorted(headers)  # lower-case ASCII names: byte order
    signed_headers = ";".join(names)

    auth_string_prefix = "auth-v2/" + ak + "/" + timestamp + "/" + signed_headers
    signing_key = hmac_sha256_hex(sk.encode("utf-8"), auth_string_prefix.encode("utf-8"))

    canonical_headers = "\n".join(
        normalize(name) + ":" + normalize(trim(headers[name])) for name in names
    )
    parts = [method.upper(), path]
    if raw_query or not omit_empty_query_line:
        parts.append(canonical_query(raw_query) if raw_query else "")
    parts += [signed_headers, canonical_headers, normalize(body) if body is not None else ""]
    canonical_request = "\n".join(parts)
    signature = hmac_sha256_hex(
        signing_key.encode("utf-8"), canonical_request.encode("utf-8")
    )
    return Signed(
        signed_headers=signed_headers,
        auth_string_prefix=auth_string_prefix,
        signing_key=signing_key,
        canonical_request=canonical_request,
        signature=signature,
        authorization=auth_string_prefix + "/" + signature,
    )


# --------------------------------------------------------------------------------------
# request.txt: rendering and parsing
# --------------------------------------------------------------------------------------


def host_header(scheme: str, hostname: str, port: int | None) -> str:
    """hostname[:port], the port left out when it is the scheme's default."""
    if port is None or port == DEFAULT_PORTS[scheme]:
        return hostname
    return f"{hostname}:{port}"


def render_request(
    method: str, target: str, host: str, content_type: str, body: bytes | None
) -> bytes:
    """The request as sent, with "\\n" line endings.

    Header lines are "Name: value"; content_type is written verbatim (including any
    surrounding whitespace the case wants to exercise).
    """
    lines = [f"{method} {target} HTTP/1.1", f"Host: {host}", f"Content-Type: {content_type}"]
    if body is not None:
        lines.append(f"Content-Length: {len(body)}")
    head = "\n".join(lines) + "\n\n"
    return head.encode("utf-8") + (body if body is not None else b"")


@dataclass
class ParsedRequest:
    method: str
    path: str
    raw_query: str | None
    headers: dict[str, str]  # lower-case name -> raw value (everything after the ':')
    body: bytes | None  # None when there is no Content-Length header


def parse_request(data: bytes) -> ParsedRequest:
    head, sep, body = data.partition(b"\n\n")
    if not sep:
        raise ValueError("request.txt: no empty line after the headers")
    lines = head.decode("utf-8").split("\n")
    method, target, version = lines[0].split(" ")
    if version != "HTTP/1.1":
        raise ValueError(f"request.txt: unexpected version {version!r}")
    path, qmark, query = target.partition("?")
    headers: dict[str, str] = {}
    for line in lines[1:]:
        name, colon, value = line.partition(":")
        if not colon:
            raise ValueError(f"request.txt: bad header line {line!r}")
        key = name.lower()
        if key in headers:
            raise ValueError(f"request.txt: duplicate header {name!r}")
        headers[key] = value  # untrimmed: signing trims it
    if "content-length" in headers:
        if int(trim(headers["content-length"])) != len(body):
            raise ValueError("request.txt: Content-Length does not match the body")
        parsed_body: bytes | None = body
    else:
        if body:
            raise ValueError("request.txt: body without Content-Length")
        parsed_body = None
    return ParsedRequest(
        method=method,
        path=path,
        raw_query=query if qmark else None,
        headers=headers,
        body=parsed_body,
    )


def sign_request_file(request: bytes, context: dict) -> Signed:
    """Sign a request.txt under a context.json: the independent path used by `check`."""
    req = parse_request(request)
    host = trim(req.headers["host"])
    scheme = context["scheme"]
    if host.endswith(f":{DEFAULT_PORTS[scheme]}"):
        raise ValueError(f"Host {host!r} carries the default port for {scheme}")
    signed = {"host": req.headers["host"], "content-type": req.headers["content-type"]}
    if req.body is not None:
        signed["content-length"] = req.headers["content-length"]
    return sign(
        ak=context["ak"],
        sk=context["sk"],
        timestamp=context["timestamp"],
        method=req.method,
        path=req.path,
        raw_query=req.raw_query,
        headers=signed,
        body=req.body,
    )


# --------------------------------------------------------------------------------------
# The cases
# --------------------------------------------------------------------------------------

AK = "AK_EXAMPLE"
SK = "SK_EXAMPLE_SECRET"
TS = "2026-11-21T08:30:00.000Z"
JSON_UTF8 = "application/json; charset=UTF-8"

CDR_BODY_PUBLISHED = '{"queryParam":{"ccId":1,"isCallin":"true","callId":"1000000000-0001"}}'
# The same CDR query with the keys in the order the Rust client serializes them.
CDR_BODY_SORTED = '{"queryParam":{"callId":"1000000000-0001","ccId":1,"isCallin":"true"}}'

# Each case: scheme, hostname and port of the URL (port None = not given), request
# target (path[?query]) exactly as sent, Content-Type exactly as sent, body (str is
# UTF-8 encoded; None = no body, b"" / "" = empty body).
CASES: dict[str, dict] = {
    # Published vector 1 (docs/authentication.md).
    "post-cms-querycalldetailbyid": dict(
        ak=AK, sk=SK, timestamp=TS, scheme="https",
        hostname="127.0.0.1", port=28443,
        method="POST", target="/rest/cmsapp/v1/openapi/calldata/querycalldetailbyid",
        content_type=JSON_UTF8, body=CDR_BODY_PUBLISHED,
    ),
    # Published vector 2 (docs/authentication.md).
    "get-isales-callresultdetail": dict(
        ak=AK, sk=SK, timestamp=TS, scheme="https",
        hostname="cc-isales.example.com", port=28090,
        method="GET", target="/rest/isales/v1/openapi/campaigns/8/callresultdetail/1644464743-1388",
        content_type=JSON_UTF8, body=None,
    ),
    # Query: repeated name (sorted by value), %20, UTF-8 escapes, empty value, a name
    # without '=', a literal '+', and "a-b" which sorts before "a=" because '-' < '='.
    "get-query-string": dict(
        ak=AK, sk=SK, timestamp=TS, scheme="https",
        hostname="cc-isales.example.com", port=28090,
        method="GET",
        target="/rest/isales/v1/openapi/campaigns/8/1402245659/queryObsResultDetail"
        "?b=2&a=x%20y&a=1&z=%E4%B8%AD&empty=&flag&plus=1+1&a-b=3",
        content_type=JSON_UTF8, body=None,
    ),
    # Non-ASCII JSON body (CJK, a BMP symbol and a 4-byte emoji); Content-Length is bytes.
    "post-non-ascii-body": dict(
        ak=AK, sk=SK, timestamp=TS, scheme="https",
        hostname="cc-isales.example.com", port=28090,
        method="POST", target="/rest/isales/v1/openapi/campaigns/8/appoint/updateResult",
        content_type=JSON_UTF8,
        body='{"appointId":"174738152455111432454674595509","callId":"1747316188-341779",'
        '"failCode":"00000","busiResult":"客户已接通 ✓ 😀"}',
    ),
    # https with the default port given explicitly: the Host header drops ":443".
    "get-default-port": dict(
        ak=AK, sk=SK, timestamp=TS, scheme="https",
        hostname="cc-isales.example.com", port=443,
        method="GET", target="/rest/isales/v1/openapi/campaigns/8/callresultdetail/1644464743-1388",
        content_type=JSON_UTF8, body=None,
    ),
    # POST with an empty body: content-length:0 is signed, the body part is empty.
    "post-empty-body": dict(
        ak=AK, sk=SK, timestamp=TS, scheme="https",
        hostname="cc-isales.example.com", port=28090,
        method="POST", target="/rest/isales/v1/openapi/campaigns/8/appoint/updateResult",
        content_type=JSON_UTF8, body="",
    ),
    # Published vector 1 with Content-Type padded by spaces and a tab: after trimming,
    # canonical request and Authorization are identical to post-cms-querycalldetailbyid.
    "header-value-whitespace": dict(
        ak=AK, sk=SK, timestamp=TS, scheme="https",
        hostname="127.0.0.1", port=28443,
        method="POST", target="/rest/cmsapp/v1/openapi/calldata/querycalldetailbyid",
        content_type="  " + JSON_UTF8 + " \t", body=CDR_BODY_PUBLISHED,
    ),
    # Other credentials and timestamp, CDR query body (client key order) to port 8443.
    "other-credentials": dict(
        ak="demo-ak", sk="demo-sk", timestamp="2027-01-02T03:04:05.678Z", scheme="https",
        hostname="127.0.0.1", port=8443,
        method="POST", target="/rest/cmsapp/v1/openapi/calldata/querycalldetailbyid",
        content_type=JSON_UTF8, body=CDR_BODY_SORTED,
    ),
}

# The published vectors, copied verbatim from docs/authentication.md.
PUBLISHED_1_CANONICAL = "\n".join(
    [
        "POST",
        "/rest/cmsapp/v1/openapi/calldata/querycalldetailbyid",
        "",
        "content-length;content-type;host",
        "content-length:70",
        "content-type:application%2Fjson%3B%20charset%3DUTF-8",
        "host:127.0.0.1%3A28443",
        "%7B%22queryParam%22%3A%7B%22ccId%22%3A1%2C%22isCallin%22%3A%22true%22%2C%22callId%22%3A%221000000000-0001%22%7D%7D",
    ]
)
PUBLISHED_1_AUTHORIZATION = (
    "auth-v2/AK_EXAMPLE/2026-11-21T08:30:00.000Z/content-length;content-type;host/"
    "5acbad3ad4bfba0c141eb27b60de08a78cd75464dae57ba33ddbb151d6716b7c"
)
PUBLISHED_2_PREFIX = "auth-v2/AK_EXAMPLE/2026-11-21T08:30:00.000Z/content-type;host"
PUBLISHED_2_SIGNING_KEY = "65614660bd5d50c65c890c207abbfe1a61225aae69d4674a8ef5caea97f87654"
PUBLISHED_2_AUTHORIZATION = (
    "auth-v2/AK_EXAMPLE/2026-11-21T08:30:00.000Z/content-type;host/"
    "ad5398989adcffe9b40db1d27e8c4c99cc8a83ed6c3a63926f732c526c4b0007"
)


def build_case(case: dict) -> dict[str, bytes]:
    """The five files of one case, as bytes, computed from its CASES entry."""
    body = case["body"]
    if isinstance(body, str):
        body = body.encode("utf-8")
    host = host_header(case["scheme"], case["hostname"], case["port"])
    request = render_request(case["method"], case["target"], host, case["content_type"], body)

    # Sign directly from the case's fields (not by re-parsing request.txt)...
    path, qmark, query = case["target"].partition("?")
    headers = {"host": host, "content-type": case["content_type"]}
    if body is not None:
        headers["content-length"] = str(len(body))
    signed = sign(
        ak=case["ak"], sk=case["sk"], timestamp=case["timestamp"],
        method=case["method"], path=path, raw_query=query if qmark else None,
        headers=headers, body=body,
    )
    context = {k: case[k] for k in ("ak", "sk", "timestamp", "scheme")}
    # ...and make sure the request.txt round trip signs identically.
    again = sign_request_file(request, context)
    assert again == signed, "request.txt does not round-trip"

    return {
        "request.txt": request,
        "context.json": (json.dumps(context, indent=2) + "\n").encode("utf-8"),
        "canonical-request.txt": signed.canonical_request.encode("utf-8"),
        "signing-key.txt": signed.signing_key.encode("ascii"),
        "authorization.txt": signed.authorization.encode("ascii"),
    }


# --------------------------------------------------------------------------------------
# Signing profiles: the four knobs on which the documentation page and Huawei's Java demo
# differ (docs/authentication.md, "Signing profiles: why they exist")
# --------------------------------------------------------------------------------------

PROFILES_FILE = "profiles.json"

# knob -> (documented value, Java demo value)
KNOBS = {
    "ts": ("millis", "seconds"),
    "query-line": ("keep", "omit"),
    "headers": ("standard", "host"),
    "host": ("port", "no-port"),
}


def all_profiles() -> list[dict[str, str]]:
    """Every combination of the knobs (16), the documented one first."""
    names = list(KNOBS)
    out = []
    for bits in range(16):
        out.append({name: KNOBS[name][(bits >> i) & 1] for i, name in enumerate(names)})
    return out


def profile_text(profile: dict[str, str]) -> str:
    return ",".join(f"{name}={profile[name]}" for name in KNOBS)


def seconds_timestamp(timestamp: str) -> str:
    """yyyy-MM-ddTHH:mm:ss.SSSZ -> yyyy-MM-ddTHH:mm:ssZ (the fraction dropped)."""
    if len(timestamp) != 24 or timestamp[19] != "." or not timestamp.endswith("Z"):
        raise ValueError(f"not a millisecond timestamp: {timestamp!r}")
    return timestamp[:19] + "Z"


def sign_case_with_profile(case: dict, profile: dict[str, str]) -> Signed:
    """Sign a CASES entry the way a client using `profile` would."""
    body = case["body"]
    if isinstance(body, str):
        body = body.encode("utf-8")
    if profile["host"] == "port":
        host = host_header(case["scheme"], case["hostname"], case["port"])
    else:
        host = case["hostname"]
    if profile["headers"] == "standard":
        headers = {"host": host, "content-type": case["content_type"]}
        if body is not None:
            headers["content-length"] = str(len(body))
    else:
        headers = {"host": host}
    timestamp = case["timestamp"]
    if profile["ts"] == "seconds":
        timestamp = seconds_timestamp(timestamp)
    path, qmark, query = case["target"].partition("?")
    return sign(
        ak=case["ak"], sk=case["sk"], timestamp=timestamp,
        method=case["method"], path=path, raw_query=query if qmark else None,
        headers=headers, body=body,
        omit_empty_query_line=profile["query-line"] == "omit",
    )


def build_profiles() -> bytes:
    """profiles.json: every case signed under every profile."""
    vectors = []
    for name, case in CASES.items():
        for profile in all_profiles():
            signed = sign_case_with_profile(case, profile)
            vectors.append(
                {
                    "case": name,
                    "profile": profile_text(profile),
                    "canonical_request": signed.canonical_request,
                    "authorization": signed.authorization,
                }
            )
    return (json.dumps({"vectors": vectors}, indent=1, ensure_ascii=False) + "\n").encode("utf-8")


# The table of profile vectors of docs/authentication.md, copied verbatim: (profile, request 1 POST, request 2 GET).
PUBLISHED_PROFILE_SIGNATURES = [
    ("ts=millis,query-line=keep,headers=standard,host=port",
     "5acbad3ad4bfba0c141eb27b60de08a78cd75464dae57ba33ddbb151d6716b7c",
     "ad5398989adcffe9b40db1d27e8c4c99cc8a83ed6c3a63926f732c526c4b0007"),
    ("ts=millis,query-line=omit,headers=standard,host=port",
     "ba44407e16dec338989e720b157e5fecc192b33501a64711dedb9a3dd4bd66a9",
     "919b800befc9d2c1f9b4e10db65f72205961192dcd80a4c7f1943245fdbc4981"),
    ("ts=seconds,query-line=keep,headers=standard,host=port",
     "4f956f925b821273fd997b70f1b0434fb3e303ca175be5a227b90d3a9ca4e8c7",
     "6e6aaeb4f1e07a78a5e9cc4d8959224f3762db20c66cb4e391f2ac4783003e88"),
    ("ts=seconds,query-line=omit,headers=standard,host=port",
     "f98d6daaed550d7565ebbbff5853451704a7a70be78c7b4a9792e14c87dc39d1",
     "87dac9484585c94b937e682222d4418cb1ff0a6dd135dba4ec7a154efc1c4f71"),
    ("ts=seconds,query-line=omit,headers=host,host=port",
     "31e6e8b1b1dbbfe3139cc795ce9a17b4939ce8db393061a7de8890d210681807",
     "c3d1a00eb4f75828108ade1ba4f7335efa53fbf7f9b380729778bb13a0758bf8"),
    ("ts=seconds,query-line=omit,headers=host,host=no-port",
     "ae2e73c2731c6c58fd8c1df210f8cae310961db7fa8027a6459423084f039817",
     "aea4572ec646b4d6f43bc471f323201ed403461cb1f2670289d9e6b1ac203bd0"),
]


def check_profiles() -> list[str]:
    """The profile table of docs/authentication.md from CASES, and profiles.json as `generate` writes it."""
    errors = []
    by_text = {profile_text(p): p for p in all_profiles()}
    for text, post, get in PUBLISHED_PROFILE_SIGNATURES:
        profile = by_text[text]
        for case_name, expected in (
            ("post-cms-querycalldetailbyid", post),
            ("get-isales-callresultdetail", get),
        ):
            signed = sign_case_with_profile(CASES[case_name], profile)
            if signed.signature != expected:
                errors.append(f"profile {text}, {case_name}: differs from docs/authentication.md")
    path = HERE / PROFILES_FILE
    if not path.is_file():
        errors.append(f"{PROFILES_FILE}: missing, run `generate`")
    elif path.read_bytes() != build_profiles():
        errors.append(f"{PROFILES_FILE}: stale, run `generate`")
    return errors


# --------------------------------------------------------------------------------------
# CLI
# --------------------------------------------------------------------------------------


def generate() -> int:
    for name, case in CASES.items():
        folder = HERE / name
        folder.mkdir(exist_ok=True)
        for file_name, content in build_case(case).items():
            (folder / file_name).write_bytes(content)
        print(f"wrote {name}/")
    (HERE / PROFILES_FILE).write_bytes(build_profiles())
    print(f"wrote {PROFILES_FILE}")
    return 0


def check_published() -> list[str]:
    """The two published vectors, from the CASES entries (not from the folders)."""
    errors = []
    v1 = build_case(CASES["post-cms-querycalldetailbyid"])
    if v1["canonical-request.txt"] != PUBLISHED_1_CANONICAL.encode():
        errors.append("published vector 1: canonical request differs from docs/authentication.md")
    if v1["authorization.txt"] != PUBLISHED_1_AUTHORIZATION.encode():
        errors.append("published vector 1: Authorization differs from docs/authentication.md")
    if len(CDR_BODY_PUBLISHED.encode()) != 70:
        errors.append("published vector 1: body is not 70 bytes")

    v2 = build_case(CASES["get-isales-callresultdetail"])
    if not v2["authorization.txt"].startswith(PUBLISHED_2_PREFIX.encode() + b"/"):
        errors.append("published vector 2: authStringPrefix differs from docs/authentication.md")
    if v2["signing-key.txt"] != PUBLISHED_2_SIGNING_KEY.encode():
        errors.append("published vector 2: SigningKey differs from docs/authentication.md")
    if v2["authorization.txt"] != PUBLISHED_2_AUTHORIZATION.encode():
        errors.append("published vector 2: Authorization differs from docs/authentication.md")
    return errors


def check_folder(folder: Path) -> list[str]:
    """Re-sign a folder's request.txt + context.json and compare with its files."""
    errors = []
    present = sorted(p.name for p in folder.iterdir())
    if present != sorted(CASE_FILES):
        errors.append(f"{folder.name}: files are {present}, expected {sorted(CASE_FILES)}")
        return errors
    try:
        context = json.loads((folder / "context.json").read_text("utf-8"))
        signed = sign_request_file((folder / "request.txt").read_bytes(), context)
    except Exception as exc:  # report and carry on with the other folders
        return [f"{folder.name}: {exc}"]
    expected = {
        "canonical-request.txt": signed.canonical_request.encode("utf-8"),
        "signing-key.txt": signed.signing_key.encode("ascii"),
        "authorization.txt": signed.authorization.encode("ascii"),
    }
    for file_name, content in expected.items():
        if (folder / file_name).read_bytes() != content:
            errors.append(f"{folder.name}/{file_name}: differs from the recomputed value")
    # The folder must also be exactly what `generate` writes from CASES.
    if folder.name in CASES:
        for file_name, content in build_case(CASES[folder.name]).items():
            if (folder / file_name).read_bytes() != content:
                errors.append(f"{folder.name}/{file_name}: stale, run `generate`")
    else:
        errors.append(f"{folder.name}: not in CASES")
    return errors


def check() -> int:
    errors = check_published()
    if not errors:
        print("ok   published vectors 1 and 2 of docs/authentication.md")
    folders = sorted(p for p in HERE.iterdir() if p.is_dir() and not p.name.startswith((".", "_")))
    for name in CASES:
        if not (HERE / name).is_dir():
            errors.append(f"{name}: folder missing, run `generate`")
    for folder in folders:
        folder_errors = check_folder(folder)
        errors += folder_errors
        if not folder_errors:
            print(f"ok   {folder.name}")
    # The two published vectors, as stored in their folders, too.
    stored = {
        ("post-cms-querycalldetailbyid", "canonical-request.txt"): PUBLISHED_1_CANONICAL,
        ("post-cms-querycalldetailbyid", "authorization.txt"): PUBLISHED_1_AUTHORIZATION,
        ("get-isales-callresultdetail", "signing-key.txt"): PUBLISHED_2_SIGNING_KEY,
        ("get-isales-callresultdetail", "authorization.txt"): PUBLISHED_2_AUTHORIZATION,
    }
    for (name, file_name), value in stored.items():
        path = HERE / name / file_name
        if path.is_file() and path.read_bytes() != value.encode():
            errors.append(f"{name}/{file_name}: differs from docs/authentication.md")
    profile_errors = check_profiles()
    errors += profile_errors
    if not profile_errors:
        print(f"ok   the signing-profile vectors of docs/authentication.md, and {PROFILES_FILE}")
    for error in errors:
        print("FAIL " + error)
    return 1 if errors else 0


def main(argv: list[str]) -> int:
    if len(argv) != 2 or argv[1] not in ("check", "generate"):
        print(__doc__)
        return 2
    return check() if argv[1] == "check" else generate()


if __name__ == "__main__":
    sys.exit(main(sys.argv))
