"""requests adapters: auth-v2 signing and the bearer token as ``requests.auth.AuthBase``.

Pass them as ``auth=`` to ``requests.get/post/...`` or set ``session.auth``.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

import requests
from requests.cookies import extract_cookies_to_jar

from ._adapters import SignerAdapter, TokenAdapter
from .signer import SignedRequest

__all__ = ["AuthV2", "BearerAuth"]

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
