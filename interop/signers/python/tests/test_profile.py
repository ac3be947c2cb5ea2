"""Signing profiles: presets, knob lists, errors, the environment variable."""

from __future__ import annotations

import itertools
import json
from typing import Any

import pytest
from conftest import CASES_DIR

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


TABLE = json.loads((CASES_DIR / "profile-text.json").read_text("utf-8"))


@pytest.mark.parametrize("case", TABLE["cases"], ids=lambda case: json.dumps(case["text"]))
def test_profile_text_reads_as_the_shared_table_says(case: dict[str, Any]) -> None:
    """The table every implementation (Rust, Python, TypeScript, Java) is tested against."""
    if "knobs" in case:
        assert SigningProfile.parse(case["text"]).knobs() == case["knobs"]
    else:
        with pytest.raises(ProfileError) as error:
            SigningProfile.parse(case["text"])
        assert str(error.value) == case["error"].replace("{allowed}", TABLE["allowed"])
        assert isinstance(error.value, ValueError)


def test_bad_values_in_the_constructor_are_refused() -> None:
    with pytest.raises(ProfileError, match="millis or seconds"):
        SigningProfile(ts="minutes")  # type: ignore[arg-type]


def test_from_env() -> None:
    assert SigningProfile.from_env({}) == DOCUMENTED
    assert SigningProfile.from_env({"CEC_SIGNING_PROFILE": " "}) == DOCUMENTED
    assert SigningProfile.from_env({"CEC_SIGNING_PROFILE": "java-demo"}) == JAVA_DEMO
    assert SigningProfile.from_env({"CEC_SIGNING_PROFILE": "ts=seconds"}) == SigningProfile(ts="seconds")
    assert SigningProfile.from_env({"CEC_SIGNING_PROFILE": "Java-Demo\r\n"}) == JAVA_DEMO
    with pytest.raises(ProfileError) as error:
        SigningProfile.from_env({"CEC_SIGNING_PROFILE": "javademo"})
    assert str(error.value) == f'CEC_SIGNING_PROFILE: signing profile "javademo" is not understood: {TABLE["allowed"]}'


def test_from_env_reads_os_environ(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CEC_SIGNING_PROFILE", "java-demo")
    assert SigningProfile.from_env() == JAVA_DEMO
