package huaweicec.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@code host=no-port} in a fresh JVM, as an application meets it (the other tests share one JVM,
 * started with {@code -Djdk.httpclient.allowRestrictedHeaders=host} by build.sh).
 */
class HostHeaderTest {
  static String probe(String mode, String url) throws Exception {
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    Process p = new ProcessBuilder(java.toString(), "-cp", System.getProperty("test.classpath"),
        HostHeaderProbe.class.getName(), mode, url).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
    assertEquals(0, p.waitFor(), out);
    return out;
  }

  @Test
  void theSigningClientMadeFirstSendsHostWithoutItsPort() throws Exception {
    try (Support.Recorder recorder = new Support.Recorder()) {
      assertEquals("sent", probe("first", recorder.url()));
      assertEquals("127.0.0.1", recorder.only().header("Host"));
    }
  }

  @Test
  void madeTooLateItSaysWhatToDo() throws Exception {
    try (Support.Recorder recorder = new Support.Recorder()) {
      assertEquals("the signing profile host=no-port sends the Host header without the port, which"
          + " java.net.http sends only when the system property jdk.httpclient.allowRestrictedHeaders"
          + " includes host, and java.net.http read it before the signer was made: start java with"
          + " -Djdk.httpclient.allowRestrictedHeaders=host, or make the AkSkSigner before anything builds"
          + " a java.net.http client or request", probe("late", recorder.url()));
      assertEquals(List.of(), recorder.received);
    }
  }
}
