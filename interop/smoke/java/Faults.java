import huaweicec.auth.AkSkSigner;
import huaweicec.auth.AuthV2HttpClient;
import huaweicec.auth.BearerHttpClient;
import huaweicec.auth.BearerTokenProvider;
import huaweicec.auth.OutcomeUnknownException;
import huaweicec.auth.RetryHttpClient;
import huaweicec.auth.RetryPolicy;
import huaweicec.auth.TokenException;
import huaweicec.client.ApiClient;
import huaweicec.client.ApiException;
import huaweicec.client.api.CmsApi;
import huaweicec.client.api.DataprocessApi;
import huaweicec.client.api.IsalesApi;
import huaweicec.client.model.CallRecordsRequest;
import huaweicec.client.model.CallRecordsResponse;
import huaweicec.client.model.CallResultDetailResponse;
import huaweicec.client.model.CdrQueryParam;
import huaweicec.client.model.CdrQueryRequest;
import huaweicec.client.model.UpdateResultRequest;
import huaweicec.client.model.UpdateResultResponse;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The retry layer against `cec simulate`'s faults: the generated Java client with the signing
 * helper's RetryHttpClient (and the token provider's retry) calls simulators started with
 * --error-rate, --drop-rate, --latency-ms, --garble-rate and --token-forbidden, and counts what
 * reached each simulator (it prints "stopped after N requests" on Ctrl-C), as
 * interop/smoke/python/faults.py and ts/src/faults.ts do.
 *
 * <p>The read operations are retried as the Rust client retries them; the update is never sent
 * again once it may have been sent. (The simulator counts a request when it answers: the ones
 * a client gave up waiting for are not counted.) Run by interop/smoke.sh (step java) with the packaged cec:
 * java Faults CEC
 */
public final class Faults {
  private static final String CALL = "1644464743-1388";
  private static final RetryPolicy FAST =
      RetryPolicy.DEFAULT.withInitialBackoff(Duration.ofMillis(20)).withMaxBackoff(Duration.ofMillis(50));
  private static final List<Boolean> CHECKS = new ArrayList<>();
  private static final AtomicInteger RETRIES = new AtomicInteger();
  private static final Logger RETRY_LOG = Logger.getLogger("huaweicec.auth.retry");

  private static void expect(String what, boolean ok) {
    CHECKS.add(ok);
    System.out.println((ok ? "ok   " : "FAIL ") + what);
  }

  private static UpdateResultRequest update() {
    return new UpdateResultRequest().appointId("174738152455111432454674595509").failCode("00000");
  }

  private static CallRecordsRequest records() {
    return new CallRecordsRequest().subCcNo("1").vdn("1").callId("1669464198-17002955");
  }

  /** `cec simulate --port 0 FAULTS...`; closing stops it with SIGINT and reads its request count. */
  static final class Simulator implements AutoCloseable {
    private static final Pattern EXPORT = Pattern.compile("export CEC_ISALES_URL=(\\S+)");
    private static final Pattern STOPPED = Pattern.compile("stopped after (\\d+) requests");
    final Process process;
    final String url;
    private final CompletableFuture<String> rest;
    int requests = -1;

    Simulator(String cec, String... faults) throws IOException {
      List<String> command = new ArrayList<>(List.of(cec, "simulate", "--port", "0"));
      command.addAll(List.of(faults));
      process = new ProcessBuilder(command).redirectErrorStream(true).start();
      BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
      String found = null;
      for (String line = out.readLine(); line != null; line = out.readLine()) {
        Matcher m = EXPORT.matcher(line);
        if (m.find()) {
          found = m.group(1);
          break;
        }
      }
      if (found == null) {
        process.destroyForcibly();
        throw new IllegalStateException("cec simulate " + String.join(" ", faults) + " did not start");
      }
      url = found;
      rest = CompletableFuture.supplyAsync(() -> {
        StringBuilder text = new StringBuilder();
        try {
          for (String line = out.readLine(); line != null; line = out.readLine()) {
            text.append(line).append('\n');
          }
        } catch (IOException e) {
          text.append(e);
        }
        return text.toString();
      });
    }

    @Override
    public void close() throws Exception {
      new ProcessBuilder("kill", "-INT", Long.toString(process.pid())).inheritIO().start().waitFor();
      if (!process.waitFor(30, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
      Matcher m = STOPPED.matcher(rest.get(30, TimeUnit.SECONDS));
      requests = m.find() ? Integer.parseInt(m.group(1)) : -1;
    }
  }

  static ApiClient api(java.net.http.HttpClient.Builder http, String url, Duration timeout) {
    ApiClient api = new ApiClient(http, ApiClient.createDefaultObjectMapper(), url);
    if (timeout != null) {
      api.setReadTimeout(timeout); // the time allowed for each attempt
    }
    return api;
  }

  static IsalesApi isales(String url, RetryPolicy policy, Duration timeout) {
    AkSkSigner signer = new AkSkSigner("demo-ak", "demo-sk");
    return new IsalesApi(api(RetryHttpClient.builder(AuthV2HttpClient.builder(signer), policy), url, timeout));
  }

  static CmsApi cms(String url, RetryPolicy policy) {
    AkSkSigner signer = new AkSkSigner("demo-ak", "demo-sk");
    return new CmsApi(api(RetryHttpClient.builder(AuthV2HttpClient.builder(signer), policy), url, null));
  }

  static CdrQueryRequest cdr() {
    return new CdrQueryRequest().queryParam(new CdrQueryParam()
        .ccId(1).isCallin(CdrQueryParam.IsCallinEnum.TRUE).callId("1000000000-0001"));
  }

  static DataprocessApi dataprocess(String url, RetryPolicy policy) {
    BearerTokenProvider tokens = new BearerTokenProvider(url, "demo-app-key", "demo-app-secret",
        new BearerTokenProvider.Options().retry(policy));
    return new DataprocessApi(api(RetryHttpClient.builder(BearerHttpClient.builder(tokens), policy), url, null));
  }

  interface Call {
    void run() throws ApiException;
  }

  /** The ApiException a call throws, or null. */
  static ApiException fails(Call call) {
    try {
      call.run();
      return null;
    } catch (ApiException e) {
      return e;
    }
  }

  public static void main(String[] args) throws Exception {
    if (args.length != 1) {
      throw new IllegalArgumentException("usage: java Faults CEC");
    }
    String cec = args[0];
    RETRY_LOG.setLevel(Level.ALL);
    RETRY_LOG.addHandler(new Handler() {
      @Override
      public void publish(LogRecord r) {
        if (r.getMessage().contains("retrying in") || r.getMessage().contains("Retry-After asks before")) {
          RETRIES.incrementAndGet();
        }
      }

      @Override
      public void flush() {}

      @Override
      public void close() {}
    });
    RETRY_LOG.setUseParentHandlers(false);

    System.out.println("--- --error-rate 1: every request answered 503");
    Simulator sim1 = new Simulator(cec, "--error-rate", "1");
    ApiException read;
    ApiException updated;
    try (sim1) {
      IsalesApi isales = isales(sim1.url, FAST, null);
      RETRIES.set(0);
      read = fails(() -> isales.getCallResultDetail(8, CALL));
      updated = fails(() -> isales.updateReservedCallResult(8, update()));
    }
    expect("a read: ApiException 503 after 3 attempts (2 retries, the default); the update: 503 after 1",
        read != null && read.getCode() == 503 && updated != null && updated.getCode() == 503 && RETRIES.get() == 2);
    expect("4 requests reached the simulator (it counted " + sim1.requests + ")", sim1.requests == 4);

    System.out.println("--- --error-rate 0.5 (seeded): 40 reads with up to 10 retries each, the token request retried too");
    RetryPolicy patient = RetryPolicy.DEFAULT.withMaxRetries(10)
        .withInitialBackoff(Duration.ofMillis(10)).withMaxBackoff(Duration.ofMillis(20));
    Simulator sim2 = new Simulator(cec, "--error-rate", "0.5", "--seed", "7");
    int detailsOk = 0;
    int recordsOk = 0;
    try (sim2) {
      IsalesApi isales = isales(sim2.url, patient, null);
      DataprocessApi dataprocess = dataprocess(sim2.url, patient);
      RETRIES.set(0);
      for (int i = 0; i < 20; i++) {
        CallResultDetailResponse d = isales.getCallResultDetail(8, CALL);
        detailsOk += "0200000".equals(d.getResultCode()) ? 1 : 0;
      }
      for (int i = 0; i < 20; i++) {
        CallRecordsResponse r = dataprocess.queryCallRecords(records(), null, null);
        recordsOk += "1".equals(String.valueOf(r.getTotal().getActualInstance())) ? 1 : 0;
      }
    }
    expect("all 20 getCallResultDetail succeed", detailsOk == 20);
    expect("all 20 queryCallRecords succeed (with the token it took)", recordsOk == 20);
    expect("the simulator counted every attempt: " + sim2.requests + " = 40 calls + 1 token request + "
        + RETRIES.get() + " retries", RETRIES.get() > 5 && sim2.requests == 41 + RETRIES.get());

    System.out.println("--- --drop-rate 1: every connection closed without a reply");
    Simulator sim3 = new Simulator(cec, "--drop-rate", "1");
    ApiException dropped;
    ApiException lost;
    try (sim3) {
      CmsApi cms = cms(sim3.url, FAST);
      IsalesApi isales = isales(sim3.url, FAST, null);
      RETRIES.set(0);
      dropped = fails(() -> cms.queryCdrByCallId(cdr()));
      lost = fails(() -> isales.updateReservedCallResult(8, update()));
    }
    expect("a read (queryCdrByCallId) fails after 3 attempts with java.net.http's IOException",
        dropped != null && dropped.getCause() instanceof IOException
            && !(dropped.getCause() instanceof OutcomeUnknownException) && RETRIES.get() == 2);
    expect("the update: OutcomeUnknownException (may have been applied), not sent again",
        lost != null && lost.getCause() instanceof OutcomeUnknownException
            && lost.getCause().getMessage().contains("check before sending it again"));
    expect("4 requests reached the simulator (it counted " + sim3.requests + ")", sim3.requests == 4);
    Simulator sim3b = new Simulator(cec, "--drop-rate", "1");
    ApiException droppedGet;
    try (sim3b) {
      IsalesApi isales = isales(sim3b.url, FAST, null);
      RETRIES.set(0);
      droppedGet = fails(() -> isales.getCallResultDetail(8, CALL));
    }
    expect("a GET (getCallResultDetail) fails after 3 attempts, each sent twice by java.net.http itself"
        + " (it resends a GET whose connection closes before any reply): " + sim3b.requests + " requests",
        droppedGet != null && RETRIES.get() == 2 && sim3b.requests == 6);

    System.out.println("--- --latency-ms 700 with a 0.25 s timeout per attempt: every attempt times out");
    Simulator sim4 = new Simulator(cec, "--latency-ms", "700");
    ApiException timedOut;
    ApiException unknown;
    double readTook;
    double updateTook;
    int readRetries;
    try (sim4) {
      IsalesApi isales = isales(sim4.url, FAST, Duration.ofMillis(250));
      RETRIES.set(0);
      long started = System.nanoTime();
      timedOut = fails(() -> isales.getCallResultDetail(8, CALL));
      readTook = (System.nanoTime() - started) / 1e9;
      readRetries = RETRIES.get();
      started = System.nanoTime();
      unknown = fails(() -> isales.updateReservedCallResult(8, update()));
      updateTook = (System.nanoTime() - started) / 1e9;
    }
    expect(String.format("a read times out 3 times (%.2f s, 2 retries)", readTook), timedOut != null
        && timedOut.getCause() instanceof java.net.http.HttpTimeoutException && readRetries == 2 && readTook >= 0.75);
    expect(String.format("the update times out once: OutcomeUnknownException (%.2f s, no retry)", updateTook),
        unknown != null && unknown.getCause() instanceof OutcomeUnknownException
            && RETRIES.get() == readRetries && updateTook < 0.5);

    System.out.println("--- --latency-ms 200 with the default timeout: slow, not failed");
    Simulator sim5 = new Simulator(cec, "--latency-ms", "200");
    CallResultDetailResponse slow;
    UpdateResultResponse done;
    try (sim5) {
      IsalesApi isales = isales(sim5.url, FAST, null);
      RETRIES.set(0);
      slow = isales.getCallResultDetail(8, CALL);
      done = isales.updateReservedCallResult(8, update());
    }
    expect("both succeed with no retry, 2 requests", "0200000".equals(slow.getResultCode())
        && "0200000".equals(done.getResultCode()) && RETRIES.get() == 0 && sim5.requests == 2);

    System.out.println("--- --garble-rate 1: a reply cut short and garbled is not retried (as in Rust)");
    Simulator sim6 = new Simulator(cec, "--garble-rate", "1");
    ApiException garbled;
    try (sim6) {
      IsalesApi isales = isales(sim6.url, FAST, null);
      RETRIES.set(0);
      garbled = fails(() -> isales.getCallResultDetail(8, CALL));
    }
    expect("the generated client cannot decode it: ApiException; one request",
        garbled != null && sim6.requests == 1 && RETRIES.get() == 0);

    System.out.println("--- --token-forbidden: 403 to the token request is final");
    Simulator sim7 = new Simulator(cec, "--token-forbidden");
    ApiException forbidden;
    try (sim7) {
      DataprocessApi dataprocess = dataprocess(sim7.url, FAST);
      forbidden = fails(() -> dataprocess.queryCallRecords(records(), null, null));
    }
    expect("TokenException naming the app key and the allow-list; one request", forbidden != null
        && forbidden.getCause() instanceof TokenException && forbidden.getCause().getMessage().contains("allow-list")
        && sim7.requests == 1);

    long failed = CHECKS.stream().filter(ok -> !ok).count();
    System.out.println("java faults: " + (CHECKS.size() - failed) + " passed, " + failed + " failed");
    System.exit(failed > 0 || CHECKS.isEmpty() ? 1 : 0);
  }
}
