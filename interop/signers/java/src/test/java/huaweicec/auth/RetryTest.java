package huaweicec.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The opt-in retry layer against a real local server: what is retried, what is not, and that an update is sent once. */
class RetryTest {
  static final String DETAIL = "/rest/isales/v1/openapi/campaigns/8/callresultdetail/1644464743-1388";
  static final String EXTERNAL = "/rest/isales/v1/openapi/campaigns/40/1402245659/queryObsResultDetail";
  static final String CDR = "/rest/cmsapp/v1/openapi/calldata/querycalldetailbyid";
  static final String RECORDS = "/apiaccess/rest/dataprocess/v1/openapp/queryCallManualDetailInfo";
  static final String UPDATE = "/rest/isales/v1/openapi/campaigns/8/appoint/updateResult";
  static final String TOKEN = "/apigovernance/api/oauth/tokenByAkSk";
  static final RetryPolicy FAST =
      RetryPolicy.DEFAULT.withInitialBackoff(Duration.ofMillis(10)).withMaxBackoff(Duration.ofMillis(20));
  static final Support.Reply OK = Support.Reply.json(200, "{\"resultCode\":\"0200000\"}");

  /** The retry layer's log records. */
  final List<String> logged = new ArrayList<>();
  final Handler handler = new Handler() {
    @Override
    public void publish(LogRecord r) {
      synchronized (logged) {
        logged.add(r.getMessage());
      }
    }

    @Override
    public void flush() {}

    @Override
    public void close() {}
  };
  final Logger logger = Logger.getLogger("huaweicec.auth.retry");

  @BeforeEach
  void listen() {
    logger.setLevel(Level.ALL);
    logger.addHandler(handler);
  }

  @AfterEach
  void stopListening() {
    logger.removeHandler(handler);
    logger.setLevel(null);
  }

  long logs(String part) {
    synchronized (logged) {
      return logged.stream().filter(m -> m.contains(part)).count();
    }
  }

  /** A handler answering each request with the next reply (the last repeats); DROP closes the connection, a Long sleeps that many ms then answers 200. */
  static Support.Handler script(Object... replies) {
    LinkedList<Object> queue = new LinkedList<>(List.of(replies));
    return received -> {
      Object reply;
      synchronized (queue) {
        reply = queue.size() > 1 ? queue.removeFirst() : queue.getFirst();
      }
      if (reply == DROP) {
        throw new Support.Drop();
      }
      if (reply instanceof Long millis) {
        try {
          Thread.sleep(millis);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        return Support.Reply.json(200, "{\"late\":true}");
      }
      return (Support.Reply) reply;
    };
  }

  static final Object DROP = new Object();

  static Support.Reply status(int code, String... headers) {
    Map<String, String> map = new java.util.HashMap<>(Map.of("Content-Type", "application/json"));
    for (int i = 0; i < headers.length; i += 2) {
      map.put(headers[i], headers[i + 1]);
    }
    return new Support.Reply(code, map, "{\"error\":\"x\"}".getBytes(StandardCharsets.UTF_8));
  }

  static AkSkSigner signer() {
    return new AkSkSigner(Support.AK, Support.SK).withClock(AuthV2HttpClientTest.ticking());
  }

  static HttpClient signing(RetryPolicy policy) {
    return RetryHttpClient.builder(AuthV2HttpClient.builder(signer()), policy).build();
  }

  static HttpRequest get(Support.Recorder server, String path) {
    return HttpRequest.newBuilder(URI.create(server.url() + path)).GET().build();
  }

  static HttpRequest post(Support.Recorder server, String path, String json) {
    return HttpRequest.newBuilder(URI.create(server.url() + path)).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(json)).build();
  }

  static HttpRequest withTimeout(HttpRequest request, Duration timeout) {
    return HttpRequest.newBuilder(request, (name, value) -> true).timeout(timeout).build();
  }

  // ---- the rules ----

  @ParameterizedTest
  @CsvSource({
    "GET," + DETAIL + ",getCallResultDetail,true,true",
    "GET," + EXTERNAL + ",getExternalResult,true,true",
    "POST," + CDR + ",queryCdrByCallId,true,true",
    "POST," + RECORDS + ",queryCallRecords,true,false",
    "POST," + TOKEN + ",createToken,true,false",
    "POST," + UPDATE + ",updateReservedCallResult,false,false",
    "post,/prefix" + CDR + ",queryCdrByCallId,true,true",
    "GET," + UPDATE + ",unknown,false,false",
    "POST," + DETAIL + ",unknown,false,false",
    "DELETE," + CDR + ",unknown,false,false",
    "GET,/somewhere/else,unknown,false,false",
  })
  void operations(String method, String path, String name, boolean read, boolean retry500) {
    assertEquals(new Retries.Operation(name, read, retry500), Retries.operationOf(method, path));
  }

  @Test
  void statuses() {
    Retries.Operation read = Retries.operationOf("GET", DETAIL);
    Retries.Operation records = Retries.operationOf("POST", RECORDS);
    Retries.Operation update = Retries.operationOf("POST", UPDATE);
    for (int code : new int[] {429, 502, 503, 504}) {
      assertEquals("HTTP " + code, Retries.statusReason(code, read));
      assertEquals("HTTP " + code, Retries.statusReason(code, records));
      assertNull(Retries.statusReason(code, update));
    }
    assertEquals("HTTP 500", Retries.statusReason(500, read));
    assertNull(Retries.statusReason(500, records));
    assertNull(Retries.statusReason(500, update));
    for (int code : new int[] {200, 400, 401, 403, 404, 408, 418, 501, 505}) {
      assertNull(Retries.statusReason(code, read), "" + code);
    }
  }

  @Test
  void retryAfterValues() {
    Instant now = Instant.parse("1994-11-06T08:49:37Z");
    assertEquals(Duration.ofSeconds(3), Retries.parseRetryAfter("3", now));
    assertEquals(Duration.ZERO, Retries.parseRetryAfter(" 0 ", now));
    assertEquals(Retries.FOREVER, Retries.parseRetryAfter("99999999999999999999999", now));
    assertEquals(Duration.ofSeconds(10), Retries.parseRetryAfter("Sun, 06 Nov 1994 08:49:47 GMT", now));
    assertEquals(Duration.ZERO, Retries.parseRetryAfter("Sun, 06 Nov 1994 08:00:00 GMT", now));
    for (String ignored : new String[] {null, "", "-1", "1.5", "soon", "Sun, 06 Nov 1994", "Sun, 06 Nov 1994 08:49:47 CET"}) {
      assertNull(Retries.parseRetryAfter(ignored, now), ignored);
    }
  }

  @Test
  void policyDefaultsAndBackoff() {
    RetryPolicy policy = RetryPolicy.DEFAULT;
    assertEquals(2, policy.maxRetries());
    assertEquals(Duration.ofMillis(100), policy.initialBackoff());
    assertEquals(Duration.ofSeconds(2), policy.maxBackoff());
    assertEquals(Duration.ofSeconds(30), policy.maxRetryAfter());
    for (int retry = 1; retry < 8; retry++) {
      Duration window = Duration.ofMillis(Math.min(100L << (retry - 1), 2000));
      HashSet<Duration> drawn = new HashSet<>();
      for (int i = 0; i < 50; i++) {
        Duration wait = policy.backoff(retry);
        assertFalse(wait.isNegative() || wait.compareTo(window) > 0, retry + ": " + wait);
        drawn.add(wait);
      }
      assertTrue(drawn.size() > 10, "full jitter: the waits are drawn at random");
    }
    assertEquals(0, RetryPolicy.NONE.maxRetries());
    assertThrows(IllegalArgumentException.class, () -> policy.withMaxRetries(-1));
    assertThrows(IllegalArgumentException.class, () -> policy.withMaxBackoff(Duration.ofMillis(-1)));
    assertThrows(IllegalArgumentException.class, () -> policy.withMaxRetryAfter(Duration.ofDays(400)));
  }

  // ---- the HttpClient ----

  @ParameterizedTest
  @ValueSource(ints = {429, 500, 502, 503, 504})
  void aReadIsRetriedAndSignedAnew(int code) throws Exception {
    try (Support.Recorder server = new Support.Recorder()) {
      server.handler = script(status(code), status(code), OK);
      HttpResponse<String> reply = signing(FAST).send(get(server, DETAIL), HttpResponse.BodyHandlers.ofString());
      assertEquals(200, reply.statusCode());
      assertEquals("{\"resultCode\":\"0200000\"}", reply.body());
      HashSet<String> stamps = new HashSet<>();
      for (Support.Received r : server.received) {
        String authorization = r.header("Authorization");
        AuthV2HttpClientTest.verify(r, signer(), AuthV2HttpClientTest.timeOf(authorization));
        stamps.add(authorization.split("/")[2]);
      }
      assertEquals(3, server.received.size());
      assertEquals(3, stamps.size(), "each attempt carries its own signature");
      assertEquals(2, logs("retrying in"));
    }
  }

  @Test
  void givesUpAfterMaxRetriesSendingTheSameBody() throws Exception {
    try (Support.Recorder server = new Support.Recorder()) {
      server.handler = script(status(503));
      HttpResponse<String> reply =
          signing(FAST).send(post(server, CDR, "{\"a\":1}"), HttpResponse.BodyHandlers.ofString());
      assertEquals(503, reply.statusCode());
      assertEquals("{\"error\":\"x\"}", reply.body());
      assertEquals(3, server.received.size());
      for (Support.Received r : server.received) {
        assertEquals("{\"a\":1}", r.text());
      }
    }
  }

  @Test
  void dataProcess500AndClientErrorsAreNotRetried() throws Exception {
    try (Support.Recorder server = new Support.Recorder()) {
      HttpClient client = signing(FAST);
      server.handler = script(status(500));
      assertEquals(500, client.send(post(server, RECORDS, "{}"), HttpResponse.BodyHandlers.discarding()).statusCode());
      assertEquals(1, server.received.size());
      server.handler = script(status(404));
      assertEquals(404, client.send(get(server, DETAIL), HttpResponse.BodyHandlers.discarding()).statusCode());
      assertEquals(2, server.received.size());
    }
  }

  @ParameterizedTest
  @ValueSource(ints = {429, 500, 503})
  void theUpdateIsNotRetriedOnAnyStatus(int code) throws Exception {
    try (Support.Recorder server = new Support.Recorder()) {
      server.handler = script(status(code), OK);
      HttpResponse<String> reply =
          signing(FAST).send(post(server, UPDATE, "{\"appointId\":\"1\"}"), HttpResponse.BodyHandlers.ofString());
      assertEquals(code, reply.statusCode());
      assertEquals(1, server.received.size());
    }
  }

  @ParameterizedTest
  @ValueSource(ints = {502, 504})
  void aGatewaysAnswerToTheUpdateLeavesItsOutcomeUnknown(int code) throws Exception {
    try (Support.Recorder server = new Support.Recorder()) {
      server.handler = script(status(code), OK);
      OutcomeUnknownException e = assertThrows(OutcomeUnknownException.class, () ->
          signing(FAST).send(post(server, UPDATE, "{\"appointId\":\"1\"}"), HttpResponse.BodyHandlers.ofString()));
      assertEquals(code, e.statusCode());
      assertEquals("updateReservedCallResult POST " + UPDATE + ": HTTP " + code + " from a gateway after the"
          + " request may have been sent, so the server may have applied it: check before sending it again"
          + " (not retried)", e.getMessage());
      assertEquals(1, server.received.size());
    }
  }

  @Test
  void aDroppedConnection() throws Exception {
    try (Support.Recorder server = new Support.Recorder()) {
      HttpClient client = signing(FAST);
      server.handler = script(DROP, DROP, OK);
      assertEquals(200, client.send(post(server, CDR, "{}"), HttpResponse.BodyHandlers.discarding()).statusCode());
      assertEquals(3, server.received.size());
      assertEquals(2, logs("the connection was lost; retrying"));
      server.handler = script(DROP, OK);
      OutcomeUnknownException e = assertThrows(OutcomeUnknownException.class, () ->
          client.send(post(server, UPDATE, "{\"appointId\":\"1\"}"), HttpResponse.BodyHandlers.discarding()));
      assertTrue(e.getMessage().startsWith("updateReservedCallResult POST " + UPDATE + ": the connection was lost"
          + " after the request may have been sent"), e.getMessage());
      assertEquals(0, e.statusCode());
      assertInstanceOf(IOException.class, e.getCause());
      assertEquals(4, server.received.size(), "the update was sent once");
    }
  }

  @Test
  void javaNetHttpResendsAGetByItselfBelowTheLayer() throws Exception {
    try (Support.Recorder server = new Support.Recorder()) {
      server.handler = script(DROP, OK);
      HttpClient plain = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
      assertEquals(200, plain.send(get(server, DETAIL), HttpResponse.BodyHandlers.discarding()).statusCode(),
          "java.net.http sends a GET once more when its connection closes before any reply");
      assertEquals(2, server.received.size());
      server.handler = script(DROP, OK);
      assertThrows(IOException.class, () -> plain.send(post(server, UPDATE, "{}"), HttpResponse.BodyHandlers.discarding()),
          "but not a POST");
      assertEquals(3, server.received.size());
    }
  }

  @Test
  void theJdkPropertyThatResendsAnyMethodIsRefused() {
    System.setProperty(RetryHttpClient.ALL_METHOD_RETRY, "true");
    try {
      IllegalStateException e = assertThrows(IllegalStateException.class, () -> signing(FAST));
      assertTrue(e.getMessage().contains("jdk.httpclient.enableAllMethodRetry"), e.getMessage());
    } finally {
      System.clearProperty(RetryHttpClient.ALL_METHOD_RETRY);
    }
    signing(FAST);
  }

  @Test
  void aTimeoutPerAttempt() throws Exception {
    try (Support.Recorder server = new Support.Recorder()) {
      HttpClient client = signing(FAST);
      server.handler = script(600L, OK);
      HttpResponse<String> reply = client.send(withTimeout(get(server, DETAIL), Duration.ofMillis(300)),
          HttpResponse.BodyHandlers.ofString());
      assertEquals("{\"resultCode\":\"0200000\"}", reply.body());
      Thread.sleep(400); // the first request's handler finishes
      assertEquals(2, server.received.size());
      server.handler = script(600L, OK);
      OutcomeUnknownException e = assertThrows(OutcomeUnknownException.class, () -> client.send(
          withTimeout(post(server, UPDATE, "{}"), Duration.ofMillis(300)), HttpResponse.BodyHandlers.discarding()));
      assertTrue(e.getMessage().contains(": timed out after the request may have been sent"), e.getMessage());
      assertInstanceOf(HttpTimeoutException.class, e.getCause());
      Thread.sleep(400);
      assertEquals(3, server.received.size(), "the update was sent once");
    }
  }

  @Test
  void aReplyThatBreaksOff() throws Exception {
    try (Support.Recorder server = new Support.Recorder()) {
      HttpClient client = signing(FAST);
      Support.Reply broken = new Support.Reply(200, Map.of("Content-Type", "application/json", Support.SHORT_BY, "10"),
          "{\"resultCode\"".getBytes(StandardCharsets.UTF_8));
      server.handler = script(broken, OK);
      HttpResponse<String> reply = client.send(get(server, DETAIL), HttpResponse.BodyHandlers.ofString());
      assertEquals("{\"resultCode\":\"0200000\"}", reply.body());
      server.handler = script(broken, OK);
      OutcomeUnknownException e = assertThrows(OutcomeUnknownException.class, () ->
          client.send(post(server, UPDATE, "{}"), HttpResponse.BodyHandlers.ofString()));
      assertTrue(e.getMessage().contains("lost"), e.getMessage());
      assertEquals(3, server.received.size());
    }
  }

  @Test
  void connectionRefusedIsRetriedEvenForTheUpdate() throws Exception {
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    HttpClient client = signing(FAST);
    HttpRequest update = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + UPDATE))
        .POST(HttpRequest.BodyPublishers.ofString("{}")).build();
    IOException e = assertThrows(IOException.class, () -> client.send(update, HttpResponse.BodyHandlers.discarding()));
    assertInstanceOf(ConnectException.class, e, "nothing was sent: the connection error itself, no OutcomeUnknown");
    assertEquals(2, logs("connection failed; retrying"), "safe to try again, twice by default");
  }

  @Test
  void retryAfter() throws Exception {
    try (Support.Recorder server = new Support.Recorder()) {
      HttpClient client = signing(FAST);
      server.handler = script(status(503, "Retry-After", "1"), OK);
      long started = System.nanoTime();
      assertEquals(200, client.send(get(server, DETAIL), HttpResponse.BodyHandlers.discarding()).statusCode());
      assertTrue(System.nanoTime() - started >= 1_000_000_000L, "waited as Retry-After asked");
      assertEquals(1, logs("as the server's Retry-After asks"));
      String soon = java.time.format.DateTimeFormatter.RFC_1123_DATE_TIME.format(
          java.time.ZonedDateTime.now(java.time.ZoneOffset.UTC).plusSeconds(1));
      server.handler = script(status(429, "Retry-After", soon), OK);
      assertEquals(200, client.send(get(server, DETAIL), HttpResponse.BodyHandlers.discarding()).statusCode());
      server.handler = script(status(503, "Retry-After", "31"), OK);
      assertEquals(503, client.send(get(server, DETAIL), HttpResponse.BodyHandlers.discarding()).statusCode(),
          "a longer wait than 30 s ends the retries");
      assertEquals(1, logs("not retrying after HTTP 503"));
      assertEquals(5, server.received.size());
    }
  }

  @Test
  void noRetriesWithNone() throws Exception {
    try (Support.Recorder server = new Support.Recorder()) {
      server.handler = script(status(503), OK);
      assertEquals(503, signing(RetryPolicy.NONE).send(get(server, DETAIL), HttpResponse.BodyHandlers.discarding())
          .statusCode());
      assertEquals(1, server.received.size());
    }
  }

  @Test
  void asyncAndAStreamingBodyHandler() throws Exception {
    try (Support.Recorder server = new Support.Recorder()) {
      server.handler = script(status(503), DROP, OK);
      HttpClient client = signing(FAST);
      HttpResponse<String> reply = client.sendAsync(post(server, CDR, "{\"a\":1}"), HttpResponse.BodyHandlers.ofString()).get();
      assertEquals(200, reply.statusCode());
      assertEquals(3, server.received.size());
      server.handler = script(status(503), OK);
      HttpResponse<InputStream> streamed = client.send(get(server, DETAIL), HttpResponse.BodyHandlers.ofInputStream());
      try (InputStream in = streamed.body()) {
        assertEquals("{\"resultCode\":\"0200000\"}", new String(in.readAllBytes(), StandardCharsets.UTF_8));
      }
      server.handler = script(DROP);
      ExecutionException e = assertThrows(ExecutionException.class, () ->
          client.sendAsync(post(server, UPDATE, "{}"), HttpResponse.BodyHandlers.discarding()).get());
      assertInstanceOf(OutcomeUnknownException.class, e.getCause());
    }
  }

  @Test
  void aTokenThatCannotBeObtainedIsNotRetriedNorAnOutcomeUnknown() throws Exception {
    try (Support.Recorder server = new Support.Recorder()) {
      server.handler = script(status(403));
      BearerTokenProvider tokens = new BearerTokenProvider(server.url(), "key", "secret");
      HttpClient client = RetryHttpClient.builder(BearerHttpClient.builder(tokens), FAST).build();
      TokenException e = assertThrows(TokenException.class, () ->
          client.send(post(server, UPDATE, "{}"), HttpResponse.BodyHandlers.discarding()));
      assertTrue(e.getMessage().contains("allow-list"), e.getMessage());
      assertEquals(1, server.received.size(), "the token request only");
    }
  }

  @Test
  void bearerCallsAreRetriedWithTheCachedToken() throws Exception {
    try (Support.Recorder server = new Support.Recorder()) {
      Support.Reply token = Support.Reply.json(200, "{\"AccessToken\":\"tok\",\"Expires\":\"600\"}");
      Support.Handler calls = script(status(503), DROP, OK);
      server.handler = r -> r.target().equals(TOKEN) ? token : calls.handle(r);
      BearerTokenProvider tokens = new BearerTokenProvider(server.url(), "key", "secret");
      HttpClient client = RetryHttpClient.builder(BearerHttpClient.builder(tokens), FAST).build();
      assertEquals(200, client.send(post(server, RECORDS, "{}"), HttpResponse.BodyHandlers.discarding()).statusCode());
      assertEquals(4, server.received.size(), "one token request, three attempts");
      assertEquals(1, tokens.tokenRequests());
      for (Support.Received r : server.received.subList(1, 4)) {
        assertEquals("Bearer tok", r.header("Authorization"));
      }
    }
  }

  // ---- the token provider ----

  @Test
  void tokenRequestsAreRetriedWhenAsked() throws Exception {
    try (Support.Recorder server = new Support.Recorder()) {
      Support.Reply token = Support.Reply.json(200, "{\"AccessToken\":\"tok\",\"Expires\":\"600\"}");
      server.handler = script(status(503), status(429, "Retry-After", "0"), token);
      BearerTokenProvider provider = new BearerTokenProvider(server.url(), "key", "secret",
          new BearerTokenProvider.Options().retry(FAST));
      assertEquals("tok", provider.token());
      assertEquals(3, provider.tokenRequests());
      server.handler = script(DROP, token);
      provider = new BearerTokenProvider(server.url(), "key", "secret", new BearerTokenProvider.Options().retry(FAST));
      assertEquals("tok", provider.token());
      assertEquals(2, provider.tokenRequests());
    }
  }

  @Test
  void tokenRequests500AndNoPolicy() throws Exception {
    try (Support.Recorder server = new Support.Recorder()) {
      Support.Reply token = Support.Reply.json(200, "{\"AccessToken\":\"tok\"}");
      server.handler = script(status(500), token);
      TokenException e = assertThrows(TokenException.class, () -> new BearerTokenProvider(server.url(), "key",
          "secret", new BearerTokenProvider.Options().retry(FAST)).token());
      assertTrue(e.getMessage().contains("HTTP 500"), e.getMessage());
      server.handler = script(status(503), token);
      e = assertThrows(TokenException.class, () -> new BearerTokenProvider(server.url(), "key", "secret").token());
      assertTrue(e.getMessage().contains("HTTP 503"), e.getMessage());
      assertEquals(2, server.received.size());
    }
  }
}
