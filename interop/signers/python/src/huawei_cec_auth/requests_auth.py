"""requests adapters: auth-v2 signing and the bearer token as ``requests.auth.AuthBase``,
and the opt-in retry layer as a ``requests.Session``.

Pass them as ``auth=`` to ``requests.get/post/...`` or set ``session.auth``; use
:class:`RetrySession` instead of ``requests.Session`` for retries.
"""

from __future__ import annotations

import time
from typing import Any
from urllib.parse import urlsplit

import requests
import urllib3.exceptions
from requests.cookies import extract_cookies_to_jar

from ._adapters import SignerAdapter, TokenAdapter
from .retry import Attempts, OutcomeUnknownError, RetryPolicy, operation_of
from .signer import SignedRequest

__all__ = ["AuthV2", "BearerAuth", "OutcomeUnknown", "RetrySession"]

_DEFAULT_PORTS = {"http": 80, "https": 443}


def _host_as_sent(url: str) -> str:
    """``hostname[:port]`` of a prepared URL, the port only when it is not the scheme's
    default: what http.client would send (this adapter sends it itself)."""
    parts = urlsplit(url)
    host = parts.hostname or ""
    if ":" in host:  # an IPv6 literal
        host = f"[{host}]"
    port = parts.port
    return host if port is None or port == _DEFAULT_PORTS.get(parts.scheme) else f"{host}:{port}"


def _body_bytes(request: requests.PreparedRequest) -> bytes | None:
    """The body as bytes (a ``str`` body becomes UTF-8 and is sent so), ``None`` for a
    request without one; a streamed body cannot be signed before it is sent."""
    body = request.body
    if isinstance(body, str):
        body = body.encode("utf-8")
        request.body = body
        request.headers["Content-Length"] = str(len(body))
    if body is None:
        return b"" if "Content-Length" in request.headers else None
    if not isinstance(body, bytes):
        raise ValueError(
            "auth-v2 signs the body bytes before sending: pass the body as bytes, str or "
            "json=, not a file or an iterator"
        )
    return body


def _header(request: requests.PreparedRequest, name: str) -> str | None:
    value = request.headers.get(name)
    return value.decode("latin-1") if isinstance(value, bytes) else value


class AuthV2(SignerAdapter, requests.auth.AuthBase):
    """Signs every request with auth-v2 over exactly what requests sends: the body
    bytes, the ``Host`` header (set by this adapter, so that the value signed is the
    value sent; without the port under ``host=no-port``), the ``Content-Type`` sent.

    Each ``session.request(...)`` (``requests.get``, ``session.post``...) is signed anew
    with a fresh timestamp. A ``PreparedRequest`` sent again as is, and urllib3's
    ``Retry`` (``HTTPAdapter(max_retries=...)``), resend the first signature: retry by
    calling ``session.request`` again. See :class:`AkSkSigner` for the arguments.
    """

    def sign(self, request: requests.PreparedRequest) -> SignedRequest:
        """Signs ``request`` in place and returns what was signed."""
        headers = request.headers
        if self.signer.content_type is not None:
            headers["Content-Type"] = self.signer.content_type
        body = _body_bytes(request)
        url = request.url or ""
        parts = urlsplit(url)
        signed = self.signer.sign(
            method=request.method or "GET",
            path=parts.path or "/",
            query=parts.query or None,
            host=_header(request, "Host") or _host_as_sent(url),
            content_type=_header(request, "Content-Type"),
            body=body,
        )
        headers["Host"] = signed.host
        headers["Authorization"] = signed.authorization
        return signed

    def __call__(self, request: requests.PreparedRequest) -> requests.PreparedRequest:
        signed = self.sign(request)

        def after(response: requests.Response, **kwargs: Any) -> requests.Response:
            if response.status_code == 401:
                self.signer.log_rejection(request.method or "", urlsplit(request.url or "").path, signed)
            if response.is_redirect:
                # requests copies the headers to the redirect: not this origin's Host.
                response.request.headers.pop("Host", None)
            return response

        request.register_hook("response", after)
        return request



class BearerAuth(TokenAdapter, requests.auth.AuthBase):
    """Sends ``Authorization: Bearer {token}`` and ``X-APP-Key`` (unless the request has
    one) with a token from ``provider``; after a 401 it renews the token once and sends
    the request again."""

    def __call__(self, request: requests.PreparedRequest) -> requests.PreparedRequest:
        token = self.provider.token()
        self._apply(request.headers, token)

        def retry_on_401(response: requests.Response, **kwargs: Any) -> requests.Response:
            if response.status_code != 401:
                return response
            if not isinstance(request.body, (bytes, str, type(None))):
                return response  # a streamed body cannot be sent twice
            self.provider.invalidate(token)
            renewed = self.provider.token()
            response.content  # noqa: B018  (read it so that the connection is reused)
            response.close()
            again = response.request.copy()
            jar = again._cookies  # as requests' own HTTPDigestAuth does
            if jar is not None:
                extract_cookies_to_jar(jar, response.request, response.raw)
                again.prepare_cookies(jar)
            self._apply(again.headers, renewed)
            # Sent by the adapter, not the session: this hook does not run a second time.
            second = response.connection.send(again, **kwargs)
            second.history.append(response)
            second.request = again
            return second

        request.register_hook("response", retry_on_401)
        return request


class OutcomeUnknown(OutcomeUnknownError, requests.exceptions.RequestException):
    """The update (or a request not known to be read-only) may have reached the server,
    which may have applied it: its reply timed out or broke off. Check whether it was
    applied before sending it again. ``__cause__`` is requests' error."""


def _what(error: requests.exceptions.RequestException) -> tuple[bool, str] | None:
    """(may have been sent, what happened) for a retryable kind of error; ``None`` for a
    final one (TLS, an invalid URL, a missing schema, ...)."""
    if isinstance(error, requests.exceptions.SSLError):
        return None
    if isinstance(error, requests.exceptions.ConnectTimeout):
        return False, "connection failed"
    if isinstance(error, requests.exceptions.ReadTimeout):
        return True, "timed out"
    if isinstance(error, requests.exceptions.ChunkedEncodingError):
        return True, "the reply broke off"
    if isinstance(error, requests.exceptions.ConnectionError):
        reason = error.args[0] if error.args else None
        reason = getattr(reason, "reason", reason)  # urllib3's MaxRetryError wraps the cause
        if isinstance(reason, urllib3.exceptions.NewConnectionError):
            return False, "connection failed"
        return True, "the connection was lost"
    return None


class RetrySession(requests.Session):
    """The opt-in retry layer: a ``requests.Session`` whose ``request`` (and so ``get``,
    ``post``...) retries what the huawei-cec Rust client retries, with the same defaults
    (see :mod:`huawei_cec_auth.retry`).

    Each attempt is a new ``Session.request``: prepared, and so signed by
    :class:`AuthV2`, anew. The read operations are retried on connection errors,
    timeouts, a reply that broke off and HTTP 429/502/503/504 (and 500 from CC-iSales and
    CC-CMS); the update only when its connection could not be made. Once the update may
    have been sent, a timeout or lost connection raises :class:`OutcomeUnknown` and an
    error status is returned as it came. With ``stream=True`` a reply that breaks off
    while you read it is not retried. Give each call a ``timeout=`` (requests has none by
    default).
    """

    def __init__(self, policy: RetryPolicy | None = None) -> None:
        super().__init__()
        self.retry_policy = policy or RetryPolicy()

    def request(self, method: str, url: Any, *args: Any, **kwargs: Any) -> requests.Response:
        text_url = url.decode("utf-8") if isinstance(url, bytes) else str(url)
        path = urlsplit(text_url).path
        attempts = Attempts(self.retry_policy, operation_of(method, path), path)
        while True:
            try:
                response = super().request(method, url, *args, **kwargs)
            except requests.exceptions.RequestException as error:
                kind = _what(error)
                if kind is None:
                    raise
                sent, what = kind
                wait = attempts.after_error(error, sent=sent, what=what)
                if wait is None:
                    if attempts.outcome_unknown(sent=sent, error=error):
                        raise OutcomeUnknown(
                            f"{attempts.operation.name} {method} {path}: {what} after the request may "
                            "have been sent, so the server may have applied it: check before sending it "
                            "again (not retried)"
                        ) from error
                    raise
                time.sleep(wait)
                continue
            wait = attempts.after_status(response.status_code, response.headers.get("Retry-After"))
            if wait is None:
                return response
            response.close()
            time.sleep(wait)
