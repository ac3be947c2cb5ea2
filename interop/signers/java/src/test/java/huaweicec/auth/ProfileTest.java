package huaweicec.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Profile text: presets, knob lists, and the errors, word for word those of the TypeScript helper. */
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

  @ParameterizedTest
  @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
    "``|the signing profile is empty: ALLOWED",
    "`  `|the signing profile is empty: ALLOWED",
    "Documented|signing profile \"Documented\" is not understood: ALLOWED",
    "ts=minutes|signing profile knob ts=\"minutes\" is not allowed: ts is millis or seconds",
    "query-line=drop|signing profile knob query-line=\"drop\" is not allowed: query-line is keep or omit",
    "headers=all|signing profile knob headers=\"all\" is not allowed: headers is standard or host",
    "host=none|signing profile knob host=\"none\" is not allowed: host is port or no-port",
    "tz=seconds|unknown signing profile knob \"tz\" in \"tz=seconds\": ALLOWED",
    "ts=seconds,ts=millis|signing profile knob \"ts\" is given twice in \"ts=seconds,ts=millis\"",
    "ts=seconds,|signing profile \"ts=seconds,\" is not understood: ALLOWED",
    "java-demo,host=port|signing profile \"java-demo,host=port\" is not understood: ALLOWED",
    "toString=x|unknown signing profile knob \"toString\" in \"toString=x\": ALLOWED",
    "constructor|signing profile \"constructor\" is not understood: ALLOWED",
    "` ts=SECONDS `|signing profile knob ts=\"SECONDS\" is not allowed: ts is millis or seconds",
    "`ts=\"x\"\t`|signing profile knob ts=\"\\\"x\\\"\" is not allowed: ts is millis or seconds",
  })
  void badProfilesSayWhatIsWrongAndWhatIsAllowed(String text, String message) {
    ProfileException e = assertThrows(ProfileException.class, () -> SigningProfile.parse(text));
    assertEquals(message.replace("ALLOWED", ALLOWED), e.getMessage());
  }

  @Test
  void fromEnv() {
    assertEquals(SigningProfile.DOCUMENTED, SigningProfile.fromEnv(Map.of()));
    assertEquals(SigningProfile.DOCUMENTED, SigningProfile.fromEnv(Map.of("CEC_SIGNING_PROFILE", " ")));
    assertEquals(SigningProfile.JAVA_DEMO, SigningProfile.fromEnv(Map.of("CEC_SIGNING_PROFILE", "java-demo")));
    ProfileException e = assertThrows(ProfileException.class,
        () -> SigningProfile.fromEnv(Map.of("CEC_SIGNING_PROFILE", "javademo")));
    assertEquals("CEC_SIGNING_PROFILE: signing profile \"javademo\" is not understood: " + ALLOWED, e.getMessage());
  }
}
