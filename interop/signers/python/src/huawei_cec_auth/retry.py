"""When a failed attempt is tried again, and how long to wait first: the rules of the
huawei-cec Rust client, for the opt-in retry layers of the adapters
(:class:`huawei_cec_auth.httpx_auth.RetryTransport`,
:class:`huawei_cec_auth.requests_auth.RetrySession`) and the token provider.

* The four read operations (``getCallResultDetail``, ``getExternalResult``,
  ``queryCdrByCallId``, ``queryCallRecords``; the POST queries too) and the token
  request are retried on connection errors, timeouts, a reply that broke off, and HTTP
  429, 502, 503 and 504; HTTP 500 too from CC-iSales and CC-CMS (whose pages document no
  500), not from the CEC open platform (which documents its 500 as a business failure).
* Anything else, the update of a reserved call's result (``updateReservedCallResult``)
  first, changes data or is not known to be safe: it is sent again only when the
  connection could not be made, so that the request provably was not sent. Once it may
  have been sent, a timeout or a lost connection raises an "outcome unknown" error, and
  an error status is the result: check whether the server applied it before sending it
  again.
* TLS failures (an untrusted certificate, a failed handshake) are never retried: the
  answer would be the same.
* A ``Retry-After`` (seconds or an HTTP date) on a retryable reply sets the wait when it
  asks for at most ``max_retry_after`` (default 30 s); a longer one ends the retries (the
  reply is the result). Otherwise the wait is drawn from ``0..initial_backoff`` (100 ms),
  the window doubling each retry up to ``max_backoff`` (2 s): full jitter.
* ``max_retries`` (default 2) retries after the first attempt.

Which operation a request is comes from its method and path (the spec's paths; a base
URL with a path prefix is allowed).
"""

from __future__ import annotations

import logging
import math
import random
import re
import ssl
import time
from dataclasses import dataclass
from email.utils import parsedate_to_datetime

__all__ = [
    "DEFAULT_MAX_RETRY_AFTER",
    "Operation",
    "OutcomeUnknownError",
    "RetryPolicy",
    "operation_of",
    "parse_retry_after",
    "status_reason",
]

log = logging.getLogger("huawei_cec_auth.retry")

#: The default of :attr:`RetryPolicy.max_retry_after`, in seconds.
DEFAULT_MAX_RETRY_AFTER = 30.0


@dataclass(frozen=True)
class RetryPolicy:
    """When and how often a failed attempt is tried again (times in seconds). The
    defaults are the Rust client's: 2 retries, backoff from 0.1 s doubling to 2 s with
    full jitter, ``Retry-After`` honoured up to 30 s."""

    max_retries: int = 2
    initial_backoff: float = 0.1
    max_backoff: float = 2.0
    max_retry_after: float = DEFAULT_MAX_RETRY_AFTER

    def __post_init__(self) -> None:
        if isinstance(self.max_retries, bool) or not isinstance(self.max_retries, int) or self.max_retries < 0:
            raise ValueError(f"max_retries must be an integer 0 or more, got {self.max_retries!r}")
        for name in ("initial_backoff", "max_backoff", "max_retry_after"):
            value = getattr(self, name)
            if isinstance(value, bool) or not isinstance(value, (int, float)) or not (0 <= value < math.inf):
                raise ValueError(f"{name} must be a finite number of seconds, 0 or more, got {value!r}")

    @classmethod
    def none(cls) -> RetryPolicy:
        """No retries."""
        return cls(max_retries=0, initial_backoff=0.0, max_backoff=0.0, max_retry_after=0.0)

    def backoff(self, retry: int) -> float:
        """The wait before retry number ``retry`` (1-based): full jitter over a window
        that doubles each retry, at most ``max_backoff``."""
        window = min(self.initial_backoff * 2 ** min(max(retry - 1, 0), 16), self.max_backoff)
        return random.uniform(0.0, window)


@dataclass(frozen=True)
class Operation:
    """What the retry rules need to know of a request's operation."""

    #: The operationId, or ``"unknown"``.
    name: str
    #: Read-only: retried even when the request may have been sent.
    read: bool
    #: HTTP 500 is a server fault worth retrying (CC-iSales, CC-CMS).
    retry_500: bool


_OPERATIONS = [
    ("GET", re.compile(r"/rest/isales/v1/openapi/campaigns/[^/]+/callresultdetail/[^/]+$"),
     Operation("getCallResultDetail", read=True, retry_500=True)),
    ("GET", re.compile(r"/rest/isales/v1/openapi/campaigns/[^/]+/[^/]+/queryObsResultDetail$"),
     Operation("getExternalResult", read=True, retry_500=True)),
    ("POST", re.compile(r"/rest/cmsapp/v1/openapi/calldata/querycalldetailbyid$"),
     Operation("queryCdrByCallId", read=True, retry_500=True)),
    ("POST", re.compile(r"/apiaccess/rest/dataprocess/v1/openapp/queryCallManualDetailInfo$"),
     Operation("queryCallRecords", read=True, retry_500=False)),
    ("POST", re.compile(r"/apigovernance/api/oauth/tokenByAkSk$"),
     Operation("createToken", read=True, retry_500=False)),
    ("POST", re.compile(r"/rest/isales/v1/openapi/campaigns/[^/]+/appoint/updateResult$"),
     Operation("updateReservedCallResult", read=False, retry_500=False)),
]
_UNKNOWN = Operation("unknown", read=False, retry_500=False)


def operation_of(method: str, path: str) -> Operation:
    """The operation of a request by method and path (the path may follow a prefix);
    ``Operation("unknown", read=False, ...)`` for anything else, which is treated as the
    update is: sent again only when it provably was not sent."""
    method = method.upper()
    path = path.split("?", 1)[0]
    for wanted, pattern, operation in _OPERATIONS:
        if method == wanted and pattern.search(path):
            return operation
    return _UNKNOWN


def status_reason(status: int, operation: Operation) -> str | None:
    """Why a reply's status deserves another attempt, if it does."""
    if not operation.read:
        return None
    if status in (429, 502, 503, 504) or (status == 500 and operation.retry_500):
        return f"HTTP {status}"
    return None


def parse_retry_after(value: str | None, now: float | None = None) -> float | None:
    """The wait a ``Retry-After`` value asks for, in seconds: a number of seconds, or an
    HTTP date (0 for one in the past); ``math.inf`` for a number too large to mean
    anything; ``None`` for a missing value or one in neither form (then ignored)."""
    if value is None:
        return None
    value = value.strip()
    if value and value.isascii() and value.isdigit():
        return float(int(value)) if len(value) <= 15 else math.inf
    if not value or value[0].isdigit():
        return None
    try:
        at = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if at.tzinfo is None:  # HTTP dates are GMT
        return None
    return max(at.timestamp() - (time.time() if now is None else now), 0.0)


class OutcomeUnknownError(Exception):
    """The request may have reached the server, which may have applied it (an update
    whose reply timed out or broke off): check before sending it again. The adapters
    raise subclasses that are also their library's own exception type."""


def is_tls_failure(error: BaseException) -> bool:
    """Whether ``error`` or one of its causes is a TLS failure (never retried)."""
    seen: set[int] = set()
    current: BaseException | None = error
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        if isinstance(current, ssl.SSLError) or isinstance(current, ssl.CertificateError):
            return True
        text = str(current)
        if "CERTIFICATE_VERIFY_FAILED" in text or "[SSL" in text:
            return True
        current = current.__cause__ or current.__context__
    return False


class Attempts:
    """The attempts of one call: what follows each failure, and the waits between them.

    ``after_status`` and ``after_error`` return the seconds to wait before the next
    attempt, or ``None`` when the call is over (the reply, or the error, is the result).
    """

    def __init__(self, policy: RetryPolicy, operation: Operation, where: str) -> None:
        self.policy = policy
        self.operation = operation
        self.where = where
        self.attempt = 1

    def _wait(self, reason: str, retry_after: float | None) -> float | None:
        if self.attempt > self.policy.max_retries:
            return None
        if retry_after is not None:
            if retry_after > self.policy.max_retry_after:
                log.info(
                    "%s %s: not retrying after %s: the server's Retry-After asks for %s s, more than %s s",
                    self.operation.name, self.where, reason, retry_after, self.policy.max_retry_after,
                )
                return None
            log.info(
                "%s %s: attempt %d: %s; waiting %.3f s as the server's Retry-After asks before trying again",
                self.operation.name, self.where, self.attempt, reason, retry_after,
            )
            wait = retry_after
        else:
            wait = self.policy.backoff(self.attempt)
            log.debug("%s %s: attempt %d: %s; retrying in %.3f s",
                      self.operation.name, self.where, self.attempt, reason, wait)
        self.attempt += 1
        return wait

    def after_status(self, status: int, retry_after: str | None) -> float | None:
        reason = status_reason(status, self.operation)
        if reason is None:
            return None
        return self._wait(reason, parse_retry_after(retry_after))

    def after_error(self, error: BaseException, *, sent: bool, what: str) -> float | None:
        """After an attempt that got no (whole) reply. ``sent``: the request may have
        reached the server. Returns the wait, or ``None`` when the error is the result;
        raises nothing itself (the adapter decides what to raise)."""
        if is_tls_failure(error):
            return None
        if sent and not self.operation.read:
            return None
        return self._wait(what, None)

    def outcome_unknown(self, *, sent: bool, error: BaseException) -> bool:
        """Whether an error that ends the call leaves the outcome unknown: a request
        that changes data, which may have been sent."""
        return sent and not self.operation.read and not is_tls_failure(error)
