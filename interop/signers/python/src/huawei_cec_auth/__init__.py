"""Authentication for Huawei Cloud CEC interfaces, for clients generated from
huawei-cec's OpenAPI document (``spec/huawei-cec.yaml``).

* :func:`sign_v2`: the auth-v2 AK/SK signature of CC-iSales and CC-CMS, a pure function,
  with :class:`SigningProfile` (``documented``, ``java-demo``, or four knobs);
* :class:`BearerTokenProvider`: the bearer token of the data-process interface
  (``tokenByAkSk``), cached and renewed;
* adapters: ``huawei_cec_auth.httpx_auth`` (``pip install huawei-cec-auth[httpx]``) and
  ``huawei_cec_auth.requests_auth`` (``[requests]``), each with ``AuthV2`` and ``BearerAuth``,
  and an opt-in retry layer (``RetryTransport``, ``RetrySession``) with the Rust client's
  rules, :class:`RetryPolicy` (:mod:`huawei_cec_auth.retry`).

The scheme is described in docs/authentication.md of the huawei-cec repository.
"""

from ._secret import Secret
from .aksk import CONTENT_TYPE_JSON_UTF8, AkSkSigner
from .retry import OutcomeUnknownError, RetryPolicy
from .profile import DOCUMENTED, JAVA_DEMO, PRESETS, ProfileError, SigningProfile
from .signer import SignedRequest, canonical_query, format_timestamp, normalize, sign_v2, signing_key
from .token import BearerTokenProvider, TokenError, TokenFetcher, TokenReply, UrllibTokenFetcher

__all__ = [
    "CONTENT_TYPE_JSON_UTF8",
    "DOCUMENTED",
    "JAVA_DEMO",
    "PRESETS",
    "AkSkSigner",
    "BearerTokenProvider",
    "OutcomeUnknownError",
    "ProfileError",
    "RetryPolicy",
    "Secret",
    "SignedRequest",
    "SigningProfile",
    "TokenError",
    "TokenFetcher",
    "TokenReply",
    "UrllibTokenFetcher",
    "canonical_query",
    "format_timestamp",
    "normalize",
    "sign_v2",
    "signing_key",
]

__version__ = "0.1.0"
