package huaweicec.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The signer against every shared vector, under every profile. */
class VectorsTest {
  static final Map<String, Object> V = Vectors.signers();
  static final Instant TIME = Instant.parse((String) V.get("time"));

  static SignableRequest request(String which) {
    Map<String, Object> r = Support.object(Support.object(V.get("requests")).get(which));
    Object body = r.get("body");
    return new SignableRequest((String) r.get("method"), (String) r.get("path"),
        r.get("query") instanceof String q ? q : null, (String) r.get("host"), (String) r.get("content_type"),
        body instanceof String b ? b.getBytes(StandardCharsets.UTF_8) : null);
  }

  static SignedRequest sign(SignableRequest request, SigningProfile profile) {
    return AuthV2.sign((String) V.get("access_key"), (String) V.get("secret_key"), TIME, profile, request);
  }

  @Test
  void documentedVector1CanonicalRequestAndAuthorization() {
    Map<String, Object> expected = Support.object(Support.object(V.get("documented")).get("post"));
    SignedRequest signed = sign(request("post"), SigningProfile.DOCUMENTED);
    assertEquals(expected.get("canonical_request"), signed.canonicalRequest());
    assertEquals(expected.get("authorization"), signed.authorization());
    assertEquals("content-length;content-type;host", signed.signedHeaders());
    assertEquals("2026-11-21T08:30:00.000Z", signed.timestamp());
    assertEquals("127.0.0.1:28443", signed.host());
  }

  @Test
  void documentedVector2SigningKeyAndAuthorization() {
    Map<String, Object> expected = Support.object(Support.object(V.get("documented")).get("get"));
    SignedRequest signed = sign(request("get"), SigningProfile.DOCUMENTED);
    assertEquals(expected.get("authorization"), signed.authorization());
    assertTrue(signed.authorization().startsWith(expected.get("auth_string_prefix") + "/"));
    assertEquals(expected.get("signing_key"),
        AuthV2.signingKey((String) V.get("secret_key"), (String) expected.get("auth_string_prefix")));
  }

  static Stream<Arguments> profileTable() {
    return Support.array(V.get("profiles")).stream().map(Support::object).flatMap(row ->
        Stream.of("post", "get").map(which -> Arguments.of(row.get("profile"), which, row)));
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("profileTable")
  void profileTableOfVectorsJson(String profile, String which, Map<String, Object> row) {
    Map<String, Object> expected = Support.object(row.get(which));
    SignedRequest signed = sign(request(which), SigningProfile.parse(profile));
    assertEquals(expected.get("authorization"), signed.authorization());
    assertEquals(expected.get("host"), signed.host());
  }

  static Stream<Vectors.Case> cases() {
    return Vectors.cases().stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void caseFoldersUnderTheDocumentedProfile(Vectors.Case c) {
    SignedRequest signed = AuthV2.sign(c.ak(), c.sk(), c.time(), SigningProfile.DOCUMENTED, c.request());
    assertEquals(c.canonicalRequest(), signed.canonicalRequest());
    assertEquals(c.authorization(), signed.authorization());
    String prefix = signed.authorization().substring(0, signed.authorization().lastIndexOf('/'));
    assertEquals(c.signingKey(), AuthV2.signingKey(c.sk(), prefix));
  }

  @Test
  void thereAreCaseFolders() {
    assertTrue(Vectors.cases().size() >= 8);
  }

  static Stream<Arguments> profileVectors() {
    return Vectors.profileVectors().stream().map(v -> Arguments.of(v.get("case"), v.get("profile"), v));
  }

  @ParameterizedTest(name = "{0} under {1}")
  @MethodSource("profileVectors")
  void everyCaseUnderEveryProfile(String name, String profile, Map<String, Object> vector) {
    Vectors.Case c = Vectors.byName(name);
    SignedRequest signed = AuthV2.sign(c.ak(), c.sk(), c.time(), SigningProfile.parse(profile), c.request());
    assertEquals(vector.get("canonical_request"), signed.canonicalRequest());
    assertEquals(vector.get("authorization"), signed.authorization());
  }

  @Test
  void allSixteenProfilesOfEveryCaseAreThere() {
    List<Map<String, Object>> vectors = Vectors.profileVectors();
    assertEquals(16 * Vectors.cases().size(), vectors.size());
    assertTrue(vectors.stream().anyMatch(v -> SigningProfile.parse((String) v.get("profile")).equals(SigningProfile.JAVA_DEMO)));
  }

  @Test
  void javaDemoDropsThePortAndSignsOnlyHost() {
    SignedRequest signed = sign(request("get"), SigningProfile.JAVA_DEMO);
    assertEquals("GET\n/rest/isales/v1/openapi/campaigns/8/callresultdetail/1644464743-1388\nhost\n"
        + "host:cc-isales.example.com\n", signed.canonicalRequest());
    assertEquals("cc-isales.example.com", signed.host());
  }

  @Test
  void normalizeCanonicalQueryAndTimestamps() {
    assertEquals("a-._~%20%2F%3A%2B%25%C3%A9", AuthV2.normalize("a-._~ /:+%é"));
    assertEquals("%00%FF", AuthV2.normalize(new byte[] {0, (byte) 0xff}));
    assertEquals("a-b=3&a=%E4%B8%AD&bad=%25zz&flag=&plus=1%2B1&x=%2B",
        AuthV2.canonicalQuery("plus=1+1&x=%2b&flag&&a-b=3&a=%e4%b8%ad&bad=%zz"));
    assertEquals("", AuthV2.canonicalQuery(""));
    assertEquals("", AuthV2.canonicalQuery(null));
    Instant t = Instant.parse("2027-01-02T03:04:05.678999Z");
    assertEquals("2027-01-02T03:04:05.678Z", AuthV2.formatTimestamp(t, SigningProfile.DOCUMENTED));
    assertEquals("2027-01-02T03:04:05Z", AuthV2.formatTimestamp(t, SigningProfile.JAVA_DEMO));
    assertThrows(IllegalArgumentException.class,
        () -> AuthV2.formatTimestamp(Instant.parse("+10000-01-01T00:00:00Z"), SigningProfile.DOCUMENTED));
  }

  @Test
  void noPortKeepsAnIpv6LiteralAndAHostWithoutPort() {
    SignableRequest get = request("get");
    assertEquals("[::1]", sign(new SignableRequest("GET", get.path(), null, "[::1]:8443", null, null),
        SigningProfile.JAVA_DEMO).host());
    assertEquals("cc.example.com", sign(new SignableRequest("GET", get.path(), null, "cc.example.com", null, null),
        SigningProfile.JAVA_DEMO).host());
  }

  @Test
  void noContentTypeIsNotSigned() {
    SignableRequest get = request("get");
    assertEquals("host", sign(new SignableRequest("GET", get.path(), null, get.host(), null, null),
        SigningProfile.DOCUMENTED).signedHeaders());
  }

  static Stream<Arguments> badInput() {
    SignableRequest get = request("get");
    String ak = (String) V.get("access_key");
    String sk = (String) V.get("secret_key");
    return Stream.of(
        Arguments.of("a/b", sk, get, "the access key (AK) contains '/', which separates the parts of the auth-v2 header"),
        Arguments.of("", sk, get, "the access key (AK) is empty or contains spaces, control or non-ASCII characters"),
        Arguments.of(ak, "has space", get, "the secret key (SK) is empty or contains spaces, control or non-ASCII characters"),
        Arguments.of(ak, sk, new SignableRequest("GE T", get.path(), null, get.host(), null, null),
            "the HTTP method \"GE T\" is not a valid method token"),
        Arguments.of(ak, sk, new SignableRequest("GET", "no-slash", null, get.host(), null, null),
            "the path \"no-slash\" must start with '/', be percent-encoded as sent (visible ASCII), and not include the query (pass it separately, without '?')"),
        Arguments.of(ak, sk, new SignableRequest("GET", "/x?y=1", null, get.host(), null, null),
            "the path \"/x?y=1\" must start with '/', be percent-encoded as sent (visible ASCII), and not include the query (pass it separately, without '?')"),
        Arguments.of(ak, sk, new SignableRequest("GET", "/x", null, "a b", null, null),
            "the host \"a b\" must be hostname[:port] as sent (visible ASCII)"));
  }

  @ParameterizedTest
  @MethodSource("badInput")
  void badInputIsRefusedWithAClearErrorNeverQuotingTheSecret(String ak, String sk, SignableRequest r, String message) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> AuthV2.sign(ak, sk, TIME, SigningProfile.DOCUMENTED, r));
    assertEquals(message, e.getMessage());
    assertFalse(e.getMessage().contains((String) V.get("secret_key")));
  }

  @Test
  void whatSigningReturnsNeverShowsTheSecretKeyOrTheSignature() {
    SignedRequest signed = sign(request("post"), SigningProfile.DOCUMENTED);
    String shown = signed + " " + new AkSkSigner("AK_EXAMPLE", "SK_EXAMPLE_SECRET");
    assertFalse(shown.contains("SK_EXAMPLE_SECRET"), shown);
    assertFalse(shown.contains(signed.authorization().substring(signed.authorization().lastIndexOf('/') + 1)), shown);
    assertFalse(shown.contains(AuthV2.signingKey("SK_EXAMPLE_SECRET",
        signed.authorization().substring(0, signed.authorization().lastIndexOf('/')))), shown);
    assertFalse(request("post").toString().contains("queryParam"), "the body is not shown");
  }
}
