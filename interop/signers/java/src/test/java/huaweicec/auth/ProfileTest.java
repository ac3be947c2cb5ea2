package huaweicec.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Profile text: presets, knob lists, and the errors, word for word those of the Rust crate and
 * the other helpers (the shared table tests/signing-vectors/profile-text.json).
 */
class ProfileTest {
  static final String ALLOWED = "a profile is 'documented', 'java-demo', or a comma list of knobs"
      + " such as 'ts=seconds,query-line=omit' (knobs: ts=millis|seconds, query-line=keep|omit,"
      + " headers=standard|host, host=port|no-port; a knob left out keeps its documented value)";

  @Test
  void presets() {
    assertEquals(SigningProfile.DOCUMENTED, SigningProfile.parse("documented"));
    assertEquals(Map.of("ts", "millis", "query-line", "keep", "headers", "standard", "host", "port"),
        SigningProfile.DOCUMENTED.knobs());
    assertEquals(SigningProfile.JAVA_DEMO, SigningProfile.parse(" java-demo "));
    assertEquals(Map.of("ts", "seconds", "query-line", "omit", "headers", "host", "host", "no-port"),
        SigningProfile.JAVA_DEMO.knobs());
  }

  @Test
  void knobListsAndKnobsLeftOutKeepTheDocumentedValue() {
    assertEquals(SigningProfile.JAVA_DEMO,
        SigningProfile.parse("ts=seconds,query-line=omit,headers=host,host=no-port"));
    assertEquals(SigningProfile.DOCUMENTED.withTs(SigningProfile.Ts.SECONDS), SigningProfile.parse("ts=seconds"));
    assertEquals(SigningProfile.DOCUMENTED.withTs(SigningProfile.Ts.SECONDS).withHost(SigningProfile.Host.NO_PORT),
        SigningProfile.parse(" host = no-port , ts=seconds "));
    assertEquals(SigningProfile.DOCUMENTED,
        SigningProfile.parse("ts=millis,query-line=keep,headers=standard,host=port"));
  }

  @Test
  void everyProfilePrintsAsTextThatReadsBack() {
    Set<SigningProfile> all = new HashSet<>();
    for (String ts : new String[] {"millis", "seconds"}) {
      for (String q : new String[] {"keep", "omit"}) {
        for (String h : new String[] {"standard", "host"}) {
          for (String host : new String[] {"port", "no-port"}) {
            SigningProfile p = SigningProfile.parse(
                "ts=" + ts + ",query-line=" + q + ",headers=" + h + ",host=" + host);
            assertEquals(p, SigningProfile.parse(p.toString()));
            all.add(p);
          }
        }
      }
    }
    assertEquals(16, all.size());
    assertEquals("documented", SigningProfile.DOCUMENTED.toString());
    assertEquals("java-demo", SigningProfile.JAVA_DEMO.toString());
    assertEquals("ts=seconds,headers=host", SigningProfile.parse("headers=host,ts=seconds").toString());
  }

  /** The table every implementation (Rust, Python, TypeScript, Java) is tested against. */
  static Map<String, Object> table() {
    return Support.object(Support.json(
        Support.read(Support.repo().resolve("tests/signing-vectors/profile-text.json"))));
  }

  static Stream<Arguments> sharedTable() {
    Map<String, Object> table = table();
    return Support.array(table.get("cases")).stream().map(Support::object)
        .map(c -> Arguments.of(c.get("text"), c.get("knobs"), c.get("error")));
  }

  @ParameterizedTest
  @MethodSource("sharedTable")
  void profileTextReadsAsTheSharedTableSays(String text, Object knobs, String error) {
    if (knobs != null) {
      assertEquals(knobs, SigningProfile.parse(text).knobs());
    } else {
      ProfileException e = assertThrows(ProfileException.class, () -> SigningProfile.parse(text));
      assertEquals(error.replace("{allowed}", (String) table().get("allowed")), e.getMessage());
    }
  }

  @Test
  void theTableIsLargeAndItsAllowedTextIsOurs() {
    assertTrue(Support.array(table().get("cases")).size() > 30);
    assertEquals(ALLOWED, table().get("allowed"));
  }

  @Test
  void fromEnv() {
    assertEquals(SigningProfile.DOCUMENTED, SigningProfile.fromEnv(Map.of()));
    assertEquals(SigningProfile.DOCUMENTED, SigningProfile.fromEnv(Map.of("CEC_SIGNING_PROFILE", " ")));
    assertEquals(SigningProfile.JAVA_DEMO, SigningProfile.fromEnv(Map.of("CEC_SIGNING_PROFILE", "java-demo")));
    assertEquals(SigningProfile.JAVA_DEMO, SigningProfile.fromEnv(Map.of("CEC_SIGNING_PROFILE", "Java-Demo\r\n")));
    ProfileException e = assertThrows(ProfileException.class,
        () -> SigningProfile.fromEnv(Map.of("CEC_SIGNING_PROFILE", "javademo")));
    assertEquals("CEC_SIGNING_PROFILE: signing profile \"javademo\" is not understood: " + ALLOWED, e.getMessage());
  }
}
