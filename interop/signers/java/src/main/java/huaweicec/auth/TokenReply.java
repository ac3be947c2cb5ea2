package huaweicec.auth;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A {@code tokenByAkSk} reply read into a token and its lifetime, or a {@link TokenException}
 * that never quotes the reply.
 *
 * @param token the access token (held so that {@code toString()} does not show it)
 * @param lifetime seconds the token lives
 */
public record TokenReply(Secret token, double lifetime) {
  /** Seconds assumed when {@code Expires} is missing or not a positive number (the documented default). */
  public static final int DEFAULT_TOKEN_LIFETIME = 600;
  /** The longest lifetime believed (the documented maximum), in seconds. */
  public static final int MAX_TOKEN_LIFETIME = 3600;
  /** Token replies larger than this are refused. */
  public static final int MAX_REPLY_BYTES = 64 * 1024;

  private static final String WHERE = "tokenByAkSk";
  private static final Pattern NUMBER = Pattern.compile("(\\d+)(\\.\\d+)?");

  /** A positive, finite lifetime in seconds from a number or a numeric string, at most the maximum. */
  static Double seconds(Object value) {
    BigDecimal n;
    if (value instanceof BigDecimal number) {
      n = number;
    } else if (value instanceof String text) {
      if (text.length() > 64) {
        return null;
      }
      Matcher match = NUMBER.matcher(Text.trim(text));
      if (!match.matches()) {
        return null;
      }
      if (match.group(1).replaceFirst("^0+", "").length() > 9) {
        return (double) MAX_TOKEN_LIFETIME;
      }
      n = new BigDecimal(match.group());
    } else {
      return null;
    }
    if (n.signum() <= 0) {
      return null;
    }
    return n.compareTo(BigDecimal.valueOf(MAX_TOKEN_LIFETIME)) > 0
        ? (double) MAX_TOKEN_LIFETIME : n.doubleValue();
  }

  /**
   * Reads a {@code tokenByAkSk} reply: its status and (at most {@code MAX_REPLY_BYTES + 1} bytes
   * of) its body. The lifetime is {@code Expires} (alias {@code Expires_In}), a number or a
   * numeric string; missing or not a positive number: {@code defaultLifetime}; at most 3600.
   *
   * @throws TokenException saying what to check, never quoting the body
   */
  public static TokenReply parse(int status, byte[] body, int defaultLifetime) throws TokenException {
    if (status == 403) {
      throw new TokenException(WHERE + " answered HTTP 403: either the app key / app secret pair is"
          + " wrong, or this machine's IP address is not on the app's allow-list (both are set in"
          + " the CEC API management center)");
    }
    if (status >= 300 && status < 400) {
      throw new TokenException(WHERE + " answered HTTP " + status + " (a redirect), which is not"
          + " followed: it would send the app secret to another address; check the base URL");
    }
    if (status == 401) {
      throw new TokenException(WHERE + " answered HTTP 401: check the app key and app secret");
    }
    if (status != 200) {
      throw new TokenException(WHERE + " answered HTTP " + status + " (the reply is not shown)");
    }
    if (body.length > MAX_REPLY_BYTES) {
      throw new TokenException(
          "the " + WHERE + " reply is larger than " + MAX_REPLY_BYTES + " bytes: refused");
    }
    Object document;
    try {
      document = Json.parse(new String(body, StandardCharsets.UTF_8));
    } catch (Json.ParseException e) {
      document = null;
    }
    if (!(document instanceof Map<?, ?> fields) || !fields.containsKey("AccessToken")) {
      throw new TokenException("the " + WHERE + " reply (HTTP 200) is not the documented JSON object"
          + " with AccessToken and Expires (the reply is not shown)");
    }
    Object token = fields.get("AccessToken");
    if (!(token instanceof String text) || !Text.visibleAscii(text)) {
      throw new TokenException("the AccessToken of the " + WHERE + " reply is empty, not a string,"
          + " or contains control characters (CR, LF, ...), spaces or non-ASCII characters:"
          + " refused, it cannot be sent in a header");
    }
    Object raw = fields.containsKey("Expires") ? fields.get("Expires") : fields.get("Expires_In");
    Double lifetime = seconds(raw);
    return new TokenReply(new Secret(text),
        lifetime != null ? lifetime : Math.min(defaultLifetime, MAX_TOKEN_LIFETIME));
  }

  /** The token's lifetime only. */
  @Override
  public String toString() {
    return "TokenReply[token=***, lifetime=" + lifetime + "]";
  }
}
