/**
 * The opt-in retry layer (retryFetch, the token provider's retry) against a real local
 * server: what is retried, what is not, and that an update is never sent twice once it may
 * have been sent.
 */
import assert from "node:assert/strict";
import * as net from "node:net";
import { after, before, beforeEach, test } from "node:test";

import createClient from "openapi-fetch";

import {
  BearerTokenProvider,
  DEFAULT_RETRY_POLICY,
  OutcomeUnknownError,
  TOKEN_PATH,
  TokenError,
  authV2Fetch,
  backoffMs,
  nodeHttpFetch,
  operationOf,
  parseRetryAfter,
  retryFetch,
  retryPolicy,
  statusReason,
} from "../src/index.js";
import { json, startServer, verify, type Handler, type Reply, type TestServer } from "./helpers.js";

const AK = "demo-ak";
const SK = "demo-sk";
const DETAIL = "/rest/isales/v1/openapi/campaigns/8/callresultdetail/1644464743-1388";
const EXTERNAL = "/rest/isales/v1/openapi/campaigns/40/1402245659/queryObsResultDetail";
const CDR = "/rest/cmsapp/v1/openapi/calldata/querycalldetailbyid";
const RECORDS = "/apiaccess/rest/dataprocess/v1/openapp/queryCallManualDetailInfo";
const UPDATE = "/rest/isales/v1/openapi/campaigns/8/appoint/updateResult";
const FAST = { initialBackoffMs: 5, maxBackoffMs: 10 };
const OK = json(200, { resultCode: "0200000" });

let server: TestServer;
before(async () => {
  server = await startServer();
});
beforeEach(() => {
  server.received.length = 0;
});
after(async () => {
  await server.close();
});

/** Answers each request with the next reply; the last one repeats. */
function script(...replies: Reply[]): Handler {
  const queue = [...replies];
  return () => (queue.length > 1 ? queue.shift() : queue[0]) as Reply;
}

function status(code: number, headers: Record<string, string> = {}): Reply {
  return { status: code, headers: { "content-type": "application/json", ...headers }, body: '{"error":"x"}' };
}

let tick = Date.parse("2026-11-21T08:30:00Z");
const stepping = (): Date => new Date((tick += 1001));

function signedRetrying(options: Parameters<typeof retryFetch>[1] = FAST): typeof fetch {
  return retryFetch(authV2Fetch({ accessKey: AK, secretKey: SK, clock: stepping, logger: null }), options);
}

async function freePort(): Promise<number> {
  const probe = net.createServer();
  await new Promise<void>((resolve) => probe.listen(0, "127.0.0.1", resolve));
  const port = (probe.address() as net.AddressInfo).port;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}

// ---- the rules ----

test("operations by method and path", () => {
  const cases: [string, string, string, boolean, boolean][] = [
    ["GET", DETAIL, "getCallResultDetail", true, true],
    ["GET", EXTERNAL, "getExternalResult", true, true],
    ["POST", CDR, "queryCdrByCallId", true, true],
    ["POST", RECORDS, "queryCallRecords", true, false],
    ["POST", TOKEN_PATH, "createToken", true, false],
    ["POST", UPDATE, "updateReservedCallResult", false, false],
    ["post", "/prefix" + CDR, "queryCdrByCallId", true, true],
    ["GET", UPDATE, "unknown", false, false],
    ["POST", DETAIL, "unknown", false, false],
    ["GET", "/somewhere/else", "unknown", false, false],
  ];
  for (const [method, path, name, read, retry500] of cases) {
    assert.deepEqual(operationOf(method, path), { name, read, retry500 }, `${method} ${path}`);
  }
});

test("statuses", () => {
  const read = operationOf("GET", DETAIL);
  const records = operationOf("POST", RECORDS);
  const update = operationOf("POST", UPDATE);
  for (const code of [429, 502, 503, 504]) {
    assert.equal(statusReason(code, read), `HTTP ${code}`);
    assert.equal(statusReason(code, records), `HTTP ${code}`);
    assert.equal(statusReason(code, update), undefined);
  }
  assert.equal(statusReason(500, read), "HTTP 500");
  assert.equal(statusReason(500, records), undefined);
  for (const code of [200, 400, 401, 403, 404, 408, 418, 501]) assert.equal(statusReason(code, read), undefined);
});

test("Retry-After values, defaults and backoff", () => {
  const now = Date.parse("Sun, 06 Nov 1994 08:49:37 GMT");
  assert.equal(parseRetryAfter("3", now), 3000);
  assert.equal(parseRetryAfter(" 0 ", now), 0);
  assert.equal(parseRetryAfter("99999999999999999999999", now), Infinity);
  assert.equal(parseRetryAfter("Sun, 06 Nov 1994 08:49:47 GMT", now), 10_000);
  assert.equal(parseRetryAfter("Sun, 06 Nov 1994 08:00:00 GMT", now), 0);
  for (const ignored of [null, undefined, "", "-1", "1.5", "soon", "Sun, 06 Nov 1994"]) {
    assert.equal(parseRetryAfter(ignored, now), undefined, String(ignored));
  }
  assert.deepEqual({ ...DEFAULT_RETRY_POLICY }, { maxRetries: 2, initialBackoffMs: 100, maxBackoffMs: 2000, maxRetryAfterMs: 30_000 });
  for (let retry = 1; retry < 8; retry++) {
    const window = Math.min(100 * 2 ** (retry - 1), 2000);
    for (let i = 0; i < 50; i++) assert.ok(backoffMs(DEFAULT_RETRY_POLICY, retry) <= window);
  }
  assert.throws(() => retryPolicy({ maxRetries: -1 }), /maxRetries/);
  assert.throws(() => retryFetch(fetch, { attemptTimeoutMs: 0 }), /attemptTimeoutMs/);
});

// ---- retryFetch ----

for (const code of [429, 500, 502, 503, 504]) {
  test(`a read is retried after HTTP ${code}, each attempt signed anew`, async () => {
    server.handler = script(status(code), status(code), OK);
    const response = await signedRetrying()(server.url + DETAIL);
    assert.equal(response.status, 200);
    assert.deepEqual(await response.json(), { resultCode: "0200000" });
    const stamps = server.received.map((r) => verify(r, SK).timestamp);
    assert.equal(stamps.length, 3);
    assert.equal(new Set(stamps).size, 3);
  });

  test(`the update is not retried after HTTP ${code}`, async () => {
    server.handler = script(status(code), OK);
    const response = await signedRetrying()(server.url + UPDATE, { method: "POST", body: '{"appointId":"1"}' });
    assert.equal(response.status, code);
    assert.equal(server.received.length, 1);
  });
}

test("gives up after maxRetries, the body sent each time; data-process 500 and 4xx are not retried", async () => {
  server.handler = script(status(503));
  const f = signedRetrying();
  assert.equal((await f(server.url + CDR, { method: "POST", body: '{"a":1}' })).status, 503);
  assert.equal(server.received.length, 3);
  assert.ok(server.received.every((r) => r.body.toString() === '{"a":1}'));
  server.handler = script(status(500));
  assert.equal((await f(server.url + RECORDS, { method: "POST", body: "{}" })).status, 500);
  server.handler = script(status(404));
  assert.equal((await f(server.url + DETAIL)).status, 404);
  assert.equal(server.received.length, 5);
});

test("a dropped connection: a read is retried, the update throws OutcomeUnknownError and is sent once", async () => {
  server.handler = script({ status: 0, drop: true }, OK);
  const f = signedRetrying();
  assert.equal((await f(server.url + DETAIL)).status, 200);
  assert.equal(server.received.length, 2);
  server.handler = script({ status: 0, drop: true }, OK);
  await assert.rejects(
    f(server.url + UPDATE, { method: "POST", body: "{}" }),
    (error: unknown) => error instanceof OutcomeUnknownError && /updateReservedCallResult.*may have been sent/.test(error.message),
  );
  assert.equal(server.received.length, 3);
});

test("a timeout: a read is retried, the update throws OutcomeUnknownError and is sent once", async () => {
  server.handler = script({ ...OK, delayMs: 400 }, OK);
  const f = signedRetrying({ ...FAST, attemptTimeoutMs: 150 });
  assert.equal((await f(server.url + DETAIL)).status, 200);
  assert.equal(server.received.length, 2);
  server.handler = script({ ...OK, delayMs: 400 }, OK);
  await assert.rejects(f(server.url + UPDATE, { method: "POST", body: "{}" }), /timed out/);
  assert.equal(server.received.length, 3);
});

test("a reply that breaks off: a read is retried, the update throws OutcomeUnknownError", async () => {
  server.handler = script({ ...OK, body: '{"resultCode"', shortBy: 10 }, OK);
  const f = signedRetrying();
  assert.deepEqual(await (await f(server.url + DETAIL)).json(), { resultCode: "0200000" });
  server.handler = script({ ...OK, body: '{"resultCode"', shortBy: 10 }, OK);
  await assert.rejects(f(server.url + UPDATE, { method: "POST", body: "{}" }), OutcomeUnknownError);
  assert.equal(server.received.length, 3);
});

test("through nodeHttpFetch (java-demo): drops and timeouts classified the same", async () => {
  const f = retryFetch(authV2Fetch({ accessKey: AK, secretKey: SK, profile: "java-demo", logger: null }), { ...FAST, attemptTimeoutMs: 150 });
  server.handler = script({ status: 0, drop: true }, { ...OK, delayMs: 400 }, OK);
  assert.equal((await f(server.url + DETAIL)).status, 200);
  assert.equal(server.received.length, 3);
  server.handler = script({ status: 0, drop: true }, OK);
  await assert.rejects(f(server.url + UPDATE, { method: "POST", body: "{}" }), OutcomeUnknownError);
  assert.equal(server.received.length, 4);
  assert.equal(server.received[3]?.headers["host"], "127.0.0.1");
});

test("connection refused is retried, the update too (nothing was sent)", async () => {
  const lines: string[] = [];
  const f = retryFetch(authV2Fetch({ accessKey: AK, secretKey: SK, logger: null }), { ...FAST, logger: { debug: (m) => lines.push(m) } });
  const port = await freePort();
  await assert.rejects(f(`http://127.0.0.1:${port}${UPDATE}`, { method: "POST", body: "{}" }), (e: unknown) => !(e instanceof OutcomeUnknownError));
  assert.equal(lines.filter((l) => l.includes("connection failed; retrying")).length, 2);
  const viaNode = retryFetch(nodeHttpFetch(), { ...FAST, logger: { debug: (m) => lines.push(m) } });
  await assert.rejects(viaNode(`http://127.0.0.1:${port}${DETAIL}`));
  assert.equal(lines.filter((l) => l.includes("connection failed; retrying")).length, 4);
});

test("Retry-After: honoured up to 30 s, a longer one ends the retries", async () => {
  const lines: string[] = [];
  const f = retryFetch(fetch, { ...FAST, logger: { info: (m) => lines.push(m) } });
  server.handler = script(status(503, { "retry-after": "1" }), OK);
  const started = performance.now();
  assert.equal((await f(server.url + DETAIL)).status, 200);
  assert.ok(performance.now() - started >= 990);
  assert.match(lines.join("\n"), /Retry-After/);
  server.handler = script(status(429, { "retry-after": new Date(Date.now() + 1000).toUTCString() }), OK);
  assert.equal((await f(server.url + DETAIL)).status, 200);
  server.handler = script(status(503, { "retry-after": "31" }), OK);
  assert.equal((await f(server.url + DETAIL)).status, 503);
  assert.equal(server.received.length, 5);
});

test("maxRetries 0, the caller's abort, and openapi-fetch on top", async () => {
  server.handler = script(status(503), OK);
  assert.equal((await retryFetch(fetch, { maxRetries: 0 })(server.url + DETAIL)).status, 503);
  assert.equal(server.received.length, 1);
  server.handler = script({ ...OK, delayMs: 300 });
  await assert.rejects(retryFetch(fetch, FAST)(server.url + DETAIL, { signal: AbortSignal.abort() }));
  server.handler = script(status(502), OK);
  const client = createClient<Record<string, never>>({ baseUrl: server.url, fetch: signedRetrying() });
  const { response } = await (client as unknown as { GET(path: string): Promise<{ response: Response }> }).GET(DETAIL);
  assert.equal(response.status, 200);
});

// ---- the token provider ----

test("token requests are retried when asked (503, 429 with Retry-After 0, a drop), not 500, not by default", async () => {
  const token = json(200, { AccessToken: "tok", Expires: "600" });
  server.handler = script(status(503), status(429, { "retry-after": "0" }), token);
  let provider = new BearerTokenProvider({ baseUrl: server.url, appKey: "k", appSecret: "s", retry: FAST });
  assert.equal(await provider.token(), "tok");
  assert.equal(provider.tokenRequests, 3);
  server.handler = script({ status: 0, drop: true }, token);
  provider = new BearerTokenProvider({ baseUrl: server.url, appKey: "k", appSecret: "s", retry: FAST });
  assert.equal(await provider.token(), "tok");
  assert.equal(provider.tokenRequests, 2);
  server.handler = script(status(500), token);
  await assert.rejects(new BearerTokenProvider({ baseUrl: server.url, appKey: "k", appSecret: "s", retry: FAST }).token(), TokenError);
  server.handler = script(status(503), token);
  await assert.rejects(new BearerTokenProvider({ baseUrl: server.url, appKey: "k", appSecret: "s" }).token(), /HTTP 503/);
  assert.equal(server.received.length, 7);
});
