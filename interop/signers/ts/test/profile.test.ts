/** Signing profiles: presets, knob lists, errors, the environment variable. */
import assert from "node:assert/strict";
import { test } from "node:test";

import { DOCUMENTED, JAVA_DEMO, KNOBS, ProfileError, checkProfile, parseProfile, profileFromEnv, profileToString } from "../src/index.js";

test("presets", () => {
  assert.deepEqual(parseProfile("documented"), DOCUMENTED);
  assert.deepEqual(DOCUMENTED, { ts: "millis", queryLine: "keep", headers: "standard", host: "port" });
  assert.deepEqual(parseProfile("java-demo"), JAVA_DEMO);
  assert.deepEqual(JAVA_DEMO, { ts: "seconds", queryLine: "omit", headers: "host", host: "no-port" });
});

test("knob lists; unnamed knobs keep the documented value", () => {
  assert.deepEqual(parseProfile("ts=seconds,query-line=omit,headers=host,host=no-port"), JAVA_DEMO);
  assert.deepEqual(parseProfile("ts=seconds"), { ...DOCUMENTED, ts: "seconds" });
  assert.deepEqual(parseProfile(" host = no-port , ts=seconds "), { ...DOCUMENTED, ts: "seconds", host: "no-port" });
});

test("every profile prints as text that reads back", () => {
  let count = 0;
  for (const ts of KNOBS.ts.values)
    for (const q of KNOBS["query-line"].values)
      for (const h of KNOBS.headers.values)
        for (const host of KNOBS.host.values) {
          const profile = parseProfile(`ts=${ts},query-line=${q},headers=${h},host=${host}`);
          assert.deepEqual(parseProfile(profileToString(profile)), profile);
          count++;
        }
  assert.equal(count, 16);
  assert.equal(profileToString(DOCUMENTED), "documented");
  assert.equal(profileToString(JAVA_DEMO), "java-demo");
  assert.equal(profileToString(parseProfile("headers=host,ts=seconds")), "ts=seconds,headers=host");
});

for (const [text, mustSay] of [
  ["", ["empty", "documented", "java-demo", "ts=millis|seconds"]],
  ["Documented", ["not understood", "query-line=keep|omit"]],
  ["ts=minutes", ['ts="minutes"', "millis or seconds"]],
  ["query-line=drop", ["keep or omit"]],
  ["headers=all", ["standard or host"]],
  ["host=none", ["port or no-port"]],
  ["tz=seconds", ['unknown signing profile knob "tz"', "host=port|no-port"]],
  ["ts=seconds,ts=millis", ["given twice"]],
  ["ts=seconds,", ["not understood"]],
  ["java-demo,host=port", ["not understood"]],
  ["toString=x", ["unknown signing profile knob"]],
  ["constructor", ["not understood"]],
] as const) {
  test(`bad profile ${JSON.stringify(text)} says what is allowed`, () => {
    assert.throws(
      () => parseProfile(text),
      (error: Error) => error instanceof ProfileError && mustSay.every((part) => error.message.includes(part)),
    );
  });
}

test("bad values built in code are refused", () => {
  assert.throws(() => checkProfile({ ...DOCUMENTED, ts: "minutes" as "millis" }), /millis or seconds/);
});

test("profileFromEnv", () => {
  assert.deepEqual(profileFromEnv({}), DOCUMENTED);
  assert.deepEqual(profileFromEnv({ CEC_SIGNING_PROFILE: " " }), DOCUMENTED);
  assert.deepEqual(profileFromEnv({ CEC_SIGNING_PROFILE: "java-demo" }), JAVA_DEMO);
  assert.throws(() => profileFromEnv({ CEC_SIGNING_PROFILE: "javademo" }), /^ProfileError: CEC_SIGNING_PROFILE: .*java-demo/);
});
