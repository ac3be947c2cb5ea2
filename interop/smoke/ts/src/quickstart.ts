import createClient from "openapi-fetch";
import { AkSkSigner, BearerTokenProvider, authV2Fetch, bearerFetch, retryFetch } from "@huawei-cec/auth";
import type { paths } from "./huawei-cec.js"; // openapi-typescript's output, huawei-cec.d.ts

function env(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`set ${name}`);
  return value;
}

// One client per host, each with its own base URL. retryFetch (opt-in) retries what is safe
// to retry, each attempt signed anew; `retry: {}` does the same for token requests.
const signed = retryFetch(authV2Fetch(AkSkSigner.fromEnv())); // CEC_AK, CEC_SK, CEC_SIGNING_PROFILE (default: documented)
export const isales = createClient<paths>({ baseUrl: env("CEC_ISALES_URL"), fetch: signed });
export const cms = createClient<paths>({ baseUrl: env("CEC_CMS_URL"), fetch: signed });
export const tokens = BearerTokenProvider.fromEnv(process.env, { retry: {} }); // CEC_APP_KEY, CEC_APP_SECRET, CEC_APIACCESS_URL
export const dataprocess = createClient<paths>({ baseUrl: env("CEC_APIACCESS_URL"), fetch: retryFetch(bearerFetch(tokens)) });

// Signed (auth-v2). A business failure is an HTTP 200 with another resultCode.
export const detail = await isales.GET("/rest/isales/v1/openapi/campaigns/{vdnId}/callresultdetail/{callId}", {
  params: { path: { vdnId: 8, callId: "1644464743-1388" } },
});
if (detail.data?.resultCode !== "0200000") {
  throw new Error(`getCallResultDetail failed: HTTP ${detail.response.status} ${JSON.stringify(detail.data ?? detail.error)}`);
}
console.log("call status:", detail.data.data?.callStatus);

// Bearer token: fetched, cached and renewed by the provider.
export const records = await dataprocess.POST("/apiaccess/rest/dataprocess/v1/openapp/queryCallManualDetailInfo", {
  body: { subCcNo: "1", vdn: "1", callId: "1669464198-17002955" },
});
if (!records.data) throw new Error(`queryCallRecords failed: HTTP ${records.response.status}`);
console.log("call records:", records.data.total);
