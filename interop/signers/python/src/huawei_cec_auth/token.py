"""The bearer token of the data-process interface (``tokenByAkSk``): fetched, cached,
shared and renewed.

``POST {base}/apigovernance/api/oauth/tokenByAkSk`` with ``{"app_key", "app_secret"}``
(and optionally ``X-Token-Expire: 1..3600``) answers
``{"AccessToken": "...", "ApplyType": "Bearer", "CreateTime": "...", "Expires": "600", ...}``.
Calls then send ``Authorization: Bearer {AccessToken}`` and ``X-APP-Key: {app_key}``.
There is no refresh token: a new token is requested with the app key and secret again.
"""

from __future__ import annotations

import http.client
import json
import logging
import math
import os
import re
import ssl
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Protocol
from urllib.parse import urlsplit

from ._secret import Secret
from .retry import Attempts, RetryPolicy, is_tls_failure, operation_of

__all__ = [
    "BearerTokenProvider",
    "DEFAULT_TOKEN_LIFETIME",
    "MAX_REPLY_BYTES",
    "MAX_TOKEN_LIFETIME",
    "RENEW_BEFORE",
    "TOKEN_PATH",
    "TokenError",
    "TokenFetcher",
    "TokenReply",
    "UrllibTokenFetcher",
    "parse_token_reply",
]

TOKEN_PATH = "/apigovernance/api/oauth/tokenByAkSk"
#: The lifetime assumed when a reply's ``Expires`` is missing or not a positive number
#: (the documented default).
DEFAULT_TOKEN_LIFETIME = 600
#: The longest lifetime believed (the documented maximum); longer ones are cut to it.
MAX_TOKEN_LIFETIME = 3600
#: A token is renewed this many seconds before it expires (halfway through a lifetime
#: shorter than twice this).
RENEW_BEFORE = 60
#: Token replies larger than this are refused unread.
MAX_REPLY_BYTES = 64 * 1024

log = logging.getLogger("huawei_cec_auth.token")


class TokenError(Exception):
    """Obtaining a bearer token failed. The message says what to check; it never holds
    the app secret, a token, or the body of the reply."""


@dataclass(frozen=True)
class TokenReply:
    """What a :class:`TokenFetcher` got back: the status, at most ``MAX_REPLY_BYTES + 1``
    bytes of the body, and the ``Retry-After`` header if there was one."""

    status: int
    body: bytes
    retry_after: str | None = None


class TokenFetcher(Protocol):
    """Sends the token request. Must not follow redirects (a 3xx is returned as is) and
    must read at most ``max_bytes + 1`` bytes of the reply. Raises ``OSError`` when no
    reply arrives."""

    def __call__(
        self, url: str, headers: Mapping[str, str], body: bytes, *, timeout: float, max_bytes: int
    ) -> TokenReply: ...


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: object, **kwargs: object) -> None:
        return None  # the 3xx surfaces as an HTTPError with its status


class UrllibTokenFetcher:
    """The default fetcher: ``urllib`` from the standard library, no redirects followed.
    ``ssl_context`` for a private CA (on-premises deployments); proxies come from the
    usual environment variables."""

    def __init__(self, ssl_context: ssl.SSLContext | None = None) -> None:
        self._opener = urllib.request.build_opener(
            _NoRedirect(), urllib.request.HTTPSHandler(context=ssl_context)
        )

    def __call__(
        self, url: str, headers: Mapping[str, str], body: bytes, *, timeout: float, max_bytes: int
    ) -> TokenReply:
        request = urllib.request.Request(url, data=body, headers=dict(headers), method="POST")
        try:
            with self._opener.open(request, timeout=timeout) as reply:
                return TokenReply(reply.status, reply.read(max_bytes + 1))
        except urllib.error.HTTPError as error:
            status = error.code
            retry_after = error.headers.get("Retry-After") if error.headers is not None else None
            error.close()  # the body of a failure is never read, let alone shown
            return TokenReply(status, b"", retry_after)


_NUMBER = re.compile(r"\s*(\d+)(\.\d+)?\s*")


def _seconds(value: object) -> float | None:
    """A positive, finite lifetime in seconds from a number or a numeric string (values
    beyond ``MAX_TOKEN_LIFETIME`` are cut to it)."""
    if isinstance(value, bool):
        return None
    if isinstance(value, str):
        match = _NUMBER.fullmatch(value) if len(value) <= 64 else None
        if match is None:
            return None
        if len(match.group(1).lstrip("0")) > 9:
            return float(MAX_TOKEN_LIFETIME)
        value = float(value)
    if isinstance(value, int):
        value = min(value, MAX_TOKEN_LIFETIME)  # before float(): 10**400 does not fit one
    if not isinstance(value, (int, float)) or not math.isfinite(value) or value <= 0:
        return None
    return min(float(value), float(MAX_TOKEN_LIFETIME))


def _valid_token(token: object) -> bool:
    return isinstance(token, str) and bool(token) and all("!" <= c <= "~" for c in token)


def parse_token_reply(reply: TokenReply, default_lifetime: int = DEFAULT_TOKEN_LIFETIME) -> tuple[Secret, float]:
    """The token and its lifetime in seconds from a ``tokenByAkSk`` reply, or a
    :class:`TokenError` that never quotes the body.

    The lifetime is ``Expires`` (alias ``Expires_In``), a number or a numeric string;
    missing or not a positive number: ``default_lifetime``; capped at
    ``MAX_TOKEN_LIFETIME``.
    """
    where = "tokenByAkSk"
    if reply.status == 403:
        raise TokenError(
            f"{where} answered HTTP 403: either the app key / app secret pair is wrong, or "
            "this machine's IP address is not on the app's allow-list (both are set in the "
            "CEC API management center)"
        )
    if 300 <= reply.status < 400:
        raise TokenError(
            f"{where} answered HTTP {reply.status} (a redirect), which is not followed: it "
            "would send the app secret to another address; check the base URL"
        )
    if reply.status == 401:
        raise TokenError(f"{where} answered HTTP 401: check the app key and app secret")
    if reply.status != 200:
        raise TokenError(f"{where} answered HTTP {reply.status} (the reply is not shown)")
    if len(reply.body) > MAX_REPLY_BYTES:
        raise TokenError(f"the {where} reply is larger than {MAX_REPLY_BYTES} bytes: refused")
    try:
        document = json.loads(reply.body)
    except (ValueError, RecursionError):
        document = None
    if not isinstance(document, dict) or "AccessToken" not in document:
        raise TokenError(
            f"the {where} reply (HTTP 200) is not the documented JSON object with "
            "AccessToken and Expires (the reply is not shown)"
        )
    token = document["AccessToken"]
    if not _valid_token(token):
        raise TokenError(
            f"the AccessToken of the {where} reply is empty, not a string, or contains "
            "control characters (CR, LF, ...), spaces or non-ASCII characters: refused, "
            "it cannot be sent in a header"
        )
    assert isinstance(token, str)
    raw_lifetime = document.get("Expires", document.get("Expires_In"))
    lifetime = _seconds(raw_lifetime)
    if lifetime is None:
        log.debug("tokenByAkSk: Expires missing or not a positive number; assuming %s s", default_lifetime)
        lifetime = float(default_lifetime)
    return Secret(token), min(lifetime, float(MAX_TOKEN_LIFETIME))


def renew_after(lifetime: float) -> float:
    """Seconds after which a token of this lifetime is renewed."""
    return lifetime - RENEW_BEFORE if lifetime > 2 * RENEW_BEFORE else lifetime / 2


def _check_base_url(base_url: str) -> str:
    parts = urlsplit(base_url)
    if parts.scheme not in ("https", "http") or not parts.netloc or parts.query or parts.fragment:
        raise ValueError(
            f"the token base URL {base_url!r} must be http(s)://host[:port][/prefix], "
            "without query or fragment (e.g. https://cec.example.com)"
        )
    return base_url.rstrip("/")


class BearerTokenProvider:
    """Obtains, caches and renews the bearer token; safe to share between threads.

    A token is renewed ``RENEW_BEFORE`` seconds before it expires (halfway through a
    short lifetime); however many threads need one at once, one request is in flight
    and the others wait for it. :meth:`invalidate` drops a token a server answered 401
    to, so the next :meth:`token` renews it.

    ``token_expire``: the ``X-Token-Expire`` to ask for (1..3600 s; ``None`` sends none,
    and the server's default, documented as 600 s, applies). ``retry``: a
    :class:`~huawei_cec_auth.retry.RetryPolicy` to retry token requests as the Rust
    client does (connection errors, timeouts, HTTP 429/502/503/504; not 500, which the
    open platform documents as a business failure); ``None`` (the default): no retries.
    """

    def __init__(
        self,
        base_url: str,
        app_key: str,
        app_secret: str,
        *,
        token_expire: int | None = None,
        timeout: float = 30.0,
        fetcher: TokenFetcher | None = None,
        clock: Callable[[], float] = time.monotonic,
        retry: RetryPolicy | None = None,
    ) -> None:
        self._url = _check_base_url(base_url) + TOKEN_PATH
        if not app_key or not all("!" <= c <= "~" for c in app_key):
            raise ValueError("the app key is empty or contains spaces, control or non-ASCII characters")
        if not app_secret or not all("!" <= c <= "~" for c in app_secret):
            raise ValueError("the app secret is empty or contains spaces, control or non-ASCII characters")
        if token_expire is not None and (
            isinstance(token_expire, bool) or not isinstance(token_expire, int) or not 1 <= token_expire <= 3600
        ):
            raise ValueError(f"token_expire (X-Token-Expire) must be 1..3600 seconds, got {token_expire!r}")
        if not timeout > 0:
            raise ValueError("timeout must be a positive number of seconds")
        self._app_key = app_key
        self._app_secret = Secret(app_secret)
        self._token_expire = token_expire
        self._timeout = float(timeout)
        self._fetch: TokenFetcher = fetcher or UrllibTokenFetcher()
        self._clock = clock
        self._retry = retry or RetryPolicy.none()
        self._current: tuple[Secret, float] | None = None  # token, renew at (clock)
        self._lock = threading.Lock()
        self._requests = 0

    @classmethod
    def from_env(
        cls,
        environ: Mapping[str, str] | None = None,
        *,
        base_url: str | None = None,
        token_expire: int | None = None,
        timeout: float = 30.0,
        fetcher: TokenFetcher | None = None,
        retry: RetryPolicy | None = None,
    ) -> BearerTokenProvider:
        """From ``CEC_APP_KEY``, ``CEC_APP_SECRET`` and (unless ``base_url`` is given)
        ``CEC_APIACCESS_URL``, the base URL of the CEC open platform."""
        env = os.environ if environ is None else environ
        names = ["CEC_APP_KEY", "CEC_APP_SECRET"] + ([] if base_url else ["CEC_APIACCESS_URL"])
        missing = [name for name in names if not env.get(name)]
        if missing:
            raise ValueError(f"set {', '.join(missing)} (the app key and secret of tokenByAkSk and its base URL)")
        return cls(
            base_url or env["CEC_APIACCESS_URL"],
            env["CEC_APP_KEY"],
            env["CEC_APP_SECRET"],
            token_expire=token_expire,
            timeout=timeout,
            fetcher=fetcher,
            retry=retry,
        )

    @property
    def app_key(self) -> str:
        return self._app_key

    @property
    def token_requests(self) -> int:
        """How many token requests this provider has made."""
        return self._requests

    def cached(self) -> str | None:
        """The cached token if it is not due for renewal (never blocks)."""
        current = self._current
        if current is not None and self._clock() < current[1]:
            return current[0].expose()
        return None

    def token(self) -> str:
        """A valid token: the cached one, or a new one (one request at a time)."""
        token = self.cached()
        if token is not None:
            return token
        with self._lock:
            token = self.cached()  # another thread may have renewed it meanwhile
            if token is not None:
                return token
            secret, lifetime = self._request()
            self._current = (secret, self._clock() + renew_after(lifetime))
            return secret.expose()

    def invalidate(self, token: str) -> None:
        """Drops ``token`` (one a server answered 401 to) so that the next call renews
        it; a token renewed meanwhile by another thread is kept."""
        with self._lock:
            if self._current is not None and self._current[0] == Secret(token):
                self._current = None

    def headers(self, token: str) -> dict[str, str]:
        """The headers of a data-process call: ``Authorization`` and ``X-APP-Key``."""
        return {"Authorization": f"Bearer {token}", "X-APP-Key": self._app_key}

    def _request(self) -> tuple[Secret, float]:
        headers = {"Content-Type": "application/json", "Accept": "application/json"}
        if self._token_expire is not None:
            headers["X-Token-Expire"] = str(self._token_expire)
        body = json.dumps({"app_key": self._app_key, "app_secret": self._app_secret.expose()}).encode()
        attempts = Attempts(self._retry, operation_of("POST", TOKEN_PATH), TOKEN_PATH)
        while True:
            self._requests += 1
            try:
                reply = self._fetch(self._url, headers, body, timeout=self._timeout, max_bytes=MAX_REPLY_BYTES)
            except (OSError, http.client.HTTPException) as error:
                tls = isinstance(getattr(error, "reason", None), ssl.SSLError) or is_tls_failure(error)
                wait = None if tls else attempts.after_error(error, sent=True, what=type(error).__name__)
                if wait is not None:
                    time.sleep(wait)
                    continue
                if isinstance(error, OSError):
                    raise TokenError(
                        f"tokenByAkSk at {self._url} could not be reached: {type(error).__name__}: {error}"
                    ) from None
                # Its text may quote what the server sent.
                raise TokenError(
                    f"tokenByAkSk at {self._url} sent a malformed HTTP reply ({type(error).__name__})"
                ) from None
            wait = attempts.after_status(reply.status, reply.retry_after)
            if wait is None:
                break
            time.sleep(wait)
        secret, lifetime = parse_token_reply(reply, self._token_expire or DEFAULT_TOKEN_LIFETIME)
        log.debug("obtained a data-process access token (lifetime %.0f s)", lifetime)
        return secret, lifetime

    def __repr__(self) -> str:
        return f"BearerTokenProvider(url={self._url!r}, app_key={self._app_key!r}, app_secret=***)"
