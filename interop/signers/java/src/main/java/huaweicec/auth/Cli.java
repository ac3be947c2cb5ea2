package huaweicec.auth;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The jar's command line: {@code java -jar huawei-cec-auth.jar explain [--profile P] < req.json}
 * prints the canonical request of one request and then its {@code Authorization} line, as the
 * Rust crate signs it ({@code cec --explain-signature} prints the same canonical request).
 *
 * <p>The request is a JSON object: {@code {"method": "POST", "url":
 * "https://host:port/path?query", "headers": {"Content-Type": "..."}, "body": "...", "ak":
 * "...", "sk": "...", "time": "2026-11-21T08:30:00.123Z"}}; {@code headers} and {@code body} are
 * optional. The host signed is the URL's ({@code host:port}, the port left out when it is the
 * scheme's default) unless {@code headers} has {@code Host}. Without {@code body}, a GET or
 * HEAD has none and any other method an empty one. A bad request or profile is one line on
 * stderr and exit status 2.
 */
public final class Cli {
  private Cli() {}

  static final String USAGE = "usage: java -jar huawei-cec-auth.jar explain [--profile PROFILE] < request.json";
  private static final List<String> FIELDS =
      List.of("method", "url", "headers", "body", "ak", "sk", "time");

  /** A request or profile that cannot be explained; the message is one line. */
  static final class Refused extends Exception {
    private static final long serialVersionUID = 1L;

    Refused(String message) {
      super(message);
    }
  }

  public static void main(String[] args) {
    PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
    PrintStream err = new PrintStream(System.err, true, StandardCharsets.UTF_8);
    System.exit(run(args, System.in, out, err, System.getenv()));
  }

  /** Runs the command line; returns the exit status (0, or 2 for a bad request, profile or usage). */
  static int run(String[] args, InputStream in, PrintStream out, PrintStream err, Map<String, String> env) {
    try {
      if (args.length == 1 && (args[0].equals("--help") || args[0].equals("-h"))) {
        out.println(USAGE);
        out.println("Prints the auth-v2 canonical request of the request read from stdin, then its"
            + " Authorization line. PROFILE: documented (default, or CEC_SIGNING_PROFILE),"
            + " java-demo, or a comma list of knobs such as ts=seconds,query-line=omit.");
        return 0;
      }
      if (args.length == 0 || !args[0].equals("explain")) {
        throw new Refused(USAGE);
      }
      SigningProfile profile = null;
      for (int i = 1; i < args.length; i++) {
        if (args[i].equals("--profile") && i + 1 < args.length) {
          profile = profile(args[++i]);
        } else if (args[i].startsWith("--profile=")) {
          profile = profile(args[i].substring("--profile=".length()));
        } else {
          throw new Refused("unexpected argument " + Text.quote(args[i]) + "; " + USAGE);
        }
      }
      if (profile == null) {
        try {
          profile = SigningProfile.fromEnv(env);
        } catch (ProfileException e) {
          throw new Refused(e.getMessage());
        }
      }
      out.print(explain(read(in), profile));
      out.flush();
      return 0;
    } catch (Refused e) {
      err.println("explain: " + e.getMessage().replace('\n', ' '));
      return 2;
    }
  }

  private static SigningProfile profile(String text) throws Refused {
    try {
      return SigningProfile.parse(text);
    } catch (ProfileException e) {
      throw new Refused(e.getMessage());
    }
  }

  private static String read(InputStream in) throws Refused {
    try {
      byte[] bytes = in.readNBytes(16 << 20);
      if (in.read() != -1) {
        throw new Refused("the request on stdin is larger than 16 MiB");
      }
      return StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes)).toString();
    } catch (CharacterCodingException e) {
      throw new Refused("the request on stdin is not UTF-8");
    } catch (IOException e) {
      throw new Refused("cannot read stdin: " + e.getClass().getSimpleName());
    }
  }

  private static String string(Map<?, ?> request, String field, boolean required) throws Refused {
    Object value = request.get(field);
    if (value == null) {
      if (required) {
        throw new Refused("the request has no \"" + field + "\"; give " + fields());
      }
      return null;
    }
    if (!(value instanceof String text)) {
      throw new Refused("\"" + field + "\" must be a string");
    }
    return text;
  }

  private static String fields() {
    return "a JSON object {\"method\", \"url\", \"headers\" (optional), \"body\" (optional), \"ak\","
        + " \"sk\", \"time\"}";
  }

  /** The canonical request of {@code json} under {@code profile}, then {@code Authorization: ...}. */
  static String explain(String json, SigningProfile profile) throws Refused {
    Object parsed;
    try {
      parsed = Json.parse(json);
    } catch (Json.ParseException e) {
      throw new Refused("the request is not JSON: " + e.getMessage());
    }
    if (!(parsed instanceof Map<?, ?> request)) {
      throw new Refused("the request must be " + fields());
    }
    for (Object key : request.keySet()) {
      if (!FIELDS.contains(key)) {
        throw new Refused("unknown field " + Text.quote((String) key) + "; give " + fields());
      }
    }
    String method = string(request, "method", true);
    String url = string(request, "url", true);
    String ak = string(request, "ak", true);
    String sk = string(request, "sk", true);
    String time = string(request, "time", true);
    String body = string(request, "body", false);

    URI uri;
    try {
      uri = new URI(url);
    } catch (URISyntaxException e) {
      throw new Refused("the url " + Text.quote(url) + " is not a URL: " + e.getReason());
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null
        || uri.getRawUserInfo() != null || uri.getRawFragment() != null) {
      throw new Refused("the url " + Text.quote(url)
          + " must be http(s)://host[:port]/path[?query], without user info or fragment");
    }
    String host = AuthV2.hostOf(uri);
    String contentType = null;
    Object headers = request.get("headers");
    if (headers != null) {
      if (!(headers instanceof Map<?, ?> map)) {
        throw new Refused("\"headers\" must be an object of header names and string values");
      }
      for (Map.Entry<?, ?> header : map.entrySet()) {
        String name = (String) header.getKey();
        if (!(header.getValue() instanceof String value)) {
          throw new Refused("the header " + Text.quote(name) + " must have a string value");
        }
        if (name.equalsIgnoreCase("content-type")) {
          contentType = value;
        } else if (name.equalsIgnoreCase("host")) {
          host = value;
        }
      }
    }
    Instant at;
    try {
      at = Instant.parse(time);
    } catch (DateTimeParseException e) {
      throw new Refused("the time " + Text.quote(time)
          + " is not an ISO-8601 instant such as 2026-11-21T08:30:00.123Z");
    }
    byte[] bytes;
    if (body != null) {
      try {
        ByteBuffer encoded = StandardCharsets.UTF_8.newEncoder()
            .onUnmappableCharacter(CodingErrorAction.REPORT)
            .onMalformedInput(CodingErrorAction.REPORT)
            .encode(java.nio.CharBuffer.wrap(body));
        bytes = new byte[encoded.remaining()];
        encoded.get(bytes);
      } catch (CharacterCodingException e) {
        throw new Refused("the body holds a lone UTF-16 surrogate: it has no UTF-8 bytes to sign");
      }
    } else {
      String upper = method.toUpperCase(Locale.ROOT);
      bytes = upper.equals("GET") || upper.equals("HEAD") ? null : new byte[0];
    }
    String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
    SignedRequest signed;
    try {
      signed = AuthV2.sign(ak, sk, at, profile,
          new SignableRequest(method, path, uri.getRawQuery(), host, contentType, bytes));
    } catch (IllegalArgumentException e) {
      throw new Refused(e.getMessage());
    }
    return signed.canonicalRequest() + "\n" + "Authorization: " + signed.authorization() + "\n";
  }
}
