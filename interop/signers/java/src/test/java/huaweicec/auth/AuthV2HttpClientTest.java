package huaweicec.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The java.net.http adapter: what it sends, against a recording server and the real simulator. */
class AuthV2HttpClientTest {
  static final String BODY = "{\"appointId\":\"1\",\"userAccount\":\"张三 ✓😀\"}";
  static Support.Simulator documented;
  static Support.Simulator javaDemo;

  @BeforeAll
  static void simulators() throws Exception {
    documented = new Support.Simulator("--signing-profile", "documented");
    javaDemo = new Support.Simulator("--signing-profile", "java-demo");
  }

  @AfterAll
  static void stop() throws Exception {
    documented.close();
    javaDemo.close();
  }

  /** A clock that moves on a second at each reading. */
  static Clock ticking() {
    return new Clock() {
      private Instant now = Instant.parse("2026-11-21T08:30:00.123Z");

      @Override
      public synchronized Instant instant() {
        now = now.plusSeconds(1);
        return now;
      }

      @Override
      public java.time.ZoneId getZone() {
        return ZoneOffset.UTC;
      }

      @Override
      public Clock withZone(java.time.ZoneId zone) {
        return this;
      }
    };
  }

  /** Checks what arrived: the signature is the one of the bytes, Host and Content-Type that arrived. */
  static void verify(Support.Received r, AkSkSigner signer, Instant at) {
    String target = r.target();
    int q = target.indexOf('?');
    SignedRequest expected = AuthV2.sign(Support.AK, Support.SK, at, signer.profile(), new SignableRequest(
        r.method(), q < 0 ? target : target.substring(0, q), q < 0 ? null : target.substring(q + 1),
        r.header("Host"), r.header("Content-Type"),
        r.method().equals("GET") ? null : r.body()));
    assertEquals(expected.authorization(), r.header("Authorization"));
  }

  static Instant timeOf(String authorization) {
    return Instant.parse(authorization.split("/")[2]);
  }

  @ParameterizedTest
  @ValueSource(strings = {"documented", "java-demo", "ts=seconds,headers=host"})
  void signsExactlyTheBytesHostAndContentTypeSent(String profile) throws Exception {
    try (Support.Recorder recorder = new Support.Recorder()) {
      AkSkSigner signer = new AkSkSigner(Support.AK, Support.SK, profile).withClock(ticking());
      HttpClient client = AuthV2HttpClient.builder(signer).build();
      HttpResponse<String> reply = client.send(HttpRequest.newBuilder(URI.create(recorder.url() + "/a/b%20c?b=2&a=x%20y"))
          .header("Content-Type", "text/plain").header("X-Other", "kept")
          .POST(HttpRequest.BodyPublishers.ofString(BODY, StandardCharsets.UTF_8)).build(),
          HttpResponse.BodyHandlers.ofString());
      assertEquals(200, reply.statusCode());
      Support.Received r = recorder.only();
      assertEquals(BODY, r.text());
      assertEquals("application/json; charset=UTF-8", r.header("Content-Type"));
      assertEquals("kept", r.header("X-Other"));
      assertEquals(String.valueOf(BODY.getBytes(StandardCharsets.UTF_8).length), r.header("Content-Length"));
      boolean noPort = SigningProfile.parse(profile).host() == SigningProfile.Host.NO_PORT;
      assertEquals(noPort ? "127.0.0.1" : "127.0.0.1:" + recorder.port(), r.header("Host"));
      verify(r, signer, timeOf(r.header("Authorization")));
    }
  }

  @Test
  void aGetHasNoBodyAndAPostWithoutOneIsSignedEmpty() throws Exception {
    try (Support.Recorder recorder = new Support.Recorder()) {
      AkSkSigner signer = new AkSkSigner(Support.AK, Support.SK);
      HttpClient client = AuthV2HttpClient.builder(signer).build();
      client.send(HttpRequest.newBuilder(URI.create(recorder.url() + "/get")).GET().build(),
          HttpResponse.BodyHandlers.discarding());
      client.send(HttpRequest.newBuilder(URI.create(recorder.url() + "/post"))
          .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.discarding());
      Support.Received get = recorder.received.get(0);
      Support.Received post = recorder.received.get(1);
      assertEquals("content-type;host", get.header("Authorization").split("/")[3]);
      assertEquals("content-length;content-type;host", post.header("Authorization").split("/")[3]);
      assertEquals("0", post.header("Content-Length"));
      verify(get, signer, timeOf(get.header("Authorization")));
      verify(post, signer, timeOf(post.header("Authorization")));
    }
  }

  @Test
  void everySendIsSignedAnewSyncAndAsync() throws Exception {
    try (Support.Recorder recorder = new Support.Recorder()) {
      AkSkSigner signer = new AkSkSigner(Support.AK, Support.SK, SigningProfile.JAVA_DEMO).withClock(ticking());
      HttpClient client = AuthV2HttpClient.builder(signer).build();
      HttpRequest request = HttpRequest.newBuilder(URI.create(recorder.url() + "/x"))
          .POST(HttpRequest.BodyPublishers.ofString(BODY)).build();
      client.send(request, HttpResponse.BodyHandlers.discarding());
      client.send(request, HttpResponse.BodyHandlers.discarding());
      client.sendAsync(request, HttpResponse.BodyHandlers.discarding()).get();
      List<String> seen = new ArrayList<>();
      for (Support.Received r : recorder.received) {
        String authorization = r.header("Authorization");
        verify(r, signer, timeOf(authorization));
        assertFalse(seen.contains(authorization.split("/")[2]), "a timestamp was reused");
        seen.add(authorization.split("/")[2]);
        assertEquals(BODY, r.text());
      }
      assertEquals(3, seen.size());
    }
  }

  @Test
  void redirectsAreNotFollowed() throws Exception {
    try (Support.Recorder first = new Support.Recorder(); Support.Recorder second = new Support.Recorder()) {
      first.handler = r -> new Support.Reply(307, Map.of("Location", second.url() + "/elsewhere"), new byte[0]);
      HttpClient client = AuthV2HttpClient.builder(new AkSkSigner(Support.AK, Support.SK)).build();
      HttpResponse<String> reply = client.send(HttpRequest.newBuilder(URI.create(first.url() + "/x")).GET().build(),
          HttpResponse.BodyHandlers.ofString());
      assertEquals(307, reply.statusCode());
      assertEquals(List.of(), second.received);
      assertEquals(HttpClient.Redirect.NEVER, client.followRedirects());
    }
    AkSkSigner signer = new AkSkSigner(Support.AK, Support.SK);
    assertThrows(IllegalArgumentException.class,
        () -> AuthV2HttpClient.builder(signer).followRedirects(HttpClient.Redirect.NORMAL));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> AuthV2HttpClient.wrap(signer,
        HttpClient.newBuilder().followRedirects(HttpClient.Redirect.ALWAYS).build()));
    assertTrue(e.getMessage().contains("followRedirects(HttpClient.Redirect.NEVER)"), e.getMessage());
  }

  record Call(String method, String path, String body, String code) {}

  static final List<Call> SIGNED_CALLS = List.of(
      new Call("GET", "/rest/isales/v1/openapi/campaigns/8/callresultdetail/1644464743-1388", null, "0200000"),
      new Call("GET", "/rest/isales/v1/openapi/campaigns/40/1402245659/queryObsResultDetail", null, "0200000"),
      new Call("POST", "/rest/cmsapp/v1/openapi/calldata/querycalldetailbyid",
          "{\"queryParam\":{\"ccId\":1,\"isCallin\":\"true\",\"callId\":\"1000000000-0001\"}}", "0100000"),
      new Call("POST", "/rest/isales/v1/openapi/campaigns/8/appoint/updateResult",
          "{\"appointId\":\"174738152455111432454674595509\",\"failCode\":\"00000\",\"userAccount\":\"张三\"}", "0200000"));

  static HttpResponse<String> call(HttpClient client, String base, Call call) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + call.path())).timeout(Duration.ofSeconds(30));
    request.method(call.method(), call.body() == null
        ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(call.body()));
    return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  @ParameterizedTest
  @ValueSource(strings = {"documented", "java-demo"})
  void theSimulatorInsistingOnTheProfileAcceptsEverySignedOperation(String profile) throws Exception {
    Support.Simulator simulator = profile.equals("documented") ? documented : javaDemo;
    SigningProfile other = profile.equals("documented") ? SigningProfile.JAVA_DEMO : SigningProfile.DOCUMENTED;
    HttpClient right = AuthV2HttpClient.builder(new AkSkSigner(Support.AK, Support.SK, profile)).build();
    HttpClient wrong = AuthV2HttpClient.builder(new AkSkSigner(Support.AK, Support.SK, other)).build();
    for (Call c : SIGNED_CALLS) {
      HttpResponse<String> reply = call(right, simulator.url, c);
      assertEquals(200, reply.statusCode(), c + " " + reply.body());
      assertTrue(reply.body().contains("\"resultCode\":\"" + c.code() + "\""), reply.body());
      assertEquals(401, call(wrong, simulator.url, c).statusCode(), "the simulator insists on " + profile);
    }
    HttpResponse<String> async = right.sendAsync(HttpRequest.newBuilder(URI.create(simulator.url + SIGNED_CALLS.get(0).path()))
        .GET().build(), HttpResponse.BodyHandlers.ofString()).get();
    assertEquals(200, async.statusCode());
  }

  @Test
  void aRejectedSignatureLogsTheUsualCausesNeverTheSecret() throws Exception {
    Logger logger = Logger.getLogger(AkSkSigner.LOGGER);
    List<LogRecord> records = new ArrayList<>();
    Handler handler = new Handler() {
      @Override
      public void publish(LogRecord record) {
        records.add(record);
      }

      @Override
      public void flush() {}

      @Override
      public void close() {}
    };
    logger.addHandler(handler);
    try {
      HttpClient client = AuthV2HttpClient.builder(new AkSkSigner(Support.AK, "wrong-secret")).build();
      assertEquals(401, call(client, documented.url, SIGNED_CALLS.get(0)).statusCode());
    } finally {
      logger.removeHandler(handler);
    }
    assertEquals(1, records.size());
    String message = records.get(0).getMessage();
    assertTrue(message.startsWith("HTTP 401 to the auth-v2 signed request GET /rest/isales/"), message);
    assertTrue(message.contains("check the AK/SK pair, this machine's clock"), message);
    assertFalse(message.contains("wrong-secret"), message);
  }

  @Test
  void theSignerNeverShowsItsSecret() {
    AkSkSigner signer = new AkSkSigner("AK1", "TOP-SECRET-SK", "java-demo");
    String shown = signer + " " + AuthV2HttpClient.builder(signer).build();
    assertFalse(shown.contains("TOP-SECRET-SK"), shown);
    assertTrue(shown.contains("java-demo"), shown);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> AkSkSigner.fromEnv(Map.of("CEC_AK", "x")));
    assertEquals("set CEC_SK (the auth-v2 access key and secret key)", e.getMessage());
    assertNotEquals(null, AkSkSigner.fromEnv(Map.of("CEC_AK", "x", "CEC_SK", "y", "CEC_SIGNING_PROFILE", "java-demo")));
  }
}
