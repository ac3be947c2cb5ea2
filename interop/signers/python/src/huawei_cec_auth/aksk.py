"""Credentials, profile and clock for auth-v2: what the httpx and requests adapters share."""

from __future__ import annotations

import logging
import os
from collections.abc import Callable, Mapping
from datetime import datetime, timezone

from ._secret import Secret
from .profile import DOCUMENTED, ENV_VAR, SigningProfile
from .signer import SignedRequest, check_credentials, sign_v2

__all__ = ["AkSkSigner", "CONTENT_TYPE_JSON_UTF8"]

#: The ``Content-Type`` the CC-iSales and CC-CMS pages prescribe for every request, GETs too.
CONTENT_TYPE_JSON_UTF8 = "application/json; charset=UTF-8"

#: The canonical request of every signed request is logged here at DEBUG level (never the
#: secret key; the body may hold phone numbers, which is why it is not logged at INFO).
signing_log = logging.getLogger("huawei_cec_auth.signing")


def _utc_now() -> datetime:
    return datetime.now(timezone.utc)


class AkSkSigner:
    """Signs requests with an access key / secret key at the current time.

    ``profile``: a :class:`SigningProfile` or its text (``documented``, ``java-demo``,
    ``ts=seconds,query-line=omit``...). ``content_type``: the ``Content-Type`` every
    signed request is sent with (the pages prescribe ``application/json; charset=UTF-8``
    for all of them), replacing the one the client set; ``None`` keeps the request's own
    (signed when there is one). ``clock`` returns the signing time (timezone-aware).
    """

    def __init__(
        self,
        access_key: str,
        secret_key: str,
        *,
        profile: SigningProfile | str = DOCUMENTED,
        content_type: str | None = CONTENT_TYPE_JSON_UTF8,
        clock: Callable[[], datetime] = _utc_now,
    ) -> None:
        check_credentials(access_key, secret_key)
        self._access_key = access_key
        self._secret_key = Secret(secret_key)
        self._profile = SigningProfile.parse(profile) if isinstance(profile, str) else profile
        if content_type is not None and not all(" " <= c <= "~" for c in content_type):
            raise ValueError("content_type must be printable ASCII")
        self._content_type = content_type
        self._clock = clock

    @classmethod
    def from_env(
        cls,
        environ: Mapping[str, str] | None = None,
        *,
        content_type: str | None = CONTENT_TYPE_JSON_UTF8,
        clock: Callable[[], datetime] = _utc_now,
    ) -> AkSkSigner:
        """From ``CEC_AK``, ``CEC_SK`` and ``CEC_SIGNING_PROFILE`` (``documented`` when unset)."""
        env = os.environ if environ is None else environ
        missing = [name for name in ("CEC_AK", "CEC_SK") if not env.get(name)]
        if missing:
            raise ValueError(f"set {' and '.join(missing)} (the auth-v2 access key and secret key)")
        return cls(
            env["CEC_AK"],
            env["CEC_SK"],
            profile=SigningProfile.from_env(env),
            content_type=content_type,
            clock=clock,
        )

    @property
    def access_key(self) -> str:
        return self._access_key

    @property
    def profile(self) -> SigningProfile:
        return self._profile

    @property
    def content_type(self) -> str | None:
        return self._content_type

    def sign(
        self,
        *,
        method: str,
        path: str,
        query: str | None,
        host: str,
        content_type: str | None,
        body: bytes | None,
    ) -> SignedRequest:
        """Signs at the clock's current time (see :func:`huawei_cec_auth.sign_v2`)."""
        signed = sign_v2(
            access_key=self._access_key,
            secret_key=self._secret_key.expose(),
            time=self._clock(),
            method=method,
            path=path,
            query=query,
            host=host,
            content_type=content_type,
            body=body,
            profile=self._profile,
        )
        if signing_log.isEnabledFor(logging.DEBUG):
            signing_log.debug(
                "auth-v2 access_key=%s profile=%s signed_headers=%s timestamp=%s canonical request:\n%s",
                self._access_key,
                signed.profile,
                signed.signed_headers,
                signed.timestamp,
                signed.canonical_request,
            )
        return signed

    def log_rejection(self, method: str, url: str, signed: SignedRequest | None) -> None:
        """Logs (WARNING) why a 401 to a signed request usually happens."""
        signing_log.warning(
            "HTTP 401 to the auth-v2 signed request %s %s (access key %s, timestamp %s, "
            "profile %s): check the AK/SK pair, this machine's clock (the timestamp must be "
            "close to the server's), and the signing profile (%s=java-demo is the other "
            "known variant); the canonical request is logged at DEBUG on %s",
            method,
            url,
            self._access_key,
            signed.timestamp if signed else "?",
            self._profile,
            ENV_VAR,
            signing_log.name,
        )

    def __repr__(self) -> str:
        return (
            f"{type(self).__name__}(access_key={self._access_key!r}, secret_key=***, "
            f"profile='{self._profile}', content_type={self._content_type!r})"
        )
