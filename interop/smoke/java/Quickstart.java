import huaweicec.auth.AkSkSigner;
import huaweicec.auth.AuthV2HttpClient;
import huaweicec.auth.BearerHttpClient;
import huaweicec.auth.BearerTokenProvider;
import huaweicec.auth.RetryHttpClient;
import huaweicec.auth.RetryPolicy;
import huaweicec.client.ApiClient;
import huaweicec.client.api.CmsApi;
import huaweicec.client.api.DataprocessApi;
import huaweicec.client.api.IsalesApi;
import huaweicec.client.model.CallRecordsRequest;
import huaweicec.client.model.CallRecordsResponse;
import huaweicec.client.model.CallResultDetailResponse;
import java.net.http.HttpClient;

public class Quickstart {
  static String env(String name) {
    String value = System.getenv(name);
    if (value == null || value.isEmpty()) throw new IllegalStateException("set " + name);
    return value;
  }

  /**
   * One API object per host, each with its own base URL; its HttpClient signs or sends the token,
   * and RetryHttpClient (opt-in) retries what is safe to retry, each attempt signed anew.
   */
  record Clients(IsalesApi isales, CmsApi cms, DataprocessApi dataprocess, BearerTokenProvider tokens) {}

  static ApiClient client(HttpClient.Builder http, String baseUrlVariable) {
    return new ApiClient(http, ApiClient.createDefaultObjectMapper(), env(baseUrlVariable));
  }

  static Clients connect() {
    AkSkSigner signer = AkSkSigner.fromEnv(); // CEC_AK, CEC_SK, CEC_SIGNING_PROFILE (default: documented)
    BearerTokenProvider tokens = BearerTokenProvider.fromEnv( // CEC_APP_KEY, CEC_APP_SECRET, CEC_APIACCESS_URL
        new BearerTokenProvider.Options().retry(RetryPolicy.DEFAULT)); // token requests retried too
    return new Clients(
        new IsalesApi(client(RetryHttpClient.builder(AuthV2HttpClient.builder(signer)), "CEC_ISALES_URL")),
        new CmsApi(client(RetryHttpClient.builder(AuthV2HttpClient.builder(signer)), "CEC_CMS_URL")),
        new DataprocessApi(client(RetryHttpClient.builder(BearerHttpClient.builder(tokens)), "CEC_APIACCESS_URL")),
        tokens);
  }

  public static void main(String[] args) throws Exception {
    Clients cec = connect();

    // Signed (auth-v2). A business failure is an HTTP 200 with another resultCode.
    CallResultDetailResponse detail = cec.isales().getCallResultDetail(8, "1644464743-1388");
    if (!"0200000".equals(detail.getResultCode()) || detail.getData() == null) {
      throw new IllegalStateException("getCallResultDetail failed: " + detail);
    }
    System.out.println("call status: " + detail.getData().getCallStatus().getActualInstance());

    // Bearer token: fetched, cached and renewed by the provider (X-APP-Key too: the two nulls).
    // An HTTP error status throws ApiException.
    CallRecordsResponse records = cec.dataprocess().queryCallRecords(
        new CallRecordsRequest().subCcNo("1").vdn("1").callId("1669464198-17002955"), null, null);
    System.out.println("call records: " + records.getTotal().getActualInstance());
  }
}
