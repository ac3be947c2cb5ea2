/** The signer against every vector: both tables of vectors.json and tests/signing-vectors/. */
import assert from "node:assert/strict";
import { readdirSync, readFileSync, existsSync } from "node:fs";
import { test } from "node:test";

import {
  DOCUMENTED,
  JAVA_DEMO,
  canonicalQuery,
  formatTimestamp,
  normalize,
  parseProfile,
  signV2,
  signingKey,
  type SigningProfile,
} from "../src/index.js";
import { CASES, VECTORS, parseRequestTxt, type VectorRequest } from "./helpers.js";

const TIME = new Date(VECTORS.time);
const encoder = new TextEncoder();

function sign(request: VectorRequest, profile: SigningProfile = DOCUMENTED, changes: Record<string, unknown> = {}) {
  return signV2({
    accessKey: VECTORS.access_key,
    secretKey: VECTORS.secret_key,
    time: TIME,
    method: request.method,
    path: request.path,
    query: request.query,
    host: request.host,
    contentType: request.content_type,
    body: request.body === null ? null : encoder.encode(request.body),
    profile,
    ...changes,
  });
}

test("the vectors file is what the tests assume", () => {
  assert.equal(VECTORS.time, "2026-11-21T08:30:00.000Z");
  assert.equal(encoder.encode(VECTORS.requests.post.body ?? "").length, 70);
  assert.equal(VECTORS.profiles.length, 7);
});

test("documented vector 1: canonical request and Authorization", () => {
  const signed = sign(VECTORS.requests.post);
  assert.equal(signed.canonicalRequest, VECTORS.documented.post.canonical_request);
  assert.equal(signed.authorization, VECTORS.documented.post.authorization);
  assert.equal(signed.signedHeaders, "content-length;content-type;host");
  assert.equal(signed.timestamp, "2026-11-21T08:30:00.000Z");
  assert.equal(signed.host, "127.0.0.1:28443");
});

test("documented vector 2: SigningKey and Authorization", () => {
  const expected = VECTORS.documented.get;
  const signed = sign(VECTORS.requests.get);
  assert.equal(signed.authorization, expected.authorization);
  assert.ok(signed.authorization.startsWith(expected.auth_string_prefix + "/"));
  assert.equal(signingKey(VECTORS.secret_key, expected.auth_string_prefix), expected.signing_key);
});

for (const row of VECTORS.profiles) {
  for (const which of ["post", "get"] as const) {
    test(`profile table: ${row.profile} (${row.name}), ${which}`, () => {
      const profile = parseProfile(row.profile);
      const signed = sign(VECTORS.requests[which], profile);
      assert.equal(signed.authorization, row[which].authorization);
      assert.equal(signed.host, row[which].host);
      assert.deepEqual(signed.profile, profile);
    });
  }
}

test("java-demo drops the port and signs only host", () => {
  assert.deepEqual(sign(VECTORS.requests.get, JAVA_DEMO).canonicalRequest.split("\n"), [
    "GET",
    "/rest/isales/v1/openapi/campaigns/8/callresultdetail/1644464743-1388",
    "host",
    "host:cc-isales.example.com",
    "",
  ]);
});

test("query-line=omit keeps a query line that is not empty", () => {
  const request = { ...VECTORS.requests.get, query: "b=2&a=1" };
  assert.equal(sign(request).authorization, sign(request, parseProfile("query-line=omit")).authorization);
  assert.equal(sign(request).canonicalRequest.split("\n")[2], "a=1&b=2");
});

const folders = readdirSync(CASES).filter((name) => existsSync(new URL(`${name}/request.txt`, CASES))).sort();

test("there are case folders", () => {
  assert.ok(folders.length >= 8, `${folders.length} folders in ${CASES.pathname}`);
});

for (const name of folders) {
  test(`case folder ${name}`, () => {
    const folder = new URL(`${name}/`, CASES);
    const read = (file: string) => readFileSync(new URL(file, folder), "utf8");
    const context = JSON.parse(read("context.json")) as { ak: string; sk: string; timestamp: string };
    const parsed = parseRequestTxt(readFileSync(new URL("request.txt", folder)));
    const signed = signV2({
      accessKey: context.ak,
      secretKey: context.sk,
      time: new Date(context.timestamp),
      method: parsed.method,
      path: parsed.path,
      query: parsed.query,
      host: (parsed.headers["host"] ?? "").trim(),
      contentType: parsed.headers["content-type"] ?? null,
      body: parsed.body,
    });
    assert.equal(signed.canonicalRequest, read("canonical-request.txt"));
    assert.equal(signed.authorization, read("authorization.txt"));
    assert.equal(signingKey(context.sk, signed.authorization.slice(0, signed.authorization.lastIndexOf("/"))), read("signing-key.txt"));
  });
}

test("normalize and canonicalQuery", () => {
  assert.equal(normalize("a-._~ /:+%é"), "a-._~%20%2F%3A%2B%25%C3%A9");
  assert.equal(normalize(Uint8Array.from([0, 255])), "%00%FF");
  assert.equal(
    canonicalQuery("plus=1+1&x=%2b&flag&&a-b=3&a=%e4%b8%ad&bad=%zz"),
    "a-b=3&a=%E4%B8%AD&bad=%25zz&flag=&plus=1%2B1&x=%2B",
  );
  assert.equal(canonicalQuery(""), "");
  assert.equal(canonicalQuery(null), "");
});

test("timestamps", () => {
  const t = new Date("2027-01-02T03:04:05.678+08:00");
  assert.equal(formatTimestamp(t), "2027-01-01T19:04:05.678Z");
  assert.equal(formatTimestamp(t, parseProfile("ts=seconds")), "2027-01-01T19:04:05Z");
  assert.throws(() => formatTimestamp(new Date(NaN)), /invalid Date/);
});

test("host=no-port keeps an IPv6 literal and a host without a port", () => {
  assert.equal(sign({ ...VECTORS.requests.get, host: "[::1]:8443" }, JAVA_DEMO).host, "[::1]");
  assert.equal(sign({ ...VECTORS.requests.get, host: "cc.example.com" }, JAVA_DEMO).host, "cc.example.com");
});

test("no Content-Type: not signed", () => {
  assert.equal(sign(VECTORS.requests.get, DOCUMENTED, { contentType: null }).signedHeaders, "host");
});

for (const [changes, message] of [
  [{ accessKey: "a/b" }, /contains '\/'/],
  [{ accessKey: "" }, /access key/],
  [{ secretKey: "has space" }, /secret key/],
  [{ method: "GE T" }, /method/],
  [{ path: "no-slash" }, /must start with '\/'/],
  [{ path: "/x?y=1" }, /not include the query/],
  [{ host: "a b" }, /host/],
  [{ time: new Date(NaN) }, /invalid Date/],
] as const) {
  test(`bad input is refused: ${JSON.stringify(changes)}`, () => {
    assert.throws(
      () => sign(VECTORS.requests.get, DOCUMENTED, changes),
      (error: Error) => message.test(error.message) && !error.message.includes(VECTORS.secret_key),
    );
  });
}
