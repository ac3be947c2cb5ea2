/** auth-v2 over fetch against a real local server: what arrives on the wire verifies. */
import assert from "node:assert/strict";
import { after, before, beforeEach, test } from "node:test";

import createClient from "openapi-fetch";

import {
  AkSkSigner,
  CONTENT_TYPE_JSON_UTF8,
  authV2Fetch,
  nodeHttpFetch,
  openapiFetchAuthV2,
  parseProfile,
  typescriptFetchAuthV2,
  type FetchLike,
} from "../src/index.js";
import { startServer, verify, type Received, type TestServer } from "./helpers.js";

const AK = "demo-ak";
const SK = "demo-sk";
const CDR = "/rest/cmsapp/v1/openapi/calldata/querycalldetailbyid";
const DETAIL = "/rest/isales/v1/openapi/campaigns/8/callresultdetail/1644464743-1388";

let server: TestServer;
before(async () => {
  server = await startServer();
});
beforeEach(() => {
  server.received.length = 0;
  server.handler = () => ({ status: 200, headers: { "content-type": "application/json" }, body: "{}" });
});
after(() => server.close());

function stepping(): () => Date {
  let now = Date.parse("2026-11-21T08:30:00.000Z");
  return () => new Date((now += 1001));
}

function check(received: Received, profileText: string, standard: string): void {
  const profile = parseProfile(profileText);
  const result = verify(received, SK);
  assert.equal(result.accessKey, AK);
  assert.equal(result.signedHeaders, profile.headers === "standard" ? standard : "host");
  assert.equal(result.queryLine, profile.queryLine);
  assert.equal(result.timestamp.length, profile.ts === "millis" ? 24 : 20);
  assert.equal(received.headers["content-type"], CONTENT_TYPE_JSON_UTF8);
  assert.equal(received.headers["host"], profile.host === "no-port" ? "127.0.0.1" : `127.0.0.1:${server.port}`);
}

const PROFILES = ["documented", "java-demo", "ts=seconds", "ts=millis,query-line=omit", "headers=host", "host=no-port"];

for (const profile of PROFILES) {
  test(`authV2Fetch, ${profile}: POST and GET verify on the wire`, async () => {
    const fetch = authV2Fetch({ accessKey: AK, secretKey: SK, profile });
    const body = JSON.stringify({ queryParam: { callId: "1000000000-0001", ccId: 1 } });
    assert.equal((await fetch(server.url + CDR, { method: "POST", body, headers: { "content-type": "application/json" } })).status, 200);
    assert.equal((await fetch(new Request(server.url + DETAIL))).status, 200);
    const [post, get] = server.received as [Received, Received];
    check(post, profile, "content-length;content-type;host");
    check(get, profile, "content-type;host");
    assert.equal(post.body.toString(), body);
    assert.equal(get.headers["content-length"], undefined);
  });
}

test("query with a literal +, an empty POST, a non-ASCII body", async () => {
  const fetch = authV2Fetch({ accessKey: AK, secretKey: SK });
  await fetch(`${server.url}/q?b=2&a=${encodeURIComponent("1+1")}&z=${encodeURIComponent("中")}&empty=&flag`);
  await fetch(server.url + "/p", { method: "POST" });
  await fetch(server.url + "/u", { method: "POST", body: "客户已接通 ✓ 😀" });
  const [query, empty, utf8] = server.received as [Received, Received, Received];
  assert.ok(query.target.includes("a=1%2B1"));
  for (const received of server.received) verify(received, SK);
  assert.equal(empty.headers["content-length"], "0");
  assert.equal(verify(empty, SK).signedHeaders, "content-length;content-type;host");
  assert.equal(utf8.body.toString("utf8"), "客户已接通 ✓ 😀");
});

test("every call is signed again with a fresh timestamp", async () => {
  const fetch = authV2Fetch({ accessKey: AK, secretKey: SK, clock: stepping() });
  const request = new Request(server.url + CDR, { method: "POST", body: "{}" });
  await fetch(request.clone());
  await fetch(request.clone()); // a retry
  const [first, second] = server.received.map((r) => verify(r, SK).timestamp);
  assert.equal(first, "2026-11-21T08:30:01.001Z");
  assert.equal(second, "2026-11-21T08:30:02.002Z");
});

test("contentType: null keeps and signs the request's own", async () => {
  const fetch = authV2Fetch({ accessKey: AK, secretKey: SK, contentType: null });
  await fetch(server.url + "/j", { method: "POST", body: "{}", headers: { "content-type": "application/json" } });
  await fetch(server.url + "/g");
  const [post, get] = server.received as [Received, Received];
  assert.equal(post.headers["content-type"], "application/json");
  assert.equal(verify(post, SK).signedHeaders, "content-length;content-type;host");
  assert.equal(get.headers["content-type"], undefined);
  assert.equal(verify(get, SK).signedHeaders, "host");
});

test("the default port is neither sent nor signed", async () => {
  const signer = new AkSkSigner({ accessKey: AK, secretKey: SK });
  const wire = await signer.signRequest(new Request("https://cc-isales.example.com:443/x"));
  assert.equal(wire.signed.host, "cc-isales.example.com");
  assert.ok(wire.signed.canonicalRequest.includes("\nhost:cc-isales.example.com\n"));
});

test("Node's fetch ignores a Host header: host=no-port refuses it and uses nodeHttpFetch", async () => {
  // The limit itself, shown on the wire:
  await globalThis.fetch(server.url + "/h", { headers: { host: "127.0.0.1" } });
  assert.equal(server.received[0]?.headers["host"], `127.0.0.1:${server.port}`);
  assert.throws(
    () => authV2Fetch({ accessKey: AK, secretKey: SK, profile: "java-demo" }, { fetch: globalThis.fetch }),
    /Node's fetch ignores/,
  );
  assert.throws(() => openapiFetchAuthV2({ accessKey: AK, secretKey: SK, profile: "host=no-port" }), /fetchSendsHostHeader/);
  assert.throws(() => typescriptFetchAuthV2({ accessKey: AK, secretKey: SK, profile: "host=no-port" }), /fetchSendsHostHeader/);
});

test("a 401 logs a hint with no secret", async () => {
  server.handler = () => ({ status: 401, body: '{"error":"unauthorized"}' });
  const lines: string[] = [];
  const logger = { warn: (m: string) => lines.push(m), debug: (m: string) => lines.push(m) };
  const fetch = authV2Fetch({ accessKey: AK, secretKey: SK, profile: "ts=seconds", logger });
  assert.equal((await fetch(server.url + DETAIL)).status, 401);
  const text = lines.join("\n");
  assert.match(text, /HTTP 401.*clock.*java-demo/s);
  assert.match(text, /profile ts=seconds/);
  assert.ok(text.includes("canonical request:\nGET\n" + DETAIL));
  assert.ok(!text.includes(SK));
});

test("fromEnv and what a signer shows", async () => {
  const signer = AkSkSigner.fromEnv({ CEC_AK: AK, CEC_SK: "sk-from-env", CEC_SIGNING_PROFILE: "java-demo" });
  await authV2Fetch(signer)(server.url + "/e");
  assert.equal(verify(server.received[0] as Received, "sk-from-env").signedHeaders, "host");
  const { inspect } = await import("node:util");
  for (const shown of [inspect(signer, { showHidden: true, depth: 5 }), JSON.stringify(signer), String(signer)]) {
    assert.ok(!shown.includes("sk-from-env"), shown);
  }
  assert.throws(() => AkSkSigner.fromEnv({ CEC_AK: AK }), /CEC_SK/);
  assert.throws(() => AkSkSigner.fromEnv({ CEC_AK: AK, CEC_SK: SK, CEC_SIGNING_PROFILE: "demo" }), /CEC_SIGNING_PROFILE: .*documented/);
  assert.throws(() => new AkSkSigner({ accessKey: "a/b", secretKey: SK }), /contains '\/'/);
});

// ---- the generators' hooks ----

interface paths {
  "/rest/cmsapp/v1/openapi/calldata/querycalldetailbyid": {
    post: {
      requestBody: { content: { "application/json": { queryParam: { callId: string; ccId: number } } } };
      responses: { 200: { content: { "application/json": { resultCode: string } } } };
    };
  };
  "/rest/isales/v1/openapi/campaigns/{vdnId}/callresultdetail/{callId}": {
    get: {
      parameters: { path: { vdnId: number; callId: string } };
      responses: { 200: { content: { "application/json": { resultCode: string } } } };
    };
  };
}

async function callBoth(client: ReturnType<typeof createClient<paths>>): Promise<void> {
  const post = await client.POST("/rest/cmsapp/v1/openapi/calldata/querycalldetailbyid", {
    body: { queryParam: { callId: "1000000000-0001", ccId: 1 } },
  });
  assert.equal(post.response.status, 200);
  const get = await client.GET("/rest/isales/v1/openapi/campaigns/{vdnId}/callresultdetail/{callId}", {
    params: { path: { vdnId: 8, callId: "1644464743-1388" } },
  });
  assert.equal(get.response.status, 200);
}

for (const profile of ["documented", "java-demo"]) {
  test(`openapi-fetch with authV2Fetch as its fetch, ${profile}`, async () => {
    await callBoth(createClient<paths>({ baseUrl: server.url, fetch: authV2Fetch({ accessKey: AK, secretKey: SK, profile }) }));
    const [post, get] = server.received as [Received, Received];
    check(post, profile, "content-length;content-type;host");
    check(get, profile, "content-type;host");
    assert.equal(post.body.toString(), '{"queryParam":{"callId":"1000000000-0001","ccId":1}}');
    assert.equal(get.target, DETAIL);
  });
}

test("openapi-fetch with the middleware (Node's fetch)", async () => {
  const client = createClient<paths>({ baseUrl: server.url });
  client.use(openapiFetchAuthV2({ accessKey: AK, secretKey: SK, profile: "ts=seconds" }));
  await callBoth(client);
  for (const received of server.received) assert.equal(verify(received, SK).timestamp.length, 20);
});

test("openapi-fetch with the middleware and nodeHttpFetch, host=no-port", async () => {
  const client = createClient<paths>({ baseUrl: server.url, fetch: nodeHttpFetch() });
  client.use(openapiFetchAuthV2({ accessKey: AK, secretKey: SK, profile: "java-demo" }, { fetchSendsHostHeader: true }));
  await callBoth(client);
  for (const received of server.received) check(received, "java-demo", "");
});

// typescript-fetch (openapi-generator 7.x) runtime.ts declares these; the generated
// BaseAPI calls `pre` with { fetch, url, init }, then `fetchApi(url, init)`.
interface TsFetchRequestContext { fetch: FetchLike; url: string; init: RequestInit }
interface TsFetchMiddleware {
  pre?(context: TsFetchRequestContext): Promise<{ url: string; init: RequestInit } | void>;
  post?(context: TsFetchRequestContext & { response: Response }): Promise<Response | void>;
}

async function likeTypescriptFetch(middleware: TsFetchMiddleware[], fetchApi: FetchLike, url: string, init: RequestInit): Promise<Response> {
  let params = { url, init };
  for (const m of middleware) params = (await m.pre?.({ fetch: fetchApi, ...params })) ?? params;
  let response = await fetchApi(params.url, params.init);
  for (const m of middleware) response = (await m.post?.({ fetch: fetchApi, ...params, response })) ?? response;
  return response;
}

test("typescript-fetch: the middleware, and authV2Fetch as fetchApi", async () => {
  const middleware: TsFetchMiddleware = typescriptFetchAuthV2({ accessKey: AK, secretKey: SK });
  const init = { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify({ a: 1 }) };
  await likeTypescriptFetch([middleware], globalThis.fetch, server.url + CDR, init);
  const fetchApi: FetchLike = authV2Fetch({ accessKey: AK, secretKey: SK, profile: "java-demo" });
  await likeTypescriptFetch([], fetchApi, server.url + CDR, init);
  const [viaMiddleware, viaFetchApi] = server.received as [Received, Received];
  check(viaMiddleware, "documented", "content-length;content-type;host");
  check(viaFetchApi, "java-demo", "");
  assert.equal(viaMiddleware.body.toString(), '{"a":1}');
});
