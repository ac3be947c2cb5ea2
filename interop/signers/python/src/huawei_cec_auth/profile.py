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

import json
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


# White space as JavaScript's String.prototype.trim() sees it: the rule of every helper and
# of the Rust crate, so that all read the same text alike (str.strip() would also remove
# U+001C..U+001F and U+0085, and keep U+FEFF).
_SPACES = ("\t\n\x0b\x0c\r \xa0\u1680" + "".join(map(chr, range(0x2000, 0x200B)))
           + "\u2028\u2029\u202f\u205f\u3000\ufeff")
# Only ASCII letters change case (str.lower() would read the Kelvin sign as k).
_ASCII_LOWER = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")


def _trim(text: str) -> str:
    return text.strip(_SPACES)


def _lower(text: str) -> str:
    return text.translate(_ASCII_LOWER)


def _quote(text: str) -> str:
    """``text`` as a JSON string literal, as JavaScript's ``JSON.stringify`` writes it
    (surrogates, which a str from ``os.environ`` may hold, escaped as it escapes lone ones)."""
    return "".join(c if not 0xD800 <= ord(c) <= 0xDFFF else f"\\u{ord(c):04x}"
                   for c in json.dumps(text, ensure_ascii=False))


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
                    f"signing profile knob {name}={_quote(str(value))} is not allowed: {name} is "
                    f"{' or '.join(KNOBS[name])}"
                )

    @classmethod
    def parse(cls, text: str) -> SigningProfile:
        """Reads ``documented``, ``java-demo`` or a comma list such as
        ``ts=seconds,query-line=omit,headers=host,host=no-port``.

        Knobs left out keep their documented value. Names and values are read in any ASCII
        case (``Java-Demo`` is ``java-demo``), white space around them is ignored, as the
        Rust crate and the other helpers read them (one table tests all:
        tests/signing-vectors/profile-text.json). Raises :class:`ProfileError`, whose
        message says what was wrong and what is allowed.
        """
        stripped = _trim(text)
        if _lower(stripped) in PRESETS:
            return PRESETS[_lower(stripped)]
        if not stripped:
            raise ProfileError(f"the signing profile is empty: {_allowed()}")
        values: dict[str, str] = {}
        for item in stripped.split(","):
            typed_name, equals, typed_value = item.partition("=")
            if not equals:
                raise ProfileError(f"signing profile {_quote(text)} is not understood: {_allowed()}")
            name, value = _trim(typed_name), _trim(typed_value)
            if _lower(name) not in KNOBS:
                raise ProfileError(
                    f"unknown signing profile knob {_quote(name)} in {_quote(text)}: {_allowed()}"
                )
            name = _lower(name)
            if _ATTRIBUTES[name] in values:
                raise ProfileError(f"signing profile knob {_quote(name)} is given twice in {_quote(text)}")
            if _lower(value) not in KNOBS[name]:
                raise ProfileError(
                    f"signing profile knob {name}={_quote(value)} is not allowed: {name} is "
                    f"{' or '.join(KNOBS[name])}"
                )
            values[_ATTRIBUTES[name]] = _lower(value)
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
        if not _trim(text):
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
