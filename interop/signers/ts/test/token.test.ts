/** The bearer token provider against a real local tokenByAkSk, and the fetch wrapper and middlewares. */
import assert from "node:assert/strict";
import { after, before, beforeEach, test } from "node:test";

import createClient from "openapi-fetch";

import {
  BearerTokenProvider,
  MAX_TOKEN_LIFETIME,
  TOKEN_PATH,
  TokenError,
  bearerFetch,
  openapiFetchBearer,
  parseTokenReply,
  typescriptFetchBearer,
} from "../src/index.js";
import { json, startServer, type Handler, type Received, type TestServer } from "./helpers.js";

const APP_KEY = "demo-app-key";
const APP_SECRET = "demo-app-secret";
const NGINX_403 = "<html><head><title>403 Forbidden</title></head><body><center><h1>403 Forbidden</h1></center><hr><center>nginx</center></body></html>";

let server: TestServer;
let server2: TestServer;
before(async () => {
  server = await startServer();
  server2 = await startServer();
});
beforeEach(() => {
  server.received.length = 0;
  server2.received.length = 0;
});
after(async () => {
  await server.close();
  await server2.close();
});

class FakeClock {
  now = 1_000_000;
  read = (): number => this.now;
}

const OMIT = Symbol("omit Expires");

/** tokenByAkSk issuing tok-1, tok-2...; a data endpoint accepting the tokens in `valid`. */
function tokenServer(expires: unknown = "600"): { issued: () => number; valid: Set<string>; handle: Handler } {
  let issued = 0;
  const valid = new Set<string>();
  const handle: Handler = (received) => {
    if (received.target === TOKEN_PATH) {
      issued += 1;
      valid.add(`tok-${issued}`);
      const reply: Record<string, unknown> = { AccessToken: `tok-${issued}`, ApplyType: "Bearer", CreateTime: "1545650171" };
      if (expires !== OMIT) reply.Expires = expires;
      return json(200, reply);
    }
    const token = (received.headers["authorization"] ?? "").replace(/^Bearer /, "");
    return valid.has(token) ? json(200, { resultCode: "0", token }) : json(401, { error: "unauthorized" });
  };
  server.handler = handle;
  return { issued: () => issued, valid, handle };
}

function provider(options: Partial<ConstructorParameters<typeof BearerTokenProvider>[0]> = {}): BearerTokenProvider {
  return new BearerTokenProvider({ baseUrl: server.url, appKey: APP_KEY, appSecret: APP_SECRET, ...options });
}

const tokenCalls = (): Received[] => server.received.filter((r) => r.target === TOKEN_PATH);
const dataCalls = (): Received[] => server.received.filter((r) => r.target !== TOKEN_PATH);

test("the token request and the cache", async () => {
  tokenServer();
  const p = provider({ tokenExpire: 900 });
  assert.equal(await p.token(), "tok-1");
  assert.equal(await p.token(), "tok-1");
  assert.equal(p.tokenRequests, 1);
  const [request] = tokenCalls() as [Received];
  assert.equal(request.method, "POST");
  assert.deepEqual(JSON.parse(request.body.toString()), { app_key: APP_KEY, app_secret: APP_SECRET });
  assert.equal(request.headers["content-type"], "application/json");
  assert.equal(request.headers["x-token-expire"], "900");
  assert.deepEqual(p.headers("tok-1"), { Authorization: "Bearer tok-1", "X-APP-Key": APP_KEY });
});

test("no X-Token-Expire unless asked", async () => {
  tokenServer();
  await provider().token();
  assert.equal(tokenCalls()[0]?.headers["x-token-expire"], undefined);
});

for (const [expires, renewAfter] of [["600", 540], [600, 540], ["100", 50], [3600, 3540]] as const) {
  test(`renewed shortly before Expires=${JSON.stringify(expires)}`, async () => {
    tokenServer(expires);
    const clock = new FakeClock();
    const p = provider({ clock: clock.read });
    assert.equal(await p.token(), "tok-1");
    clock.now += (renewAfter - 0.5) * 1000;
    assert.equal(await p.token(), "tok-1");
    clock.now += 1000;
    assert.equal(await p.token(), "tok-2");
    assert.equal(p.tokenRequests, 2);
  });
}

test("one request for many concurrent calls", async () => {
  tokenServer();
  const p = provider();
  const tokens = await Promise.all(Array.from({ length: 8 }, () => p.token()));
  assert.deepEqual(tokens, Array(8).fill("tok-1"));
  assert.equal(tokenCalls().length, 1);
});

test("invalidate drops only the rejected token", async () => {
  tokenServer();
  const p = provider();
  assert.equal(await p.token(), "tok-1");
  p.invalidate("something-else");
  assert.equal(await p.token(), "tok-1");
  p.invalidate("tok-1");
  assert.equal(await p.token(), "tok-2");
});

const reply = (body: unknown) => ({ status: 200, body: new TextEncoder().encode(JSON.stringify(body)) });

for (const [fields, lifetime] of [
  [{ Expires: "600" }, 600],
  [{ Expires: 600 }, 600],
  [{ Expires: " 120 " }, 120],
  [{ Expires: "1.5" }, 1.5],
  [{ Expires_In: 300 }, 300],
  [{ Expires_In: "300" }, 300],
  [{ Expires: "300", Expires_In: 900 }, 300],
  [{}, 600],
  [{ Expires: null }, 600],
  [{ Expires: "-1" }, 600],
  [{ Expires: -1 }, 600],
  [{ Expires: "0" }, 600],
  [{ Expires: "abc" }, 600],
  [{ Expires: "" }, 600],
  [{ Expires: "1e30" }, 600],
  [{ Expires: true }, 600],
  [{ Expires: [600] }, 600],
  [{ Expires: 1e30 }, MAX_TOKEN_LIFETIME],
  [{ Expires: "9".repeat(40) }, MAX_TOKEN_LIFETIME],
  [{ Expires: "9".repeat(5000) }, 600],
  [{ Expires: 7200 }, MAX_TOKEN_LIFETIME],
] as const) {
  test(`Expires in any form gives a sane lifetime: ${JSON.stringify(fields).slice(0, 60)}`, () => {
    const parsed = parseTokenReply(reply({ AccessToken: "t", ...fields }));
    assert.equal(parsed.token, "t");
    assert.equal(parsed.lifetime, lifetime);
  });
}

test("10**30 as a JSON integer literal", () => {
  const body = new TextEncoder().encode('{"AccessToken":"t","Expires":1000000000000000000000000000000}');
  assert.equal(parseTokenReply({ status: 200, body }).lifetime, MAX_TOKEN_LIFETIME);
});

test("missing Expires uses the lifetime asked for", async () => {
  tokenServer(OMIT);
  const clock = new FakeClock();
  const p = provider({ tokenExpire: 300, clock: clock.read });
  await p.token();
  clock.now += 239_000;
  assert.equal(await p.token(), "tok-1");
  clock.now += 2000;
  assert.equal(await p.token(), "tok-2");
});

const SECRET_TOKEN = "tok-SECRET-0123456789";

for (const [status, body, mustSay] of [
  [403, NGINX_403, ["403", "app key / app secret", "allow-list"]],
  [500, JSON.stringify({ AccessToken: SECRET_TOKEN }), ["HTTP 500"]],
  [401, "{}", ["HTTP 401", "app key"]],
  [200, `{"AccessToken": "${SECRET_TOKEN}", "Expi`, ["not the documented JSON"]],
  [200, "[]", ["not the documented JSON"]],
  [200, `{"token": "${SECRET_TOKEN}"}`, ["not the documented JSON"]],
  [200, "[".repeat(100_000), ["larger than"]],
  [200, JSON.stringify({ AccessToken: `${SECRET_TOKEN}\r\nX-Evil: 1` }), ["control characters"]],
  [200, JSON.stringify({ AccessToken: `${SECRET_TOKEN}\u0000` }), ["control characters"]],
  [200, JSON.stringify({ AccessToken: "" }), ["empty"]],
  [200, JSON.stringify({ AccessToken: 12345 }), ["not a string"]],
  [200, JSON.stringify({ AccessToken: "ключ" }), ["non-ASCII"]],
  [200, "[".repeat(60_000), ["not the documented JSON"]],
] as const) {
  test(`token failure ${status} ${body.slice(0, 30)}: says what to check, never quotes the reply`, async () => {
    server.handler = () => ({ status, headers: { "content-type": "text/html" }, body });
    await assert.rejects(provider().token(), (error: Error) => {
      assert.ok(error instanceof TokenError);
      for (const part of mustSay) assert.ok(error.message.includes(part), `${part} in ${error.message}`);
      for (const leaked of [SECRET_TOKEN, "nginx", "<html", APP_SECRET]) assert.ok(!error.message.includes(leaked), leaked);
      return true;
    });
  });
}

for (const status of [301, 302, 303, 307, 308]) {
  test(`a ${status} redirect is not followed`, async () => {
    server.handler = () => ({ status, headers: { location: server2.url + TOKEN_PATH } });
    await assert.rejects(provider().token(), new RegExp(`HTTP ${status} .*not followed`));
    assert.equal(server2.received.length, 0);
  });
}

test("an unreachable server", async () => {
  const closed = await startServer();
  await closed.close();
  const p = new BearerTokenProvider({ baseUrl: closed.url, appKey: APP_KEY, appSecret: APP_SECRET });
  await assert.rejects(p.token(), (error: Error) => error instanceof TokenError && /could not be reached: ECONNREFUSED/.test(error.message) && !error.message.includes(APP_SECRET));
});

test("a server that does not answer in time", async () => {
  server.handler = () => {
    throw new Error("never");
  };
  const slow = await import("node:http").then(({ createServer }) => createServer(() => undefined));
  await new Promise<void>((resolve) => slow.listen(0, "127.0.0.1", resolve));
  const port = (slow.address() as { port: number }).port;
  const p = new BearerTokenProvider({ baseUrl: `http://127.0.0.1:${port}`, appKey: APP_KEY, appSecret: APP_SECRET, timeoutMs: 200 });
  await assert.rejects(p.token(), /no answer in time/);
  slow.closeAllConnections();
  slow.close();
});

for (const [changes, message] of [
  [{ tokenExpire: 0 }, /1\.\.3600/],
  [{ tokenExpire: 3601 }, /1\.\.3600/],
  [{ tokenExpire: 1.5 }, /1\.\.3600/],
  [{ baseUrl: "ftp://x" }, /http/],
  [{ baseUrl: "https://x/?a=1" }, /without query/],
  [{ baseUrl: "not a url" }, /not a URL/],
  [{ appKey: "" }, /app key/],
  [{ appSecret: "with\nnewline" }, /app secret/],
  [{ timeoutMs: 0 }, /timeoutMs/],
] as const) {
  test(`bad settings are refused: ${JSON.stringify(changes)}`, () => {
    assert.throws(() => provider(changes), (error: Error) => message.test(error.message) && !error.message.includes("with\nnewline"));
  });
}

test("fromEnv and what a provider shows", async () => {
  const p = BearerTokenProvider.fromEnv({ CEC_APP_KEY: APP_KEY, CEC_APP_SECRET: "top-secret", CEC_APIACCESS_URL: "https://cec.example.com/" });
  assert.equal(p.url, "https://cec.example.com/apigovernance/api/oauth/tokenByAkSk");
  const { inspect } = await import("node:util");
  for (const shown of [inspect(p, { showHidden: true, depth: 5 }), JSON.stringify(p)]) assert.ok(!shown.includes("top-secret"));
  assert.throws(() => BearerTokenProvider.fromEnv({ CEC_APP_KEY: APP_KEY }), /CEC_APP_SECRET, CEC_APIACCESS_URL/);
});

// ---- sending the token ----

test("bearerFetch renews once after a 401", async () => {
  const tokens = tokenServer();
  const p = provider();
  const fetch = bearerFetch(p);
  const post = () => fetch(server.url + "/data", { method: "POST", body: '{"a":1}', headers: { "content-type": "application/json" } });
  assert.equal(((await (await post()).json()) as { token: string }).token, "tok-1");
  tokens.valid.clear();
  const renewed = await post();
  assert.equal(renewed.status, 200);
  assert.equal(((await renewed.json()) as { token: string }).token, "tok-2");
  server.handler = (r) => (r.target === TOKEN_PATH ? tokens.handle(r) : json(401, {}));
  assert.equal((await post()).status, 401); // renewed once, not more
  assert.deepEqual(dataCalls().map((c) => c.headers["authorization"]), ["Bearer tok-1", "Bearer tok-1", "Bearer tok-2", "Bearer tok-2", "Bearer tok-3"]);
  assert.ok(dataCalls().every((c) => c.headers["x-app-key"] === APP_KEY && c.body.toString() === '{"a":1}'));
  assert.equal(p.tokenRequests, 3);
});

test("bearerFetch keeps the caller's X-APP-Key; one renewal for concurrent 401s", async () => {
  const tokens = tokenServer();
  const p = provider();
  const fetch = bearerFetch(p);
  await fetch(server.url + "/data", { headers: { "X-APP-Key": "given" } });
  assert.equal(dataCalls()[0]?.headers["x-app-key"], "given");
  tokens.valid.clear();
  const replies = await Promise.all(Array.from({ length: 4 }, () => fetch(server.url + "/data")));
  assert.deepEqual(replies.map((r) => r.status), [200, 200, 200, 200]);
  assert.equal(p.tokenRequests, 2);
});

interface paths {
  "/data": { post: { requestBody: { content: { "application/json": { a: number } } }; responses: { 200: { content: { "application/json": { token: string } } } } } };
}

test("openapi-fetch with bearerFetch as its fetch", async () => {
  const tokens = tokenServer();
  const client = createClient<paths>({ baseUrl: server.url, fetch: bearerFetch(provider()) });
  assert.equal((await client.POST("/data", { body: { a: 1 } })).data?.token, "tok-1");
  tokens.valid.clear();
  assert.equal((await client.POST("/data", { body: { a: 1 } })).data?.token, "tok-2");
});

test("openapi-fetch middleware: headers, and a 401 makes the next call renew", async () => {
  const tokens = tokenServer();
  const client = createClient<paths>({ baseUrl: server.url });
  client.use(openapiFetchBearer(provider()));
  assert.equal((await client.POST("/data", { body: { a: 1 } })).data?.token, "tok-1");
  tokens.valid.clear();
  assert.equal((await client.POST("/data", { body: { a: 1 } })).response.status, 401);
  assert.equal((await client.POST("/data", { body: { a: 1 } })).data?.token, "tok-2");
  assert.ok(dataCalls().every((c) => c.headers["x-app-key"] === APP_KEY));
});

test("typescript-fetch middleware", async () => {
  const tokens = tokenServer();
  const m = typescriptFetchBearer(provider());
  const send = async () => {
    const params = await m.pre({ url: server.url + "/data", init: { method: "POST", body: "{}" } });
    const response = await fetch(params.url, params.init);
    await m.post({ ...params, response });
    return response;
  };
  assert.equal((await send()).status, 200);
  tokens.valid.clear();
  assert.equal((await send()).status, 401);
  assert.equal((await send()).status, 200);
  assert.deepEqual(dataCalls().map((c) => c.headers["authorization"]), ["Bearer tok-1", "Bearer tok-1", "Bearer tok-2"]);
});
