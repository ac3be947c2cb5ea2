"""What the httpx and the requests adapters share: how each is made, how a token's
headers are put on a request, and how each shows itself. The sending differs; this
does not."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import datetime
from typing import Protocol, TypeVar

from .aksk import CONTENT_TYPE_JSON_UTF8, AkSkSigner, _utc_now
from .profile import DOCUMENTED, SigningProfile
from .token import BearerTokenProvider

_S = TypeVar("_S", bound="SignerAdapter")
_T = TypeVar("_T", bound="TokenAdapter")


class _Headers(Protocol):
    """A request's headers, as httpx and requests both have them (case-insensitive)."""

    def __contains__(self, name: object, /) -> bool: ...
    def __setitem__(self, name: str, value: str, /) -> None: ...


class SignerAdapter:
    """An auth-v2 adapter's signer. See :class:`AkSkSigner` for the arguments."""

    signer: AkSkSigner

    def __init__(
        self,
        access_key: str,
        secret_key: str,
        *,
        profile: SigningProfile | str = DOCUMENTED,
        content_type: str | None = CONTENT_TYPE_JSON_UTF8,
        clock: Callable[[], datetime] = _utc_now,
    ) -> None:
        self.signer = AkSkSigner(
            access_key, secret_key, profile=profile, content_type=content_type, clock=clock
        )

    @classmethod
    def from_env(
        cls: type[_S],
        environ: Mapping[str, str] | None = None,
        *,
        content_type: str | None = CONTENT_TYPE_JSON_UTF8,
    ) -> _S:
        """From ``CEC_AK``, ``CEC_SK`` and ``CEC_SIGNING_PROFILE`` (``documented`` when unset)."""
        return cls.from_signer(AkSkSigner.from_env(environ, content_type=content_type))

    @classmethod
    def from_signer(cls: type[_S], signer: AkSkSigner) -> _S:
        """An adapter around an existing :class:`AkSkSigner`."""
        auth = cls.__new__(cls)
        auth.signer = signer
        return auth

    def __repr__(self) -> str:
        return f"AuthV2({self.signer!r})"


class TokenAdapter:
    """A bearer adapter's token provider."""

    def __init__(self, provider: BearerTokenProvider) -> None:
        self.provider = provider

    @classmethod
    def from_env(
        cls: type[_T], environ: Mapping[str, str] | None = None, *, base_url: str | None = None
    ) -> _T:
        """A provider from ``CEC_APP_KEY``, ``CEC_APP_SECRET``, ``CEC_APIACCESS_URL``."""
        return cls(BearerTokenProvider.from_env(environ, base_url=base_url))

    def _apply(self, headers: _Headers, token: str) -> None:
        """``Authorization`` for ``token``, and ``X-APP-Key`` unless the request has one."""
        for name, value in self.provider.headers(token).items():
            if name == "Authorization" or name not in headers:
                headers[name] = value

    def __repr__(self) -> str:
        return f"BearerAuth({self.provider!r})"
