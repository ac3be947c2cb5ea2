"""A string that never shows itself in repr, str, logs or tracebacks' locals dumps."""

from __future__ import annotations

import hmac
from typing import Any


class Secret:
    """Holds a secret (secret key, app secret, access token). ``repr``/``str`` show
    ``Secret('***')``; :meth:`expose` returns the value for the one place that sends it."""

    __slots__ = ("_value",)

    def __init__(self, value: str) -> None:
        self._value = value

    def expose(self) -> str:
        """The secret itself: only for the header or body that carries it."""
        return self._value

    def __repr__(self) -> str:
        return "Secret('***')"

    __str__ = __repr__

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Secret):
            return NotImplemented
        return hmac.compare_digest(self._value.encode("utf-8"), other._value.encode("utf-8"))

    def __hash__(self) -> int:
        return hash(self._value)

    def __reduce__(self) -> str | tuple[Any, ...]:
        raise TypeError("a Secret is not pickled")
