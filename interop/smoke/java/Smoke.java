import huaweicec.auth.SigningProfile;
import huaweicec.client.ApiClient;
import huaweicec.client.ApiException;
import huaweicec.client.api.AuthApi;
import huaweicec.client.api.DataprocessApi;
import huaweicec.client.api.IsalesApi;
import huaweicec.client.model.CallRecordsRequest;
import huaweicec.client.model.CallRecordsResponse;
import huaweicec.client.model.CallResultDetailResponse;
import huaweicec.client.model.CdrQueryParam;
import huaweicec.client.model.CdrQueryRequest;
import huaweicec.client.model.CdrQueryResponse;
import huaweicec.client.model.ExternalResultResponse;
import huaweicec.client.model.ResultMapping;
import huaweicec.client.model.TokenRequest;
import huaweicec.client.model.TokenResponse;
import huaweicec.client.model.UpdateResultRequest;
import huaweicec.client.model.UpdateResultResponse;
import java.net.http.HttpClient;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Smoke test: the Java client generated from spec/huawei-cec.yaml (openapi-generator java,
 * --library native), with the signing helper huawei-cec-auth, calls a running simulator as a
 * user would and gets the expected data.
 *
 * <p>It first runs Quickstart (the Java example of docs/other-languages.md, byte for byte), then,
 * with clients made as the quickstart makes them, the other operations, the token interface, a
 * business failure (HTTP 200, resultCode 0200007), a data-process 400, an unsigned request and a
 * forged token (401), each decoded into the generated model of its reply. Run by
 * interop/smoke.sh (step java).
 */
public final class Smoke {
  private static final List<String> FAILED = new ArrayList<>();
  private static int passed;

  private static void expect(String what, boolean ok) {
    System.out.println((ok ? "ok   " : "FAIL ") + what);
    if (ok) {
      passed++;
    } else {
      FAILED.add(what);
    }
  }

  private static int status(ThrowingCall call) {
    try {
      call.run();
      return 200;
    } catch (ApiException e) {
      lastBody = e.getResponseBody();
      return e.getCode();
    }
  }

  private interface ThrowingCall {
    void run() throws ApiException;
  }

  private static String lastBody;

  public static void main(String[] args) throws Exception {
    SigningProfile profile = SigningProfile.fromEnv();
    System.out.println("signing profile (CEC_SIGNING_PROFILE): " + profile);
    System.out.println("--- Quickstart (the example of docs/other-languages.md)");
    Quickstart.main(args);
    System.out.println("--- the other operations, with clients made as the quickstart makes them");
    Quickstart.Clients cec = Quickstart.connect();

    CallResultDetailResponse detail = cec.isales().getCallResultDetail(8, "1644464743-1388");
    expect("getCallResultDetail reads the page's call: callStatus \"6\" (a oneOf integer | string)",
        "0200000".equals(detail.getResultCode()) && "1644464743-1388".equals(detail.getData().getCallId())
            && "6".equals(String.valueOf(detail.getData().getCallStatus().getActualInstance())));
    CallRecordsRequest query = new CallRecordsRequest().subCcNo("1").vdn("1").callId("1669464198-17002955");
    CallRecordsResponse records = cec.dataprocess().queryCallRecords(query, null, null);
    cec.dataprocess().queryCallRecords(query, null, null);
    expect("queryCallRecords finds the page's call with satisfaction 1, twice with one token request",
        "1".equals(String.valueOf(records.getTotal().getActualInstance()))
            && "1669464198-17002955".equals(records.getResults().get(0).getCallId())
            && "1".equals(records.getResults().get(0).getEvaluationValue())
            && cec.tokens().tokenRequests() == 1);

    // The token interface itself (what BearerTokenProvider calls), through the generated client.
    AuthApi auth = new AuthApi(Quickstart.client(HttpClient.newBuilder(), "CEC_APIACCESS_URL"));
    TokenResponse token = auth.createToken(
        new TokenRequest().appKey(Quickstart.env("CEC_APP_KEY")).appSecret(Quickstart.env("CEC_APP_SECRET")), 600);
    expect("createToken returns a token, its lifetime in Expires (a numeric string) and no refresh token",
        token.getAccessToken() != null && !token.getAccessToken().isEmpty()
            && token.getExpires().getActualInstance() instanceof String expires && expires.matches("[0-9]+")
            && "Bearer".equals(token.getApplyType()));

    ExternalResultResponse external = cec.isales().getExternalResult(40, 1402245659L);
    expect("getExternalResult maps failure codes 34609 and 00008",
        "0200000".equals(external.getResultCode()) && external.getObResult().getResultMapList().stream()
            .map(ResultMapping::getFailCode).toList().equals(List.of("34609", "00008")));
    CdrQueryResponse cdr = cec.cms().queryCdrByCallId(new CdrQueryRequest().queryParam(new CdrQueryParam()
        .ccId(1).isCallin(CdrQueryParam.IsCallinEnum.TRUE).callId("1000000000-0001")));
    expect("queryCdrByCallId reads agent 100 under \"agentId \"",
        "0100000".equals(cdr.getResultCode()) && Long.valueOf(100).equals(cdr.getResultDatas().getAgentId()));
    UpdateResultResponse update = cec.isales().updateReservedCallResult(8,
        new UpdateResultRequest().appointId("174738152455111432454674595509").failCode("00000"));
    expect("updateReservedCallResult succeeds", "0200000".equals(update.getResultCode()));

    // Failures, decoded into the generated models or thrown as ApiException.
    CallResultDetailResponse missing = cec.isales().getCallResultDetail(8, "no-such-call");
    expect("an unknown call ID: HTTP 200, CallResultDetailResponse with resultCode 0200007",
        "0200007".equals(missing.getResultCode()));
    int bad = status(() -> cec.dataprocess().queryCallRecords(new CallRecordsRequest().subCcNo("1").vdn("1"), null, null));
    expect("queryCallRecords without callId or dates: ApiException 400 saying what is missing",
        bad == 400 && lastBody != null && lastBody.contains("beginDate"));
    IsalesApi unsigned = new IsalesApi(Quickstart.client(HttpClient.newBuilder(), "CEC_ISALES_URL"));
    expect("an unsigned request is refused: ApiException 401",
        status(() -> unsigned.getCallResultDetail(8, "1644464743-1388")) == 401);
    DataprocessApi forged = new DataprocessApi(Quickstart.client(HttpClient.newBuilder(), "CEC_APIACCESS_URL"));
    expect("a forged token is refused: ApiException 401", status(() -> forged.queryCallRecords(
        query, null, null, Map.of("Authorization", "Bearer forged"))) == 401);

    System.out.println("java smoke: " + passed + " passed, " + FAILED.size() + " failed");
    System.exit(FAILED.isEmpty() ? 0 : 1);
  }
}
