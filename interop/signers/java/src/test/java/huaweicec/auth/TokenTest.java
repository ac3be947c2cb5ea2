package huaweicec.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The bearer token: against the real simulator, and a recording tokenByAkSk for the odd replies. */
class TokenTest {
  static final String DATA_PATH = "/apiaccess/rest/dataprocess/v1/openapp/queryCallManualDetailInfo";
  static final String QUERY = "{\"subCcNo\":\"1\",\"vdn\":\"1\",\"callId\":\"1669464198-17002955\"}";
  static final String SECRET_TOKEN = "tok-SECRET-0123456789";
  static final String NGINX_403 = "<html><head><title>403 Forbidden</title></head><body><center><h1>403 Forbidden"
      + "</h1></center><hr><center>nginx</center></body></html>";
  static Support.Simulator simulator;

  @BeforeAll
  static void start() throws Exception {
    simulator = new Support.Simulator();
  }

  @AfterAll
  static void stop() throws Exception {
    simulator.close();
  }

  /** A monotonic clock the test moves. */
  static final class FakeClock {
    final AtomicLong nanos = new AtomicLong(1_000_000_000_000L);

    void advance(double seconds) {
      nanos.addAndGet((long) (seconds * 1e9));
    }
  }

  static BearerTokenProvider provider(String url, BearerTokenProvider.Options options) {
    return new BearerTokenProvider(url, Support.APP_KEY, Support.APP_SECRET, options);
  }

  static HttpResponse<String> query(HttpClient client, String base) throws Exception {
    return client.send(HttpRequest.newBuilder(URI.create(base + DATA_PATH))
        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(QUERY)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void aTokenIsRequestedOnceCachedAndSentWithTheAppKey() throws Exception {
    BearerTokenProvider tokens = provider(simulator.url, new BearerTokenProvider.Options());
    HttpClient client = BearerHttpClient.builder(tokens).build();
    for (int i = 0; i < 3; i++) {
      HttpResponse<String> reply = query(client, simulator.url);
      assertEquals(200, reply.statusCode(), reply.body());
      assertTrue(reply.body().contains("1669464198-17002955"), reply.body());
    }
    assertEquals(1, tokens.tokenRequests());
    String token = tokens.token();
    assertEquals(Map.of("Authorization", "Bearer " + token, "X-APP-Key", Support.APP_KEY), tokens.headers(token));
    assertFalse(tokens.toString().contains(token) || tokens.toString().contains(Support.APP_SECRET), tokens.toString());
    assertFalse(client.toString().contains(token) || client.toString().contains(Support.APP_SECRET));
  }

  @ParameterizedTest
  @ValueSource(ints = {600, 100, 3600})
  void renewedShortlyBeforeExpiresOrHalfwayThroughAShortLifetime(int expire) throws Exception {
    FakeClock clock = new FakeClock();
    BearerTokenProvider tokens = provider(simulator.url,
        new BearerTokenProvider.Options().tokenExpire(expire).nanoClock(clock.nanos::get));
    String first = tokens.token();
    double renewAfter = expire > 120 ? expire - 60 : expire / 2.0;
    clock.advance(renewAfter - 0.5);
    assertEquals(first, tokens.token());
    assertEquals(1, tokens.tokenRequests());
    clock.advance(1);
    assertNull(tokens.cached());
    assertNotEquals(first, tokens.token());
    assertEquals(2, tokens.tokenRequests());
  }

  @Test
  void oneTokenRequestHoweverManyThreadsNeedOne() throws Exception {
    try (Support.Simulator slow = new Support.Simulator("--latency-ms", "300")) {
      BearerTokenProvider tokens = provider(slow.url, new BearerTokenProvider.Options());
      ExecutorService pool = Executors.newFixedThreadPool(8);
      CountDownLatch go = new CountDownLatch(1);
      List<Future<String>> results = new ArrayList<>();
      for (int i = 0; i < 8; i++) {
        results.add(pool.submit(() -> {
          go.await();
          return tokens.token();
        }));
      }
      go.countDown();
      List<String> got = new ArrayList<>();
      for (Future<String> result : results) {
        got.add(result.get());
      }
      pool.shutdown();
      assertEquals(Collections.nCopies(8, got.get(0)), got);
      assertEquals(1, tokens.tokenRequests());
    }
  }

  @Test
  void aTokenTheServerNoLongerTakesIsRenewedOnceAndTheCallSentAgain() throws Exception {
    // The simulator grants 1 s; the provider's clock stands still, so it still believes the
    // token fresh when the simulator has let it expire: the call gets a 401.
    FakeClock clock = new FakeClock();
    BearerTokenProvider tokens = provider(simulator.url,
        new BearerTokenProvider.Options().tokenExpire(1).nanoClock(clock.nanos::get));
    HttpClient client = BearerHttpClient.builder(tokens).build();
    assertEquals(200, query(client, simulator.url).statusCode());
    String first = tokens.cached();
    Thread.sleep(1500);
    assertEquals(first, tokens.cached(), "the provider still believes its token");
    HttpResponse<String> reply = query(client, simulator.url);
    assertEquals(200, reply.statusCode(), reply.body());
    assertEquals(2, tokens.tokenRequests());
    assertNotEquals(first, tokens.cached());
    Thread.sleep(1500);
    HttpResponse<String> async = client.sendAsync(HttpRequest.newBuilder(URI.create(simulator.url + DATA_PATH))
        .POST(HttpRequest.BodyPublishers.ofString(QUERY)).build(), HttpResponse.BodyHandlers.ofString()).get();
    assertEquals(200, async.statusCode(), async.body());
    assertEquals(3, tokens.tokenRequests());
  }

  /** tokenByAkSk issuing tok-1, tok-2...; a data endpoint accepting the tokens in `valid`. */
  static final class TokenServer {
    final Support.Recorder recorder;
    final AtomicInteger issued = new AtomicInteger();
    final List<String> valid = Collections.synchronizedList(new ArrayList<>());

    TokenServer(Support.Recorder recorder) {
      this.recorder = recorder;
      recorder.handler = r -> {
        if (r.target().equals(BearerTokenProvider.TOKEN_PATH)) {
          String token = "tok-" + issued.incrementAndGet();
          valid.add(token);
          return Support.Reply.json(200, "{\"AccessToken\":\"" + token + "\",\"ApplyType\":\"Bearer\",\"Expires\":600}");
        }
        String sent = r.header("Authorization") == null ? "" : r.header("Authorization").replace("Bearer ", "");
        return valid.contains(sent) ? Support.Reply.json(200, "{\"token\":\"" + sent + "\"}")
            : Support.Reply.json(401, "{\"error\":\"unauthorized\"}");
      };
    }

    List<Support.Received> data() {
      return recorder.received.stream().filter(r -> !r.target().equals(BearerTokenProvider.TOKEN_PATH)).toList();
    }

    List<Support.Received> tokenRequests() {
      return recorder.received.stream().filter(r -> r.target().equals(BearerTokenProvider.TOKEN_PATH)).toList();
    }
  }

  @Test
  void theTokenRequestAsSentAndOneRenewalAfterA401NotMore() throws Exception {
    try (Support.Recorder recorder = new Support.Recorder()) {
      TokenServer server = new TokenServer(recorder);
      BearerTokenProvider tokens = provider(recorder.url() + "/", new BearerTokenProvider.Options().tokenExpire(900));
      HttpClient client = BearerHttpClient.builder(tokens).build();
      assertEquals(200, query(client, recorder.url()).statusCode());
      Support.Received tokenRequest = server.tokenRequests().get(0);
      assertEquals("POST", tokenRequest.method());
      assertEquals("{\"app_key\":\"demo-app-key\",\"app_secret\":\"demo-app-secret\"}", tokenRequest.text());
      assertEquals("application/json", tokenRequest.header("Content-Type"));
      assertEquals("900", tokenRequest.header("X-Token-Expire"));

      server.valid.clear(); // the server forgets tok-1
      assertEquals(200, query(client, recorder.url()).statusCode());
      server.valid.clear();
      recorder.handler = r -> r.target().equals(BearerTokenProvider.TOKEN_PATH)
          ? Support.Reply.json(200, "{\"AccessToken\":\"tok-" + server.issued.incrementAndGet() + "\",\"Expires\":\"600\"}")
          : Support.Reply.json(401, "{}");
      HttpResponse<String> refused = query(client, recorder.url());
      assertEquals(401, refused.statusCode(), "renewed once, not more");
      assertEquals("{}", refused.body());
      List<String> sent = server.data().stream().map(r -> r.header("Authorization")).toList();
      assertEquals(List.of("Bearer tok-1", "Bearer tok-1", "Bearer tok-2", "Bearer tok-2", "Bearer tok-3"), sent);
      assertTrue(server.data().stream().allMatch(r -> r.text().equals(QUERY) && Support.APP_KEY.equals(r.header("X-APP-Key"))));
      assertEquals(3, tokens.tokenRequests());

      recorder.received.clear();
      client.send(HttpRequest.newBuilder(URI.create(recorder.url() + "/data")).header("X-APP-Key", "given").GET().build(),
          HttpResponse.BodyHandlers.discarding());
      assertEquals("given", recorder.received.get(recorder.received.size() - 1).header("X-APP-Key"));
    }
  }

  @Test
  void noXTokenExpireUnlessAskedAndNoRedirectFollowed() throws Exception {
    try (Support.Recorder recorder = new Support.Recorder(); Support.Recorder elsewhere = new Support.Recorder()) {
      TokenServer server = new TokenServer(recorder);
      provider(recorder.url(), new BearerTokenProvider.Options()).token();
      assertNull(server.tokenRequests().get(0).header("X-Token-Expire"));
      for (int status : new int[] {301, 302, 303, 307, 308}) {
        recorder.handler = r -> new Support.Reply(status, Map.of("Location", elsewhere.url() + BearerTokenProvider.TOKEN_PATH), new byte[0]);
        TokenException e = assertThrows(TokenException.class, () -> provider(recorder.url(), new BearerTokenProvider.Options()).token());
        assertEquals("tokenByAkSk answered HTTP " + status + " (a redirect), which is not followed: it would send"
            + " the app secret to another address; check the base URL", e.getMessage());
      }
      assertEquals(List.of(), elsewhere.received);
    }
  }

  @Test
  void a403IsExplainedWithoutQuotingThePage() throws Exception {
    try (Support.Simulator forbidden = new Support.Simulator("--token-forbidden")) {
      BearerTokenProvider tokens = provider(forbidden.url, new BearerTokenProvider.Options());
      TokenException e = assertThrows(TokenException.class, tokens::token);
      assertEquals("tokenByAkSk answered HTTP 403: either the app key / app secret pair is wrong, or this"
          + " machine's IP address is not on the app's allow-list (both are set in the CEC API management"
          + " center)", e.getMessage());
      HttpClient client = BearerHttpClient.builder(tokens).build();
      TokenException viaClient = assertThrows(TokenException.class, () -> query(client, forbidden.url));
      assertEquals(e.getMessage(), viaClient.getMessage());
    }
  }

  static Stream<Arguments> expires() {
    return Stream.of(
        Arguments.of("\"Expires\":\"600\"", 600.0), Arguments.of("\"Expires\":600", 600.0),
        Arguments.of("\"Expires\":600.0", 600.0), Arguments.of("\"Expires\":\" 120 \"", 120.0),
        Arguments.of("\"Expires\":\"1.5\"", 1.5), Arguments.of("\"Expires_In\":300", 300.0),
        Arguments.of("\"Expires_In\":\"300\"", 300.0), Arguments.of("\"Expires\":\"300\",\"Expires_In\":900", 300.0),
        Arguments.of("\"x\":1", 600.0), Arguments.of("\"Expires\":null", 600.0),
        Arguments.of("\"Expires\":\"-1\"", 600.0), Arguments.of("\"Expires\":-1", 600.0),
        Arguments.of("\"Expires\":\"0\"", 600.0), Arguments.of("\"Expires\":\"abc\"", 600.0),
        Arguments.of("\"Expires\":\"\"", 600.0), Arguments.of("\"Expires\":\"1e30\"", 600.0),
        Arguments.of("\"Expires\":true", 600.0), Arguments.of("\"Expires\":[600]", 600.0),
        Arguments.of("\"Expires\":{\"s\":600}", 600.0), Arguments.of("\"Expires\":1000000000000000000000000000000", 3600.0),
        Arguments.of("\"Expires\":1e300", 3600.0), Arguments.of("\"Expires\":\"" + "9".repeat(40) + "\"", 3600.0),
        Arguments.of("\"Expires\":\"" + "9".repeat(5000) + "\"", 600.0), Arguments.of("\"Expires\":7200", 3600.0));
  }

  @ParameterizedTest
  @MethodSource("expires")
  void expiresInAnyFormGivesASaneLifetime(String field, double lifetime) throws Exception {
    TokenReply reply = TokenReply.parse(200,
        ("{\"AccessToken\":\"t\"," + field + "}").getBytes(StandardCharsets.UTF_8), 600);
    assertEquals("t", reply.token().expose());
    assertEquals(lifetime, reply.lifetime());
    assertEquals(300.0, TokenReply.parse(200, "{\"AccessToken\":\"t\"}".getBytes(StandardCharsets.UTF_8), 300).lifetime(),
        "missing: the lifetime asked for");
  }

  static Stream<Arguments> failures() {
    String token = SECRET_TOKEN;
    return Stream.of(
        Arguments.of(403, NGINX_403, "tokenByAkSk answered HTTP 403: either the app key / app secret pair is wrong"),
        Arguments.of(500, "{\"AccessToken\":\"" + token + "\"}", "tokenByAkSk answered HTTP 500 (the reply is not shown)"),
        Arguments.of(401, "{}", "tokenByAkSk answered HTTP 401: check the app key and app secret"),
        Arguments.of(200, "{\"AccessToken\": \"" + token + "\", \"Expi", "is not the documented JSON object"),
        Arguments.of(200, "[]", "is not the documented JSON object"),
        Arguments.of(200, "{\"token\": \"" + token + "\"}", "is not the documented JSON object"),
        Arguments.of(200, "[".repeat(100_000), "is larger than 65536 bytes: refused"),
        Arguments.of(200, "[".repeat(60_000), "is not the documented JSON object"),
        Arguments.of(200, "{\"AccessToken\":\"" + token + "\\r\\nX-Evil: 1\"}", "control characters"),
        Arguments.of(200, "{\"AccessToken\":\"" + token + "\\u0000\"}", "control characters"),
        Arguments.of(200, "{\"AccessToken\":\"\"}", "empty"),
        Arguments.of(200, "{\"AccessToken\":12345}", "not a string"),
        Arguments.of(200, "{\"AccessToken\":\"ключ\"}", "non-ASCII"),
        Arguments.of(200, "{\"AccessToken\":\"t\",\"Expires\":NaN}", "is not the documented JSON object"));
  }

  @ParameterizedTest
  @MethodSource("failures")
  void failuresSayWhatToCheckAndNeverQuoteTheReply(int status, String body, String says) throws Exception {
    try (Support.Recorder recorder = new Support.Recorder()) {
      recorder.handler = r -> new Support.Reply(status, Map.of("Content-Type", "text/html"), body.getBytes(StandardCharsets.UTF_8));
      TokenException e = assertThrows(TokenException.class,
          () -> provider(recorder.url(), new BearerTokenProvider.Options()).token());
      assertTrue(e.getMessage().contains(says), e.getMessage());
      for (String leaked : List.of(SECRET_TOKEN, "nginx", "<html", Support.APP_SECRET)) {
        assertFalse(e.getMessage().contains(leaked), e.getMessage());
      }
      assertNull(e.getCause());
    }
  }

  @Test
  void anUnreachableServer() throws Exception {
    String url;
    try (Support.Recorder closed = new Support.Recorder()) {
      url = closed.url();
    }
    TokenException e = assertThrows(TokenException.class, () -> provider(url,
        new BearerTokenProvider.Options().timeout(Duration.ofSeconds(5))).token());
    assertTrue(e.getMessage().startsWith("tokenByAkSk at " + url + "/apigovernance/api/oauth/tokenByAkSk could not be reached: "),
        e.getMessage());
    assertFalse(e.getMessage().contains(Support.APP_SECRET));
  }

  static Stream<Arguments> badSettings() {
    return Stream.of(
        Arguments.of("ftp://x", Support.APP_KEY, Support.APP_SECRET,
            "the token base URL \"ftp://x\" must be http(s)://host[:port][/prefix], without query or fragment"),
        Arguments.of("https://x/?a=1", Support.APP_KEY, Support.APP_SECRET,
            "the token base URL \"https://x/?a=1\" must be http(s)://host[:port][/prefix], without query or fragment"),
        Arguments.of("https://a b", Support.APP_KEY, Support.APP_SECRET,
            "the token base URL \"https://a b\" is not a URL (e.g. https://cec.example.com)"),
        Arguments.of("https://cec.example.com", "", Support.APP_SECRET,
            "the app key is empty or contains spaces, control or non-ASCII characters"),
        Arguments.of("https://cec.example.com", Support.APP_KEY, "with\nnewline",
            "the app secret is empty or contains spaces, control or non-ASCII characters"));
  }

  @ParameterizedTest
  @MethodSource("badSettings")
  void badSettingsAreRefused(String url, String key, String secret, String message) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new BearerTokenProvider(url, key, secret));
    assertEquals(message, e.getMessage());
  }

  @Test
  void badOptionsAndTheEnvironment() {
    for (int expire : new int[] {0, 3601}) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> new BearerTokenProvider.Options().tokenExpire(expire));
      assertEquals("tokenExpire (X-Token-Expire) must be an integer 1..3600 seconds, got " + expire, e.getMessage());
    }
    assertThrows(IllegalArgumentException.class, () -> new BearerTokenProvider.Options().timeout(Duration.ZERO));
    assertThrows(IllegalArgumentException.class, () -> new BearerTokenProvider.Options()
        .httpClient(HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NORMAL).build()));
    Map<String, String> env = new HashMap<>(Map.of("CEC_APP_KEY", Support.APP_KEY));
    IllegalArgumentException missing = assertThrows(IllegalArgumentException.class,
        () -> BearerTokenProvider.fromEnv(env, new BearerTokenProvider.Options()));
    assertEquals("set CEC_APP_SECRET, CEC_APIACCESS_URL (the app key and secret of tokenByAkSk and its base URL)",
        missing.getMessage());
    env.put("CEC_APP_SECRET", "top-secret");
    env.put("CEC_APIACCESS_URL", "https://cec.example.com/");
    BearerTokenProvider tokens = BearerTokenProvider.fromEnv(env, new BearerTokenProvider.Options());
    assertEquals("https://cec.example.com/apigovernance/api/oauth/tokenByAkSk", tokens.url().toString());
    assertFalse(tokens.toString().contains("top-secret"), tokens.toString());
  }
}
