package huaweicec.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** `java -jar huawei-cec-auth.jar explain`: every vector, and bad input. */
class ExplainTest {
  record Run(int code, String out, String err) {}

  static Run run(String stdin, Map<String, String> env, String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code = Cli.run(args, new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)),
        new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8), env);
    return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  static Stream<Arguments> profileVectors() {
    return Vectors.profileVectors().stream().map(v -> Arguments.of(v.get("case"), v.get("profile"), v));
  }

  @ParameterizedTest(name = "{0} under {1}")
  @MethodSource("profileVectors")
  void explainsEveryCaseUnderEveryProfile(String name, String profile, Map<String, Object> vector) {
    Run run = run(Vectors.byName(name).explainJson(), Map.of(), "explain", "--profile", profile);
    assertEquals("", run.err());
    assertEquals(0, run.code());
    assertEquals(vector.get("canonical_request") + "\nAuthorization: " + vector.get("authorization") + "\n", run.out());
  }

  @Test
  void theProfileComesFromTheEnvironmentWhenNotGiven() {
    Vectors.Case c = Vectors.byName("post-cms-querycalldetailbyid");
    Run documented = run(c.explainJson(), Map.of(), "explain");
    assertEquals(c.canonicalRequest() + "\nAuthorization: " + c.authorization() + "\n", documented.out());
    Run demo = run(c.explainJson(), Map.of("CEC_SIGNING_PROFILE", "java-demo"), "explain");
    assertEquals(run(c.explainJson(), Map.of(), "explain", "--profile=java-demo").out(), demo.out());
    assertTrue(demo.out().contains("\nhost\nhost:127.0.0.1\n"), demo.out());
  }

  static final String GOOD = "{\"method\":\"GET\",\"url\":\"https://h:8443/p\",\"ak\":\"ak\",\"sk\":\"TOP-SECRET\","
      + "\"time\":\"2026-11-21T08:30:00Z\"}";

  static Stream<Arguments> badRequests() {
    return Stream.of(
        Arguments.of("", List.of("explain"), "the request is not JSON: unexpected end of the JSON text at character 1"),
        Arguments.of("[" .repeat(100000), List.of("explain"), "the request is not JSON: nested deeper than 64 levels"),
        Arguments.of("[]", List.of("explain"), "the request must be a JSON object"),
        Arguments.of(GOOD.replace("\"method\":\"GET\",", ""), List.of("explain"), "the request has no \"method\""),
        Arguments.of(GOOD.replace("\"time\"", "\"when\""), List.of("explain"), "unknown field \"when\""),
        Arguments.of(GOOD.replace("2026-11-21T08:30:00Z", "yesterday"), List.of("explain"), "the time \"yesterday\" is not an ISO-8601 instant"),
        Arguments.of(GOOD.replace("https://h:8443/p", "ftp://h/p"), List.of("explain"), "must be http(s)://host[:port]/path[?query]"),
        Arguments.of(GOOD.replace("https://h:8443/p", "https://h/p#frag"), List.of("explain"), "without user info or fragment"),
        Arguments.of(GOOD.replace("https://h:8443/p", "https://h/a b"), List.of("explain"), "is not a URL"),
        Arguments.of(GOOD.replace("\"GET\"", "\"GE T\""), List.of("explain"), "the HTTP method \"GE T\" is not a valid method token"),
        Arguments.of(GOOD.replace("\"ak\":\"ak\"", "\"ak\":\"a/k\""), List.of("explain"), "the access key (AK) contains '/'"),
        Arguments.of(GOOD.replace("TOP-SECRET", "TOP SECRET"), List.of("explain"), "the secret key (SK) is empty or contains spaces"),
        Arguments.of(GOOD.replace("\"method\":\"GET\"", "\"method\":1"), List.of("explain"), "\"method\" must be a string"),
        Arguments.of(GOOD.replace("\"ak\":\"ak\"", "\"headers\":[],\"ak\":\"ak\""), List.of("explain"), "\"headers\" must be an object"),
        Arguments.of(GOOD.replace("\"ak\":\"ak\"", "\"body\":\"\\ud800\",\"ak\":\"ak\""), List.of("explain"), "lone UTF-16 surrogate"),
        Arguments.of(GOOD, List.of("explain", "--profile", "javademo"), "signing profile \"javademo\" is not understood: a profile is 'documented'"),
        Arguments.of(GOOD, List.of("explain", "--verbose"), "unexpected argument \"--verbose\""),
        Arguments.of(GOOD, List.of(), "usage: java -jar huawei-cec-auth.jar explain"));
  }

  @ParameterizedTest
  @MethodSource("badRequests")
  void aBadRequestOrProfileIsOneLineAndExitStatus2(String stdin, List<String> args, String says) {
    Run run = run(stdin, Map.of(), args.toArray(String[]::new));
    assertEquals(2, run.code(), run.err());
    assertEquals("", run.out());
    assertTrue(run.err().startsWith("explain: ") && run.err().endsWith("\n"), run.err());
    assertEquals(1, run.err().split("\n", -1).length - 1, "one line: " + run.err());
    assertTrue(run.err().contains(says), run.err());
    assertFalse(run.err().contains("TOP-SECRET") || run.err().contains("TOP SECRET"), run.err());
  }

  @Test
  void theJarRunsAsAProgram() throws Exception {
    String jar = System.getProperty("helper.jar");
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    Process ok = new ProcessBuilder(java.toString(), "-jar", jar, "explain").start();
    ok.getOutputStream().write(Vectors.byName("post-non-ascii-body").explainJson().getBytes(StandardCharsets.UTF_8));
    ok.getOutputStream().close();
    String out = new String(ok.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertEquals(0, ok.waitFor());
    Vectors.Case c = Vectors.byName("post-non-ascii-body");
    assertEquals(c.canonicalRequest() + "\nAuthorization: " + c.authorization() + "\n", out);

    Process bad = new ProcessBuilder(java.toString(), "-jar", jar, "explain").start();
    bad.getOutputStream().write("{\"method\":".getBytes(StandardCharsets.UTF_8));
    bad.getOutputStream().close();
    String err = new String(bad.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
    assertEquals(2, bad.waitFor());
    assertEquals("explain: the request is not JSON: unexpected end of the JSON text at character 11\n", err,
        "one line, no stack trace");
  }
}
