/**
 * The retry layer against `cec simulate`'s faults: openapi-fetch with the signing helper's
 * retryFetch (and the token provider's retry) calls simulators started with --error-rate,
 * --drop-rate, --latency-ms, --garble-rate and --token-forbidden, and counts what reached
 * each simulator (it prints "stopped after N requests" on Ctrl-C). The read operations are
 * retried as the Rust client retries them; the update is never sent again once it may have
 * been sent.
 *
 * Run by interop/smoke.sh with the packaged cec (the npm launcher): node dist/faults.js CEC
 */
import { spawn, type ChildProcessWithoutNullStreams } from "node:child_process";
import createClient from "openapi-fetch";
import {
  AkSkSigner,
  BearerTokenProvider,
  OutcomeUnknownError,
  TokenError,
  authV2Fetch,
  bearerFetch,
  retryFetch,
  type RetryFetchOptions,
} from "@huawei-cec/auth";
import type { paths } from "./huawei-cec.js";
import { check, report } from "./checks.js";

const CEC = process.argv[2];
if (!CEC) throw new Error("usage: node dist/faults.js CEC");
const DETAIL = "/rest/isales/v1/openapi/campaigns/{vdnId}/callresultdetail/{callId}";
const UPDATE = "/rest/isales/v1/openapi/campaigns/{vdnId}/appoint/updateResult";
const RECORDS = "/apiaccess/rest/dataprocess/v1/openapp/queryCallManualDetailInfo";
const FAST = { initialBackoffMs: 20, maxBackoffMs: 50 };
let retries = 0;
const logger = { debug: () => void (retries += 1), info: () => void (retries += 1) };

interface Simulator {
  url: string;
  stop(): Promise<number>;
}

/** `cec simulate --port 0 FAULTS...`; stop() sends SIGINT and returns the request count it printed. */
async function simulator(...faults: string[]): Promise<Simulator> {
  const child: ChildProcessWithoutNullStreams = spawn(CEC as string, ["simulate", "--port", "0", ...faults]);
  let output = "";
  child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<void>((resolve) => child.on("exit", () => resolve()));
  for (let i = 0; i < 300 && !/export CEC_ISALES_URL=\S+/.test(output); i++) {
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  const url = /export CEC_ISALES_URL=(\S+)/.exec(output)?.[1];
  if (!url) {
    child.kill();
    throw new Error(`cec simulate ${faults.join(" ")} did not start:\n${output}`);
  }
  return {
    url,
    async stop() {
      child.kill("SIGINT");
      await exited;
      return Number(/stopped after (\d+) requests/.exec(output)?.[1] ?? -1);
    },
  };
}

function clients(url: string, options: RetryFetchOptions) {
  const signed = retryFetch(authV2Fetch(new AkSkSigner({ accessKey: "demo-ak", secretKey: "demo-sk", logger: null })), { ...options, logger });
  const tokens = new BearerTokenProvider({ baseUrl: url, appKey: "demo-app-key", appSecret: "demo-app-secret", retry: options, retryLogger: logger });
  return {
    isales: createClient<paths>({ baseUrl: url, fetch: signed }),
    dataprocess: createClient<paths>({ baseUrl: url, fetch: retryFetch(bearerFetch(tokens), { ...options, logger }) }),
  };
}

const detail = { params: { path: { vdnId: 8, callId: "1644464743-1388" } } };
const update = { params: { path: { vdnId: 8 } }, body: { appointId: "174738152455111432454674595509", failCode: "00000" } };
const recordsQuery = { body: { subCcNo: "1", vdn: "1", callId: "1669464198-17002955" } };

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
    return undefined;
  } catch (error) {
    return error;
  }
}

console.log("--- --error-rate 1: every request answered 503");
{
  const sim = await simulator("--error-rate", "1");
  const { isales } = clients(sim.url, FAST);
  retries = 0;
  const read = await isales.GET(DETAIL, detail);
  const written = await isales.POST(UPDATE, update);
  const count = await sim.stop();
  check("a read: 503 after 3 attempts (2 retries, the default); the update: 503 after 1",
    read.response.status === 503 && written.response.status === 503 && retries === 2);
  check(`4 requests reached the simulator (it counted ${count})`, count === 4);
}

console.log("--- --error-rate 0.5 (seeded): 40 reads with up to 10 retries each, the token request retried too");
{
  const sim = await simulator("--error-rate", "0.5", "--seed", "7");
  const { isales, dataprocess } = clients(sim.url, { maxRetries: 10, initialBackoffMs: 10, maxBackoffMs: 20 });
  retries = 0;
  const details = [];
  const records = [];
  for (let i = 0; i < 20; i++) details.push(await isales.GET(DETAIL, detail));
  for (let i = 0; i < 20; i++) records.push(await dataprocess.POST(RECORDS, recordsQuery));
  const count = await sim.stop();
  check("all 20 getCallResultDetail succeed", details.every((d) => d.data?.resultCode === "0200000"));
  check("all 20 queryCallRecords succeed (with the token it took)", records.every((r) => r.data?.total === 1));
  check(`the simulator counted every attempt: ${count} = 40 calls + 1 token request + ${retries} retries`,
    retries > 5 && count === 41 + retries);
}

console.log("--- --drop-rate 1: every connection closed without a reply");
{
  const sim = await simulator("--drop-rate", "1");
  const { isales } = clients(sim.url, FAST);
  retries = 0;
  const dropped = await rejection(isales.GET(DETAIL, detail));
  const lost = await rejection(isales.POST(UPDATE, update));
  const count = await sim.stop();
  check("a read fails after 3 attempts with fetch's error", dropped instanceof TypeError && retries === 2);
  check("the update throws OutcomeUnknownError (may have been applied) and is not sent again",
    lost instanceof OutcomeUnknownError && /check before sending it again/.test(lost.message));
  check(`4 requests reached the simulator (it counted ${count})`, count === 4);
}

console.log("--- --latency-ms 700 with a 250 ms attempt timeout: every attempt times out");
{
  const sim = await simulator("--latency-ms", "700");
  const { isales } = clients(sim.url, { ...FAST, attemptTimeoutMs: 250 });
  retries = 0;
  let started = performance.now();
  const timedOut = await rejection(isales.GET(DETAIL, detail));
  const readTook = performance.now() - started;
  const readRetries = retries;
  started = performance.now();
  const unknown = await rejection(isales.POST(UPDATE, update));
  const updateTook = performance.now() - started;
  await sim.stop();
  check(`a read times out 3 times (${Math.round(readTook)} ms, 2 retries)`, timedOut !== undefined && readRetries === 2 && readTook >= 750);
  check(`the update times out once and throws OutcomeUnknownError (${Math.round(updateTook)} ms, no retry)`,
    unknown instanceof OutcomeUnknownError && retries === readRetries && updateTook < 500);
}

console.log("--- --latency-ms 200: slow, not failed");
{
  const sim = await simulator("--latency-ms", "200");
  const { isales } = clients(sim.url, FAST);
  retries = 0;
  const slow = await isales.GET(DETAIL, detail);
  const written = await isales.POST(UPDATE, update);
  const count = await sim.stop();
  check("both succeed with no retry, 2 requests",
    slow.data?.resultCode === "0200000" && written.data?.resultCode === "0200000" && retries === 0 && count === 2);
}

console.log("--- --garble-rate 1: a reply cut short and garbled is not retried (as in Rust)");
{
  const sim = await simulator("--garble-rate", "1");
  const { isales } = clients(sim.url, FAST);
  retries = 0;
  const garbled = await rejection(isales.GET(DETAIL, detail));
  const count = await sim.stop();
  check("openapi-fetch cannot parse it; one request", garbled instanceof SyntaxError && count === 1 && retries === 0);
}

console.log("--- --token-forbidden: 403 to the token request is final");
{
  const sim = await simulator("--token-forbidden");
  const { dataprocess } = clients(sim.url, FAST);
  const forbidden = await rejection(dataprocess.POST(RECORDS, recordsQuery));
  const count = await sim.stop();
  check("TokenError naming the allow-list; one request", forbidden instanceof TokenError && /allow-list/.test(forbidden.message) && count === 1);
}

process.exitCode = report("typescript faults");
