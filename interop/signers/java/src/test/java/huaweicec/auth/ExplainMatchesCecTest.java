package huaweicec.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code explain} prints, byte for byte, what {@code cec --explain-signature} printed and sent for
 * the same request: the real {@code cec} calls a recording server, and {@code explain} is given
 * what arrived (method, URL, Content-Type, body), the credentials and the timestamp cec logged.
 * Its output must be cec's canonical request (the {@code canonical_request=} of its log) and an
 * {@code Authorization} line equal to the header cec sent.
 *
 * <p>GET and POST, ASCII and non-ASCII bodies and paths, presets and knob lists; hosts with a port
 * (the recorder's address) and without one ({@code http://cc-isales.example.com}, reached through
 * the recorder as cec's HTTP proxy, so that nothing leaves this machine). {@code cec} cannot send
 * a query (its base URLs refuse one and no operation has query parameters): requests with a query
 * are compared with the shared vectors instead, which the Rust signer passes too
 * (tests/signing_vectors.rs checks the same profiles.json), in {@link ExplainTest}.
 */
class ExplainMatchesCecTest {
  static Stream<Arguments> requests() {
    List<String> detail = List.of("call-result-detail", "--vdn-id", "8", "--call-id", "1644464743-1388");
    List<String> external = List.of("external-result", "--vdn-id", "40", "--def-id", "7");
    List<String> cdr = List.of("cdr", "--cc-id", "1", "--call-id", "1000000000-0001", "--inbound");
    List<String> update = List.of("update-reserved-result", "--vdn-id", "8", "--appoint-id", "174738152455111432454674595509",
        "--user-account", "张三 ✓😀", "--caller-no", "+86 (10) 1234", "--fail-code", "00000");
    List<String> nonAsciiPath = List.of("call-result-detail", "--vdn-id", "9999", "--call-id", "通话/1 ?#%");
    return Stream.of(
        Arguments.of("GET, host with port", "documented", false, detail),
        Arguments.of("GET, host with port", "java-demo", false, detail),
        Arguments.of("GET, host without port", "documented", true, external),
        Arguments.of("GET, host without port", "java-demo", true, detail),
        Arguments.of("POST, host with port", "documented", false, cdr),
        Arguments.of("POST, host with port", "java-demo", false, cdr),
        Arguments.of("POST, host without port", "ts=seconds,query-line=omit", true, cdr),
        Arguments.of("POST non-ASCII body, host with port", "documented", false, update),
        Arguments.of("POST non-ASCII body, host without port", "java-demo", true, update),
        Arguments.of("POST non-ASCII body, host with port", "headers=host,host=no-port", false, update),
        Arguments.of("GET non-ASCII path, host with port", "ts=seconds", false, nonAsciiPath),
        Arguments.of("GET non-ASCII path, host without port", "query-line=omit,headers=host", true, nonAsciiPath));
  }

  private static final Pattern TIMESTAMP = Pattern.compile(" timestamp=(\\S+) ");
  private static final Pattern SIGNED_HEADERS = Pattern.compile(" signed_headers=(\\S+) ");

  @ParameterizedTest(name = "{0}, {1}")
  @MethodSource("requests")
  void explainPrintsWhatCecPrintedAndSent(String what, String profile, boolean noPort, List<String> command)
      throws Exception {
    try (Support.Recorder recorder = new Support.Recorder()) {
      String base = noPort ? "http://cc-isales.example.com" : recorder.url();
      List<String> args = new ArrayList<>(List.of("--explain-signature", "--signing-profile", profile));
      args.addAll(command);
      ProcessBuilder cec = Support.cecProcess(args);
      Map<String, String> env = cec.environment();
      env.put("CEC_ISALES_URL", base);
      env.put("CEC_CMS_URL", base);
      env.put("CEC_AK", Support.AK);
      env.put("CEC_SK", Support.SK);
      env.put("RUST_LOG", "off");
      if (noPort) {
        // The recorder as an HTTP proxy: cec sends `POST http://cc-isales.example.com/... HTTP/1.1` to it.
        env.put("HTTP_PROXY", recorder.url());
        env.put("http_proxy", recorder.url());
      }
      Process process = cec.redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
      String log = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
      assertTrue(process.waitFor(60, TimeUnit.SECONDS), "cec did not finish");

      assertTrue(!recorder.received.isEmpty(), "cec sent nothing; its stderr: " + log);
      Support.Received sent = recorder.received.get(0);
      int at = log.indexOf("canonical_request=");
      assertTrue(at >= 0, "no canonical request in cec's stderr: " + log);
      Matcher timestamp = TIMESTAMP.matcher(log);
      Matcher signedHeaders = SIGNED_HEADERS.matcher(log);
      assertTrue(timestamp.find() && signedHeaders.find(), log);
      // The canonical request: method, path, the query line (kept empty or left out: cec sends
      // no query), SignedHeaders, one line per signed header, the body.
      SigningProfile p = SigningProfile.parse(profile);
      int lines = 2 + (p.queryLine() == SigningProfile.QueryLine.KEEP ? 1 : 0) + 1
          + signedHeaders.group(1).split(";").length + 1;
      String[] logLines = log.substring(at + "canonical_request=".length()).split("\n", -1);
      assertTrue(logLines.length >= lines, log);
      String canonical = String.join("\n", java.util.Arrays.copyOf(logLines, lines));

      String url = noPort ? sent.target() : recorder.url() + sent.target();
      assertEquals(noPort, url.startsWith("http://cc-isales.example.com/"), url);
      StringBuilder json = new StringBuilder("{\"method\":").append(Json.string(sent.method()))
          .append(",\"url\":").append(Json.string(url))
          .append(",\"headers\":{\"Content-Type\":").append(Json.string(sent.header("Content-Type"))).append('}');
      if (!sent.method().equals("GET")) {
        json.append(",\"body\":").append(Json.string(sent.text()));
      }
      json.append(",\"ak\":").append(Json.string(Support.AK)).append(",\"sk\":").append(Json.string(Support.SK))
          .append(",\"time\":").append(Json.string(timestamp.group(1))).append('}');

      String authorization = sent.header("Authorization");
      assertNotNull(authorization);
      ExplainTest.Run explained = ExplainTest.run(json.toString(), Map.of(), "explain", "--profile", profile);
      assertEquals("", explained.err());
      assertEquals(canonical + "\nAuthorization: " + authorization + "\n", explained.out());
    }
  }
}
