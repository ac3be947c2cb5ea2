"""Signing profiles: the four places where auth-v2 variants differ.

Which variant a given CEC server accepts cannot be settled from public material, so the
signer offers both known ones as profiles that a user switches without code changes:

* ``documented`` (the default): what the documentation page describes;
* ``java-demo``: what Huawei's Java demo for these interfaces sends.

A profile is four knobs (names and values as in the Rust crate and the ``cec`` CLI):

=============  =========================  =========================================
knob           ``documented``             ``java-demo``
=============  =========================  =========================================
``ts``         ``millis``                 ``seconds`` (timestamp without milliseconds)
``query-line`` ``keep``                   ``omit`` (no canonical query line when the
                                          request has no query)
``headers``    ``standard``               ``host`` (sign only ``host``; ``standard``
                                          signs ``content-type;host``, plus
                                          ``content-length`` when there is a body)
``host``       ``port``                   ``no-port`` (send and sign the Host header
                                          without the port)
=============  =========================  =========================================
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, fields
from typing import Literal, cast

__all__ = [
    "DOCUMENTED",
    "ENV_VAR",
    "JAVA_DEMO",
    "KNOBS",
    "PRESETS",
    "ProfileError",
    "SigningProfile",
]

#: The environment variable read by :meth:`SigningProfile.from_env`.
ENV_VAR = "CEC_SIGNING_PROFILE"

#: Each knob's name in profile text and its allowed values, the documented value first.
KNOBS: dict[str, tuple[str, ...]] = {
    "ts": ("millis", "seconds"),
    "query-line": ("keep", "omit"),
    "headers": ("standard", "host"),
    "host": ("port", "no-port"),
}

# Knob name in profile text -> attribute of SigningProfile.
_ATTRIBUTES = {"ts": "ts", "query-line": "query_line", "headers": "headers", "host": "host"}


def _allowed() -> str:
    knobs = ", ".join(f"{name}={'|'.join(values)}" for name, values in KNOBS.items())
    return (
        "a profile is 'documented', 'java-demo', or a comma list of knobs such as "
        f"'ts=seconds,query-line=omit' (knobs: {knobs}; a knob left out keeps its "
        "documented value)"
    )


class ProfileError(ValueError):
    """A signing profile that is not one of the allowed forms (the message lists them)."""


@dataclass(frozen=True)
class SigningProfile:
    """How auth-v2 is computed, as four knobs (see the module documentation)."""

    ts: Literal["millis", "seconds"] = "millis"
    query_line: Literal["keep", "omit"] = "keep"
    headers: Literal["standard", "host"] = "standard"
    host: Literal["port", "no-port"] = "port"

    def __post_init__(self) -> None:
        for name, attribute in _ATTRIBUTES.items():
            value = getattr(self, attribute)
            if value not in KNOBS[name]:
                raise ProfileError(
                    f"signing profile knob {name}={value!r} is not allowed: {name} is "
                    f"{' or '.join(KNOBS[name])}"
                )

    @classmethod
    def parse(cls, text: str) -> SigningProfile:
        """Reads ``documented``, ``java-demo`` or a comma list such as
        ``ts=seconds,query-line=omit,headers=host,host=no-port``.

        Knobs left out keep their documented value. Raises :class:`ProfileError`, whose
        message says what was wrong and what is allowed.
        """
        stripped = text.strip()
        if stripped in PRESETS:
            return PRESETS[stripped]
        if not stripped:
            raise ProfileError(f"the signing profile is empty: {_allowed()}")
        values: dict[str, str] = {}
        for item in stripped.split(","):
            name, equals, value = (part.strip() for part in item.partition("="))
            if not equals:
                raise ProfileError(f"signing profile {text!r} is not understood: {_allowed()}")
            if name not in KNOBS:
                raise ProfileError(
                    f"unknown signing profile knob {name!r} in {text!r}: {_allowed()}"
                )
            if name in values:
                raise ProfileError(f"signing profile knob {name!r} is given twice in {text!r}")
            if value not in KNOBS[name]:
                raise ProfileError(
                    f"signing profile knob {name}={value!r} is not allowed: {name} is "
                    f"{' or '.join(KNOBS[name])}"
                )
            values[_ATTRIBUTES[name]] = value
        return cls(
            ts=cast(Literal["millis", "seconds"], values.get("ts", "millis")),
            query_line=cast(Literal["keep", "omit"], values.get("query_line", "keep")),
            headers=cast(Literal["standard", "host"], values.get("headers", "standard")),
            host=cast(Literal["port", "no-port"], values.get("host", "port")),
        )

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> SigningProfile:
        """The profile named by ``CEC_SIGNING_PROFILE``; ``documented`` when it is unset
        or empty. A value that is set but not understood raises :class:`ProfileError`."""
        text = (os.environ if environ is None else environ).get(ENV_VAR, "")
        if not text.strip():
            return DOCUMENTED
        try:
            return cls.parse(text)
        except ProfileError as error:
            raise ProfileError(f"{ENV_VAR}: {error}") from None

    def knobs(self) -> dict[str, str]:
        """The four knobs as ``{"ts": ..., "query-line": ..., "headers": ..., "host": ...}``."""
        return {name: getattr(self, attribute) for name, attribute in _ATTRIBUTES.items()}

    def __str__(self) -> str:
        """``documented``, ``java-demo``, or the knobs that differ from ``documented``
        (text that :meth:`parse` reads back to an equal profile)."""
        for name, preset in PRESETS.items():
            if self == preset:
                return name
        return ",".join(
            f"{name}={value}"
            for name, value in self.knobs().items()
            if value != KNOBS[name][0]
        )


# The dataclass fields and the knob table must describe the same four knobs.
assert [f.name for f in fields(SigningProfile)] == list(_ATTRIBUTES.values())

#: The documentation page's variant (the default).
DOCUMENTED = SigningProfile()
#: Huawei's Java demo: seconds, no empty query line, only ``host`` signed, no port.
JAVA_DEMO = SigningProfile(ts="seconds", query_line="omit", headers="host", host="no-port")
#: The presets by name.
PRESETS: dict[str, SigningProfile] = {"documented": DOCUMENTED, "java-demo": JAVA_DEMO}
