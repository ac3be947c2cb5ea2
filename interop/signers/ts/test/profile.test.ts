/** Signing profiles: presets, knob lists, errors, the environment variable. */
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { test } from "node:test";

import { DOCUMENTED, JAVA_DEMO, KNOBS, ProfileError, checkProfile, parseProfile, profileFromEnv, profileToString } from "../src/index.js";
import { CASES } from "./helpers.js";

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

/** The table every implementation (Rust, Python, TypeScript, Java) is tested against. */
const TABLE = JSON.parse(readFileSync(new URL("profile-text.json", CASES), "utf8")) as {
  allowed: string;
  cases: { text: string; knobs?: Record<string, string>; error?: string }[];
};
const FIELDS = { ts: "ts", "query-line": "queryLine", headers: "headers", host: "host" } as const;

for (const c of TABLE.cases) {
  test(`profile text ${JSON.stringify(c.text)} reads as the shared table says`, () => {
    if (c.knobs !== undefined) {
      const knobs = c.knobs;
      const profile = parseProfile(c.text);
      assert.deepEqual(
        Object.fromEntries(Object.entries(FIELDS).map(([knob, field]) => [knob, profile[field]])),
        knobs,
      );
    } else {
      assert.throws(
        () => parseProfile(c.text),
        (error: Error) => {
          assert.ok(error instanceof ProfileError);
          assert.equal(error.message, c.error?.replace("{allowed}", TABLE.allowed));
          return true;
        },
      );
    }
  });
}

test("bad values built in code are refused", () => {
  assert.throws(() => checkProfile({ ...DOCUMENTED, ts: "minutes" as "millis" }), /millis or seconds/);
});

test("profileFromEnv", () => {
  assert.deepEqual(profileFromEnv({}), DOCUMENTED);
  assert.deepEqual(profileFromEnv({ CEC_SIGNING_PROFILE: " " }), DOCUMENTED);
  assert.deepEqual(profileFromEnv({ CEC_SIGNING_PROFILE: "java-demo" }), JAVA_DEMO);
  assert.deepEqual(profileFromEnv({ CEC_SIGNING_PROFILE: "Java-Demo\r\n" }), JAVA_DEMO);
  assert.throws(() => profileFromEnv({ CEC_SIGNING_PROFILE: "javademo" }), {
    name: "ProfileError",
    message: `CEC_SIGNING_PROFILE: signing profile "javademo" is not understood: ${TABLE.allowed}`,
  });
});
