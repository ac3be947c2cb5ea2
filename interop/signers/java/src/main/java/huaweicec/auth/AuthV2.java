package huaweicec.auth;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * auth-v2, the AK/SK request signature of CC-iSales and CC-CMS, as pure functions
 * (docs/authentication.md in the huawei-cec repository):
 *
 * <pre>
 * Authorization: auth-v2/{AK}/{timestamp}/{SignedHeaders}/{Signature}
 * authStringPrefix = "auth-v2/" + AK + "/" + timestamp + "/" + SignedHeaders
 * SigningKey       = hex(HMAC-SHA256(key=SK, msg=authStringPrefix))
 * CanonicalRequest = METHOD \n path \n canonical query \n SignedHeaders \n
 *                    canonical headers \n Normalize(body)
 * Signature        = hex(HMAC-SHA256(key=SigningKey (its hex text), msg=CanonicalRequest))
 * </pre>
 *
 * <p>where {@code Normalize} percent-encodes every UTF-8 byte but {@code A-Z a-z 0-9 - . _ ~},
 * with upper-case hex digits. A {@link SigningProfile} selects the variant.
 */
public final class AuthV2 {
  private AuthV2() {}

  private static final String HEX_UPPER = "0123456789ABCDEF";
  private static final Pattern METHOD_TOKEN = Pattern.compile("[!#$%&'*+\\-.^_`|~0-9A-Za-z]+");
  private static final DateTimeFormatter MILLIS =
      DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'", Locale.ROOT).withZone(ZoneOffset.UTC);
  private static final DateTimeFormatter SECONDS =
      DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss'Z'", Locale.ROOT).withZone(ZoneOffset.UTC);
  private static final Instant FIRST = Instant.parse("0000-01-01T00:00:00Z");
  private static final Instant AFTER_LAST = Instant.parse("+10000-01-01T00:00:00Z");

  private static boolean unreserved(int b) {
    return (b >= 'A' && b <= 'Z') || (b >= 'a' && b <= 'z') || (b >= '0' && b <= '9')
        || b == '-' || b == '.' || b == '_' || b == '~';
  }

  /** {@code Normalize(bytes)}: every byte but {@code A-Z a-z 0-9 - . _ ~} as {@code %XX}. */
  public static String normalize(byte[] bytes) {
    StringBuilder out = new StringBuilder(bytes.length + 16);
    for (byte value : bytes) {
      int b = value & 0xff;
      if (unreserved(b)) {
        out.append((char) b);
      } else {
        out.append('%').append(HEX_UPPER.charAt(b >> 4)).append(HEX_UPPER.charAt(b & 15));
      }
    }
    return out.toString();
  }

  /** {@code Normalize} of a string's UTF-8 bytes. */
  public static String normalize(String text) {
    return normalize(text.getBytes(StandardCharsets.UTF_8));
  }

  private static int hexValue(byte b) {
    if (b >= '0' && b <= '9') {
      return b - '0';
    }
    if (b >= 'A' && b <= 'F') {
      return b - 'A' + 10;
    }
    if (b >= 'a' && b <= 'f') {
      return b - 'a' + 10;
    }
    return -1;
  }

  /** Decodes {@code %XX} (either case) to bytes; {@code +} stays {@code +}; a stray {@code %} stays. */
  private static byte[] percentDecode(String text) {
    byte[] raw = text.getBytes(StandardCharsets.UTF_8);
    ByteArrayOutputStream out = new ByteArrayOutputStream(raw.length);
    for (int i = 0; i < raw.length; i++) {
      int hi = i + 1 < raw.length ? hexValue(raw[i + 1]) : -1;
      int lo = i + 2 < raw.length ? hexValue(raw[i + 2]) : -1;
      if (raw[i] == '%' && hi >= 0 && lo >= 0) {
        out.write(hi * 16 + lo);
        i += 2;
      } else {
        out.write(raw[i]);
      }
    }
    return out.toByteArray();
  }

  /**
   * The canonical query from the raw query as sent (without {@code ?}): each {@code &}-separated
   * pair split at its first {@code =}, name and value percent-decoded ({@code +} is a literal
   * plus) and normalized, sorted by byte order, joined with {@code &}. Empty pairs are skipped.
   * A literal {@code +} in a value must be sent as {@code %2B}.
   */
  public static String canonicalQuery(String query) {
    if (query == null || query.isEmpty()) {
      return "";
    }
    List<String> pairs = new ArrayList<>();
    for (String pair : query.split("&", -1)) {
      if (pair.isEmpty()) {
        continue;
      }
      int equals = pair.indexOf('=');
      String name = equals < 0 ? pair : pair.substring(0, equals);
      String value = equals < 0 ? "" : pair.substring(equals + 1);
      pairs.add(normalize(percentDecode(name)) + "=" + normalize(percentDecode(value)));
    }
    Collections.sort(pairs); // ASCII only after normalize: String order is byte order
    return String.join("&", pairs);
  }

  /**
   * UTC {@code yyyy-MM-ddTHH:mm:ss.SSSZ} ({@code ts=millis}) or {@code yyyy-MM-ddTHH:mm:ssZ}
   * ({@code ts=seconds}), the fraction truncated.
   *
   * @throws IllegalArgumentException for a time outside the years 0000 to 9999
   */
  public static String formatTimestamp(Instant time, SigningProfile profile) {
    if (time.isBefore(FIRST) || !time.isBefore(AFTER_LAST)) {
      throw new IllegalArgumentException("the signing time must be between years 0000 and 9999");
    }
    return (profile.ts() == SigningProfile.Ts.MILLIS ? MILLIS : SECONDS).format(time);
  }

  /** {@code hostname} of {@code hostname[:port]} (an IPv6 literal keeps its brackets). */
  public static String hostWithoutPort(String host) {
    if (host.startsWith("[")) {
      int end = host.indexOf(']');
      return end < 0 ? host : host.substring(0, end + 1);
    }
    int colon = host.indexOf(':');
    return colon < 0 ? host : host.substring(0, colon);
  }

  /**
   * {@code host[:port]} of a URI as {@code java.net.http} sends it in {@code Host}: the port only
   * when the URI has one that is not the scheme's default (80 for http, 443 for https).
   */
  public static String hostOf(URI uri) {
    String host = uri.getHost();
    if (host == null) {
      throw new IllegalArgumentException("the URL " + Text.quote(String.valueOf(uri)) + " has no host");
    }
    int port = uri.getPort();
    boolean secure = "https".equalsIgnoreCase(uri.getScheme());
    boolean defaultPort = port == -1 || port == (secure ? 443 : 80);
    return defaultPort ? host : host + ":" + port;
  }

  /**
   * Checks the credentials, never quoting the secret key.
   *
   * @throws IllegalArgumentException unless both keys are non-empty visible ASCII and the access
   *     key has no {@code /}
   */
  public static void checkCredentials(String accessKey, String secretKey) {
    if (!Text.visibleAscii(accessKey)) {
      throw new IllegalArgumentException(
          "the access key (AK) is empty or contains spaces, control or non-ASCII characters");
    }
    if (accessKey.indexOf('/') >= 0) {
      throw new IllegalArgumentException(
          "the access key (AK) contains '/', which separates the parts of the auth-v2 header");
    }
    if (!Text.visibleAscii(secretKey)) {
      throw new IllegalArgumentException(
          "the secret key (SK) is empty or contains spaces, control or non-ASCII characters");
    }
  }

  private static void checkRequest(SignableRequest request) {
    if (request.method() == null || !METHOD_TOKEN.matcher(request.method()).matches()) {
      throw new IllegalArgumentException("the HTTP method " + Text.quote(String.valueOf(request.method()))
          + " is not a valid method token");
    }
    String path = request.path();
    if (path == null || !path.startsWith("/") || path.contains("?") || path.contains("#")
        || !Text.visibleAscii(path)) {
      throw new IllegalArgumentException("the path " + Text.quote(String.valueOf(path))
          + " must start with '/', be percent-encoded as sent (visible ASCII), "
          + "and not include the query (pass it separately, without '?')");
    }
    if (!Text.visibleAscii(request.host())) {
      throw new IllegalArgumentException("the host " + Text.quote(String.valueOf(request.host()))
          + " must be hostname[:port] as sent (visible ASCII)");
    }
  }

  static String hmacHex(byte[] key, String message) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      byte[] digest = mac.doFinal(message.getBytes(StandardCharsets.UTF_8));
      StringBuilder hex = new StringBuilder(64);
      for (byte b : digest) {
        hex.append(Character.forDigit((b >> 4) & 15, 16)).append(Character.forDigit(b & 15, 16));
      }
      return hex.toString();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is not available in this JDK", e);
    }
  }

  /**
   * {@code SigningKey = hex(HMAC-SHA256(SK, authStringPrefix))}. Derived from the secret key:
   * treat it as a secret (exposed for test vectors).
   */
  public static String signingKey(String secretKey, String authStringPrefix) {
    return hmacHex(secretKey.getBytes(StandardCharsets.UTF_8), authStringPrefix);
  }

  /**
   * Signs one request at {@code time}: a pure function of its arguments.
   *
   * @throws IllegalArgumentException for credentials or request parts that cannot be signed
   *     (the message never quotes the secret key)
   */
  public static SignedRequest sign(
      String accessKey, String secretKey, Instant time, SigningProfile profile, SignableRequest request) {
    checkCredentials(accessKey, secretKey);
    checkRequest(request);
    String timestamp = formatTimestamp(time, profile);
    String host = profile.host() == SigningProfile.Host.NO_PORT
        ? hostWithoutPort(request.host()) : request.host();
    byte[] body = request.body();

    List<String[]> headers = new ArrayList<>(3); // sorted by name
    if (profile.headers() == SigningProfile.Headers.STANDARD) {
      if (body != null) {
        headers.add(new String[] {"content-length", Integer.toString(body.length)});
      }
      if (request.contentType() != null) {
        headers.add(new String[] {"content-type", request.contentType()});
      }
    }
    headers.add(new String[] {"host", host});
    List<String> names = new ArrayList<>(3);
    List<String> canonicalHeaders = new ArrayList<>(3);
    for (String[] header : headers) {
      names.add(header[0]);
      canonicalHeaders.add(normalize(header[0]) + ":" + normalize(Text.trimAscii(header[1])));
    }
    String signedHeaders = String.join(";", names);

    List<String> lines = new ArrayList<>(6);
    lines.add(request.method().toUpperCase(Locale.ROOT));
    lines.add(request.path());
    String queryLine = canonicalQuery(request.query());
    if (!queryLine.isEmpty() || profile.queryLine() == SigningProfile.QueryLine.KEEP) {
      lines.add(queryLine);
    }
    lines.add(signedHeaders);
    lines.add(String.join("\n", canonicalHeaders));
    lines.add(body == null ? "" : normalize(body));
    String canonicalRequest = String.join("\n", lines);

    String prefix = "auth-v2/" + accessKey + "/" + timestamp + "/" + signedHeaders;
    String signature = hmacHex(
        signingKey(secretKey, prefix).getBytes(StandardCharsets.US_ASCII), canonicalRequest);
    return new SignedRequest(
        prefix + "/" + signature, host, canonicalRequest, signedHeaders, timestamp, profile);
  }
}
