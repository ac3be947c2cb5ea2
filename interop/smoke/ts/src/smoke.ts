/**
 * Smoke test: openapi-typescript's types of spec/huawei-cec.yaml with openapi-fetch, and the
 * installed signing helper @huawei-cec/auth, call a running simulator as a user would.
 *
 * Importing quickstart.ts (the TypeScript example of docs/other-languages.md, byte for byte)
 * runs it: one client per host from CEC_ISALES_URL, CEC_CMS_URL and CEC_APIACCESS_URL,
 * auth-v2 from CEC_AK, CEC_SK and CEC_SIGNING_PROFILE, the bearer token from CEC_APP_KEY and
 * CEC_APP_SECRET. Then, with its clients, the other operations, the token interface, a
 * business failure (an HTTP 200 with resultCode 0200007) and a data-process 400, each read
 * as the type openapi-typescript gives its reply. Run by interop/smoke.sh.
 */
import createClient from "openapi-fetch";
import { profileFromEnv, profileToString } from "@huawei-cec/auth";
import type { paths } from "./huawei-cec.js";
import { check, env, report } from "./checks.js";

console.log(`signing profile (CEC_SIGNING_PROFILE): ${profileToString(profileFromEnv())}`);
console.log("--- quickstart.ts (the example of docs/other-languages.md)");
const { cms, dataprocess, detail, isales, records, tokens } = await import("./quickstart.js");
console.log("--- the other operations, with the quickstart's clients");

const DETAIL = "/rest/isales/v1/openapi/campaigns/{vdnId}/callresultdetail/{callId}";
const RECORDS = "/apiaccess/rest/dataprocess/v1/openapp/queryCallManualDetailInfo";

check(
  "getCallResultDetail (quickstart) read the page's call: status 6",
  detail.data?.data?.callId === "1644464743-1388" && String(detail.data.data.callStatus) === "6",
);
const first = records.data?.results?.[0];
check(
  "queryCallRecords (quickstart) found the page's call with satisfaction 1, one token request",
  records.data?.total === 1 && first?.callId === "1669464198-17002955" && first.evaluationValue === "1" &&
    tokens.tokenRequests === 1,
);

// The token interface itself (what BearerTokenProvider calls).
const open = createClient<paths>({ baseUrl: env("CEC_APIACCESS_URL") });
const token = await open.POST("/apigovernance/api/oauth/tokenByAkSk", {
  body: { app_key: env("CEC_APP_KEY"), app_secret: env("CEC_APP_SECRET") },
});
check(
  "createToken returns a token, its lifetime in Expires (a numeric string) and no refresh token",
  token.response.status === 200 && !!token.data?.AccessToken && token.data.ApplyType === "Bearer" &&
    typeof token.data.Expires === "string" && /^[0-9]+$/.test(token.data.Expires) &&
    !Object.keys(token.data).some((key) => /refresh/i.test(key)),
);

const external = await isales.GET("/rest/isales/v1/openapi/campaigns/{vdnId}/{defId}/queryObsResultDetail", {
  params: { path: { vdnId: 40, defId: 1402245659 } },
});
check(
  "getExternalResult maps failure codes 34609 and 00008",
  external.data?.resultCode === "0200000" &&
    JSON.stringify(external.data.obResult?.resultMapList?.map((m) => m.failCode)) === '["34609","00008"]',
);
const cdr = await cms.POST("/rest/cmsapp/v1/openapi/calldata/querycalldetailbyid", {
  body: { queryParam: { ccId: 1, isCallin: "true", callId: "1000000000-0001" } },
});
check(
  'queryCdrByCallId reads agent 100 under "agentId "',
  cdr.data?.resultCode === "0100000" && cdr.data.resultDatas?.["agentId "] === 100,
);
const update = await isales.POST("/rest/isales/v1/openapi/campaigns/{vdnId}/appoint/updateResult", {
  params: { path: { vdnId: 8 } },
  body: { appointId: "174738152455111432454674595509", failCode: "00000" },
});
check("updateReservedCallResult succeeds", update.data?.resultCode === "0200000");

// Failures, read as the types of their replies.
const missing = await isales.GET(DETAIL, { params: { path: { vdnId: 8, callId: "no-such-call" } } });
check(
  "an unknown call ID: HTTP 200, CallResultDetailResponse with resultCode 0200007",
  missing.response.status === 200 && missing.data?.resultCode === "0200007",
);
const bad = await dataprocess.POST(RECORDS, { body: { subCcNo: "1", vdn: "1" } });
check(
  "queryCallRecords without callId or dates: HTTP 400, ErrorBody saying what is missing",
  bad.response.status === 400 && bad.data === undefined && String(bad.error?.["error_msg"]).includes("beginDate"),
);
const unsigned = await createClient<paths>({ baseUrl: env("CEC_ISALES_URL") }).GET(DETAIL, {
  params: { path: { vdnId: 8, callId: "1644464743-1388" } },
});
check("an unsigned request is refused: HTTP 401, ErrorBody", unsigned.response.status === 401 && unsigned.error !== undefined);
const forged = await createClient<paths>({
  baseUrl: env("CEC_APIACCESS_URL"),
  headers: { Authorization: "Bearer forged" },
}).POST(RECORDS, { body: { subCcNo: "1", vdn: "1", callId: "x" } });
check("a forged token is refused: HTTP 401, ErrorBody", forged.response.status === 401 && forged.error !== undefined);

process.exitCode = report("typescript smoke (openapi-fetch)");
