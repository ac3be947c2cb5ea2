/**
 * Smoke test: the typescript-fetch client openapi-generator makes from spec/huawei-cec.yaml,
 * with @huawei-cec/auth's fetch wrappers as fetchApi, calls a running simulator as a user
 * would. Importing quickstart-typescript-fetch.ts (byte for byte the typescript-fetch example
 * of docs/other-languages.md) runs it; then, with its API objects, the other operations, the
 * token interface and two failures, each read as the generated model of its reply (an HTTP
 * error status throws ResponseError, whose body is read by hand). Run by interop/smoke.sh.
 */
import { profileFromEnv, profileToString } from "@huawei-cec/auth";
import { AuthApi, IsalesApi, Configuration, ResponseError } from "./huawei-cec-client/index.js";
import { check, env, report } from "./checks.js";

console.log(`signing profile (CEC_SIGNING_PROFILE): ${profileToString(profileFromEnv())}`);
console.log("--- quickstart-typescript-fetch.ts (the example of docs/other-languages.md)");
const { cms, dataprocess, detail, isales, records, tokens } = await import("./quickstart-typescript-fetch.js");
console.log("--- the other operations, with the quickstart's API objects");

/** The HTTP status and JSON body of the ResponseError a call throws, or undefined if it succeeds. */
async function failure(call: Promise<unknown>): Promise<{ status: number; body: Record<string, unknown> } | undefined> {
  try {
    await call;
    return undefined;
  } catch (error) {
    if (!(error instanceof ResponseError)) throw error;
    return { status: error.response.status, body: (await error.response.json()) as Record<string, unknown> };
  }
}

check(
  "getCallResultDetail (quickstart) read the page's call: status 6",
  detail.data?.callId === "1644464743-1388" && String(detail.data.callStatus) === "6",
);
const first = records.results?.[0];
check(
  "queryCallRecords (quickstart) found the page's call with satisfaction 1, one token request",
  records.total === 1 && first?.callId === "1669464198-17002955" && first.evaluationValue === "1" &&
    tokens.tokenRequests === 1,
);

const token = await new AuthApi(new Configuration({ basePath: env("CEC_APIACCESS_URL") })).createToken({
  tokenRequest: { appKey: env("CEC_APP_KEY"), appSecret: env("CEC_APP_SECRET") },
});
check(
  "createToken returns a token, its lifetime in Expires (a numeric string)",
  token.accessToken.length > 0 && token.applyType === "Bearer" && typeof token.expires === "string" &&
    /^[0-9]+$/.test(token.expires),
);

const external = await isales.getExternalResult({ vdnId: 40, defId: 1402245659 });
check(
  "getExternalResult maps failure codes 34609 and 00008",
  external.resultCode === "0200000" &&
    JSON.stringify(external.obResult?.resultMapList?.map((m) => m.failCode)) === '["34609","00008"]',
);
const cdr = await cms.queryCdrByCallId({
  cdrQueryRequest: { queryParam: { ccId: 1, isCallin: "true", callId: "1000000000-0001" } },
});
check('queryCdrByCallId reads agent 100 under "agentId "', cdr.resultCode === "0100000" && cdr.resultDatas?.agentId === 100);
const update = await isales.updateReservedCallResult({
  vdnId: 8,
  updateResultRequest: { appointId: "174738152455111432454674595509", failCode: "00000" },
});
check("updateReservedCallResult succeeds", update.resultCode === "0200000");

// Failures.
const missing = await isales.getCallResultDetailRaw({ vdnId: 8, callId: "no-such-call" });
const missingBody = await missing.value();
check(
  "an unknown call ID: HTTP 200, CallResultDetailResponse with resultCode 0200007",
  missing.raw.status === 200 && missingBody.resultCode === "0200007",
);
const bad = await failure(dataprocess.queryCallRecords({ callRecordsRequest: { subCcNo: "1", vdn: "1" } }));
check(
  "queryCallRecords without callId or dates: ResponseError, HTTP 400, a JSON body saying what is missing",
  bad?.status === 400 && String(bad.body["error_msg"]).includes("beginDate"),
);
const unsigned = await failure(
  new IsalesApi(new Configuration({ basePath: env("CEC_ISALES_URL") })).getCallResultDetail({ vdnId: 8, callId: "1644464743-1388" }),
);
check("an unsigned request is refused: ResponseError, HTTP 401", unsigned?.status === 401);

process.exitCode = report("typescript smoke (typescript-fetch)");
