import { AkSkSigner, BearerTokenProvider, authV2Fetch, bearerFetch, retryFetch } from "@huawei-cec/auth";
import { CmsApi, Configuration, DataprocessApi, IsalesApi } from "./huawei-cec-client/index.js"; // openapi-generator's output

function env(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`set ${name}`);
  return value;
}

// One API object per host, each with its own base path. The helper's fetch wrappers as
// fetchApi: each attempt signed anew (authV2Fetch sends the Host header the signature covers
// under host=no-port, java-demo), retried by retryFetch (opt-in) where that is safe.
const signed = { fetchApi: retryFetch(authV2Fetch(AkSkSigner.fromEnv())) }; // CEC_AK, CEC_SK, CEC_SIGNING_PROFILE
export const isales = new IsalesApi(new Configuration({ basePath: env("CEC_ISALES_URL"), ...signed }));
export const cms = new CmsApi(new Configuration({ basePath: env("CEC_CMS_URL"), ...signed }));
export const tokens = BearerTokenProvider.fromEnv(process.env, { retry: {} }); // CEC_APP_KEY, CEC_APP_SECRET, CEC_APIACCESS_URL
const bearer = { fetchApi: retryFetch(bearerFetch(tokens)) };
export const dataprocess = new DataprocessApi(new Configuration({ basePath: env("CEC_APIACCESS_URL"), ...bearer }));

// Signed (auth-v2). A business failure is an HTTP 200 with another resultCode.
export const detail = await isales.getCallResultDetail({ vdnId: 8, callId: "1644464743-1388" });
if (detail.resultCode !== "0200000") throw new Error(`getCallResultDetail failed: ${JSON.stringify(detail)}`);
console.log("call status:", detail.data?.callStatus);

// Bearer token: fetched and cached by the provider. An HTTP error status throws ResponseError.
export const records = await dataprocess.queryCallRecords({
  callRecordsRequest: { subCcNo: "1", vdn: "1", callId: "1669464198-17002955" },
});
console.log("call records:", records.total);
