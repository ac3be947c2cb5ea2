"""auth-v2, the AK/SK request signature of CC-iSales and CC-CMS, as a pure function.

The scheme (docs/authentication.md in the huawei-cec repository)::

    Authorization: auth-v2/{AK}/{timestamp}/{SignedHeaders}/{Signature}

    authStringPrefix = "auth-v2/" + AK + "/" + timestamp + "/" + SignedHeaders
    SigningKey       = hex(HMAC-SHA256(key=SK, msg=authStringPrefix))
    CanonicalRequest = METHOD \\n path \\n canonical query \\n SignedHeaders \\n
                       canonical headers \\n Normalize(body)
    Signature        = hex(HMAC-SHA256(key=SigningKey (its hex text), msg=CanonicalRequest))

where ``Normalize`` percent-encodes every UTF-8 byte but ``A-Z a-z 0-9 - . _ ~`` with
upper-case hex digits. A :class:`~huawei_cec_auth.profile.SigningProfile` selects the
variant (timestamp precision, the query line, the headers signed, the Host value).
"""

from __future__ import annotations

import hashlib
import hmac
from dataclasses import dataclass
from datetime import datetime, timezone

from .profile import DOCUMENTED, SigningProfile

__all__ = [
    "SignedRequest",
    "canonical_query",
    "check_credentials",
    "format_timestamp",
    "host_without_port",
    "normalize",
    "sign_v2",
    "signing_key",
]

_UNRESERVED = frozenset(b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")
_HEX = "0123456789ABCDEF"
_ASCII_WHITESPACE = " \t\n\x0b\x0c\r"


def normalize(data: bytes | str) -> str:
    """``Normalize(s)``: percent-encode every byte except ``A-Z a-z 0-9 - . _ ~``,
    upper-case hex. A ``str`` is encoded as UTF-8 first."""
    raw = data.encode("utf-8") if isinstance(data, str) else data
    return "".join(
        chr(byte) if byte in _UNRESERVED else "%" + _HEX[byte >> 4] + _HEX[byte & 15]
        for byte in raw
    )


def _percent_decode(text: str) -> bytes:
    """Decodes ``%XX`` (either case); ``+`` stays ``+``; a stray ``%`` stays literal."""
    raw = text.encode("utf-8")
    out = bytearray()
    i = 0
    while i < len(raw):
        pair = raw[i + 1 : i + 3]
        if raw[i] == 0x25 and len(pair) == 2 and all(chr(b) in "0123456789abcdefABCDEF" for b in pair):
            out.append(int(pair, 16))
            i += 3
        else:
            out.append(raw[i])
            i += 1
    return bytes(out)


def canonical_query(query: str | None) -> str:
    """The canonical query from the raw query as sent (without ``?``).

    Each ``&``-separated pair is split at its first ``=`` (no ``=``: empty value); name
    and value are percent-decoded (``+`` is a literal plus, not a space), normalized,
    joined as ``name=value``, sorted by byte order and joined with ``&``. Empty pairs are
    skipped. A value holding a literal ``+`` must be sent as ``%2B``: a server reading
    ``+`` as a space would compute another signature.
    """
    if not query:
        return ""
    pairs = []
    for pair in query.split("&"):
        if not pair:
            continue
        name, _, value = pair.partition("=")
        pairs.append(normalize(_percent_decode(name)) + "=" + normalize(_percent_decode(value)))
    pairs.sort()  # ASCII only after normalize: str order is byte order
    return "&".join(pairs)


def format_timestamp(time: datetime, profile: SigningProfile = DOCUMENTED) -> str:
    """UTC ``yyyy-MM-ddTHH:mm:ss.SSSZ`` (``ts=millis``) or ``yyyy-MM-ddTHH:mm:ssZ``
    (``ts=seconds``). ``time`` must be timezone-aware."""
    if time.tzinfo is None or time.utcoffset() is None:
        raise ValueError("the signing time must be timezone-aware, e.g. datetime.now(timezone.utc)")
    utc = time.astimezone(timezone.utc)
    text = utc.strftime("%Y-%m-%dT%H:%M:%S")
    if profile.ts == "millis":
        text += f".{utc.microsecond // 1000:03d}"
    return text + "Z"


def host_without_port(host: str) -> str:
    """``hostname`` of ``hostname[:port]`` (an IPv6 literal keeps its brackets)."""
    if host.startswith("["):
        end = host.find("]")
        return host[: end + 1] if end != -1 else host
    return host.partition(":")[0]


def _is_visible_ascii(text: str) -> bool:
    return bool(text) and all("!" <= c <= "~" for c in text)


def check_credentials(access_key: str, secret_key: str) -> None:
    """Raises ``ValueError`` (never quoting the secret key) unless both keys are non-empty
    visible ASCII and the access key has no ``/`` (which separates the header's parts)."""
    if not _is_visible_ascii(access_key):
        raise ValueError("the access key (AK) is empty or contains spaces, control or non-ASCII characters")
    if "/" in access_key:
        raise ValueError("the access key (AK) contains '/', which separates the parts of the auth-v2 header")
    if not _is_visible_ascii(secret_key):
        raise ValueError("the secret key (SK) is empty or contains spaces, control or non-ASCII characters")


def _hmac_hex(key: bytes, message: str) -> str:
    return hmac.new(key, message.encode("utf-8"), hashlib.sha256).hexdigest()


def signing_key(secret_key: str, auth_string_prefix: str) -> str:
    """``SigningKey = hex(HMAC-SHA256(SK, authStringPrefix))``. Derived from the secret
    key: treat it as a secret (exposed for test vectors)."""
    return _hmac_hex(secret_key.encode("utf-8"), auth_string_prefix)


@dataclass(frozen=True)
class SignedRequest:
    """The result of signing: the header values to send and what went into them (never
    the secret key). ``canonical_request`` holds the body: it may hold personal data
    such as phone numbers, so log it only when debugging."""

    #: The ``Authorization`` header value.
    authorization: str
    #: The ``Host`` header value to send: the one signed (without the port under ``host=no-port``).
    host: str
    #: The canonical request that was signed (compare it with the server's when chasing a 401).
    canonical_request: str
    #: ``SignedHeaders``, e.g. ``content-length;content-type;host``.
    signed_headers: str
    #: The timestamp in the header.
    timestamp: str
    #: The profile used.
    profile: SigningProfile


def _check_request(method: str, path: str, host: str) -> None:
    if not method or not all(c.isascii() and (c.isalnum() or c in "!#$%&'*+-.^_`|~") for c in method):
        raise ValueError(f"the HTTP method {method!r} is not a valid method token")
    if not path.startswith("/") or "?" in path or "#" in path or not _is_visible_ascii(path):
        raise ValueError(
            f"the path {path!r} must start with '/', be percent-encoded as sent (visible ASCII), "
            "and not include the query (pass it separately, without '?')"
        )
    if not _is_visible_ascii(host):
        raise ValueError(f"the host {host!r} must be hostname[:port] as sent (visible ASCII, no spaces)")


def sign_v2(
    *,
    access_key: str,
    secret_key: str,
    time: datetime,
    method: str,
    path: str,
    query: str | None,
    host: str,
    content_type: str | None,
    body: bytes | None,
    profile: SigningProfile = DOCUMENTED,
) -> SignedRequest:
    """Signs one request: a pure function of its arguments.

    - ``time``: timezone-aware; formatted by the profile's ``ts`` knob.
    - ``method``: e.g. ``POST`` (upper-cased).
    - ``path``: the URL path exactly as sent (percent-encoded as on the wire).
    - ``query``: the raw query as sent, without ``?``; ``None`` or ``""`` for none.
    - ``host``: ``hostname[:port]`` as an HTTP client sends it (the port only when it is
      not the scheme's default). Under ``host=no-port`` the port is dropped, and the
      result's :attr:`SignedRequest.host` is the value to send.
    - ``content_type``: the ``Content-Type`` value sent, or ``None`` when none is sent
      (then it is not signed).
    - ``body``: the body bytes exactly as sent; ``None`` for a request without a body
      (a GET). ``b""`` is an empty body, sent with ``Content-Length: 0`` (signed).

    Raises ``ValueError`` for credentials or request parts that cannot be signed.
    """
    check_credentials(access_key, secret_key)
    _check_request(method, path, host)
    timestamp = format_timestamp(time, profile)
    sent_host = host_without_port(host) if profile.host == "no-port" else host

    headers: list[tuple[str, str]] = []  # sorted by name
    if profile.headers == "standard":
        if body is not None:
            headers.append(("content-length", str(len(body))))
        if content_type is not None:
            headers.append(("content-type", content_type))
    headers.append(("host", sent_host))
    signed_headers = ";".join(name for name, _ in headers)

    lines = [method.upper(), path]
    query_line = canonical_query(query)
    if query_line or profile.query_line == "keep":
        lines.append(query_line)
    lines.append(signed_headers)
    lines.append(
        "\n".join(
            normalize(name) + ":" + normalize(value.strip(_ASCII_WHITESPACE)) for name, value in headers
        )
    )
    lines.append(normalize(body) if body is not None else "")
    canonical_request = "\n".join(lines)

    prefix = f"auth-v2/{access_key}/{timestamp}/{signed_headers}"
    key = signing_key(secret_key, prefix)
    signature = _hmac_hex(key.encode("ascii"), canonical_request)
    return SignedRequest(
        authorization=f"{prefix}/{signature}",
        host=sent_host,
        canonical_request=canonical_request,
        signed_headers=signed_headers,
        timestamp=timestamp,
        profile=profile,
    )
