"""Signing profiles: presets, knob lists, errors, the environment variable."""

from __future__ import annotations

import itertools

import pytest

from huawei_cec_auth import DOCUMENTED, JAVA_DEMO, ProfileError, SigningProfile
from huawei_cec_auth.profile import KNOBS


def test_presets() -> None:
    assert SigningProfile.parse("documented") == DOCUMENTED == SigningProfile()
    assert DOCUMENTED.knobs() == {"ts": "millis", "query-line": "keep", "headers": "standard", "host": "port"}
    assert SigningProfile.parse("java-demo") == JAVA_DEMO
    assert JAVA_DEMO.knobs() == {"ts": "seconds", "query-line": "omit", "headers": "host", "host": "no-port"}


def test_knob_lists_and_unnamed_knobs_keep_the_documented_value() -> None:
    assert SigningProfile.parse("ts=seconds,query-line=omit,headers=host,host=no-port") == JAVA_DEMO
    assert SigningProfile.parse("ts=seconds") == SigningProfile(ts="seconds")
    assert SigningProfile.parse(" host = no-port , ts=seconds ") == SigningProfile(ts="seconds", host="no-port")
    assert SigningProfile.parse("ts=millis,query-line=keep,headers=standard,host=port") == DOCUMENTED


@pytest.mark.parametrize("values", list(itertools.product(*KNOBS.values())))
def test_every_profile_prints_as_text_that_reads_back(values: tuple[str, ...]) -> None:
    profile = SigningProfile.parse(",".join(f"{k}={v}" for k, v in zip(KNOBS, values)))
    assert SigningProfile.parse(str(profile)) == profile


def test_str() -> None:
    assert str(DOCUMENTED) == "documented"
    assert str(JAVA_DEMO) == "java-demo"
    assert str(SigningProfile(ts="seconds", headers="host")) == "ts=seconds,headers=host"


@pytest.mark.parametrize(
    ("text", "must_say"),
    [
        ("", ["empty", "documented", "java-demo", "ts=millis|seconds"]),
        ("Documented", ["not understood", "documented", "java-demo", "query-line=keep|omit"]),
        ("ts=minutes", ["ts='minutes'", "millis or seconds"]),
        ("query-line=drop", ["keep or omit"]),
        ("headers=all", ["standard or host"]),
        ("host=none", ["port or no-port"]),
        ("tz=seconds", ["unknown signing profile knob 'tz'", "headers=standard|host", "host=port|no-port"]),
        ("ts=seconds,ts=millis", ["given twice"]),
        ("ts=seconds,", ["not understood"]),
        ("java-demo,host=port", ["not understood"]),
    ],
)
def test_bad_profiles_say_what_is_allowed(text: str, must_say: list[str]) -> None:
    with pytest.raises(ProfileError) as error:
        SigningProfile.parse(text)
    for part in must_say:
        assert part in str(error.value), (part, str(error.value))
    assert isinstance(error.value, ValueError)


def test_bad_values_in_the_constructor_are_refused() -> None:
    with pytest.raises(ProfileError, match="millis or seconds"):
        SigningProfile(ts="minutes")  # type: ignore[arg-type]


def test_from_env() -> None:
    assert SigningProfile.from_env({}) == DOCUMENTED
    assert SigningProfile.from_env({"CEC_SIGNING_PROFILE": " "}) == DOCUMENTED
    assert SigningProfile.from_env({"CEC_SIGNING_PROFILE": "java-demo"}) == JAVA_DEMO
    assert SigningProfile.from_env({"CEC_SIGNING_PROFILE": "ts=seconds"}) == SigningProfile(ts="seconds")
    with pytest.raises(ProfileError, match="^CEC_SIGNING_PROFILE: .*java-demo"):
        SigningProfile.from_env({"CEC_SIGNING_PROFILE": "javademo"})


def test_from_env_reads_os_environ(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CEC_SIGNING_PROFILE", "java-demo")
    assert SigningProfile.from_env() == JAVA_DEMO
