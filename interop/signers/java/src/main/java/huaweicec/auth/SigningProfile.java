package huaweicec.auth;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * How auth-v2 is computed: the four places where its variants differ, as knobs.
 *
 * <p>{@link #DOCUMENTED} (the default) is the documentation page; {@link #JAVA_DEMO} is what
 * Huawei's Java demo for these interfaces sends. Knob names and values are those of the Rust
 * crate, the {@code cec} CLI and the Python and TypeScript helpers:
 *
 * <table>
 *   <caption>knobs</caption>
 *   <tr><th>knob</th><th>documented</th><th>java-demo</th></tr>
 *   <tr><td>{@code ts}</td><td>{@code millis}</td><td>{@code seconds} (no milliseconds in the timestamp)</td></tr>
 *   <tr><td>{@code query-line}</td><td>{@code keep}</td><td>{@code omit} (no canonical query line without a query)</td></tr>
 *   <tr><td>{@code headers}</td><td>{@code standard}</td><td>{@code host} (only {@code host} signed)</td></tr>
 *   <tr><td>{@code host}</td><td>{@code port}</td><td>{@code no-port} (Host sent and signed without the port)</td></tr>
 * </table>
 *
 * <p>Profile text is a preset's name or a comma list of knobs ({@code ts=seconds,query-line=omit});
 * knobs left out keep their documented value. {@link #parse} and its errors are those of the Rust
 * crate and the Python and TypeScript helpers, word for word.
 */
public final class SigningProfile {
  /** The environment variable read by {@link #fromEnv()}. */
  public static final String ENV_VAR = "CEC_SIGNING_PROFILE";

  /** The signature's timestamp. */
  public enum Ts {
    /** {@code 2026-11-21T08:30:00.000Z}. */
    MILLIS("millis"),
    /** {@code 2026-11-21T08:30:00Z}. */
    SECONDS("seconds");

    final String text;

    Ts(String text) {
      this.text = text;
    }
  }

  /** The canonical query line of a request without a query. */
  public enum QueryLine {
    /** An empty line. */
    KEEP("keep"),
    /** No line at all. */
    OMIT("omit");

    final String text;

    QueryLine(String text) {
      this.text = text;
    }
  }

  /** The headers signed. */
  public enum Headers {
    /** {@code content-type;host}, plus {@code content-length} with a body. */
    STANDARD("standard"),
    /** {@code host} only. */
    HOST("host");

    final String text;

    Headers(String text) {
      this.text = text;
    }
  }

  /** The Host header sent and signed. */
  public enum Host {
    /** As the URL gives it ({@code host:port}, the port left out when it is the scheme's default). */
    PORT("port"),
    /** The hostname alone, whatever the port (the request still goes to the URL's port). */
    NO_PORT("no-port");

    final String text;

    Host(String text) {
      this.text = text;
    }
  }

  /** The documentation page's variant (the default). */
  public static final SigningProfile DOCUMENTED =
      new SigningProfile(Ts.MILLIS, QueryLine.KEEP, Headers.STANDARD, Host.PORT);

  /** Huawei's Java demo: seconds, no empty query line, only {@code host} signed, no port. */
  public static final SigningProfile JAVA_DEMO =
      new SigningProfile(Ts.SECONDS, QueryLine.OMIT, Headers.HOST, Host.NO_PORT);

  /** The presets by name, {@code documented} first. */
  public static final Map<String, SigningProfile> PRESETS =
      Map.of("documented", DOCUMENTED, "java-demo", JAVA_DEMO);

  /** Each knob's name in profile text and its values, the documented one first. */
  static final Map<String, List<String>> KNOBS = knobTable();

  private final Ts ts;
  private final QueryLine queryLine;
  private final Headers headers;
  private final Host host;

  /** A profile of these four knobs. */
  public SigningProfile(Ts ts, QueryLine queryLine, Headers headers, Host host) {
    this.ts = Objects.requireNonNull(ts, "ts");
    this.queryLine = Objects.requireNonNull(queryLine, "queryLine");
    this.headers = Objects.requireNonNull(headers, "headers");
    this.host = Objects.requireNonNull(host, "host");
  }

  private static Map<String, List<String>> knobTable() {
    Map<String, List<String>> knobs = new LinkedHashMap<>();
    knobs.put("ts", List.of("millis", "seconds"));
    knobs.put("query-line", List.of("keep", "omit"));
    knobs.put("headers", List.of("standard", "host"));
    knobs.put("host", List.of("port", "no-port"));
    return java.util.Collections.unmodifiableMap(knobs);
  }

  /** The {@code ts} knob. */
  public Ts ts() {
    return ts;
  }

  /** The {@code query-line} knob. */
  public QueryLine queryLine() {
    return queryLine;
  }

  /** The {@code headers} knob. */
  public Headers headers() {
    return headers;
  }

  /** The {@code host} knob. */
  public Host host() {
    return host;
  }

  /** This profile with another {@code ts}. */
  public SigningProfile withTs(Ts value) {
    return new SigningProfile(value, queryLine, headers, host);
  }

  /** This profile with another {@code query-line}. */
  public SigningProfile withQueryLine(QueryLine value) {
    return new SigningProfile(ts, value, headers, host);
  }

  /** This profile with another {@code headers}. */
  public SigningProfile withHeaders(Headers value) {
    return new SigningProfile(ts, queryLine, value, host);
  }

  /** This profile with another {@code host}. */
  public SigningProfile withHost(Host value) {
    return new SigningProfile(ts, queryLine, headers, value);
  }

  /** The four knobs in order, e.g. {@code {ts=millis, query-line=keep, headers=standard, host=port}}. */
  public Map<String, String> knobs() {
    Map<String, String> knobs = new LinkedHashMap<>();
    knobs.put("ts", ts.text);
    knobs.put("query-line", queryLine.text);
    knobs.put("headers", headers.text);
    knobs.put("host", host.text);
    return java.util.Collections.unmodifiableMap(knobs);
  }

  private static String allowed() {
    List<String> knobs = new ArrayList<>();
    KNOBS.forEach((name, values) -> knobs.add(name + "=" + String.join("|", values)));
    return "a profile is 'documented', 'java-demo', or a comma list of knobs such as "
        + "'ts=seconds,query-line=omit' (knobs: " + String.join(", ", knobs)
        + "; a knob left out keeps its documented value)";
  }

  /**
   * Reads {@code documented}, {@code java-demo} or a comma list such as
   * {@code ts=seconds,query-line=omit,headers=host,host=no-port}; knobs left out keep their
   * documented value. Names and values are read in any ASCII case ({@code Java-Demo} is
   * {@code java-demo}), white space around them is ignored, as the Rust crate and the other
   * helpers read them (one table tests all: {@code tests/signing-vectors/profile-text.json}).
   *
   * @throws ProfileException saying what is wrong and what is allowed
   */
  public static SigningProfile parse(String text) {
    Objects.requireNonNull(text, "text");
    String trimmed = Text.trim(text);
    SigningProfile preset = PRESETS.get(Text.asciiLower(trimmed));
    if (preset != null) {
      return preset;
    }
    if (trimmed.isEmpty()) {
      throw new ProfileException("the signing profile is empty: " + allowed());
    }
    Map<String, String> values = new LinkedHashMap<>(DOCUMENTED.knobs());
    List<String> seen = new ArrayList<>();
    for (String item : trimmed.split(",", -1)) {
      int equals = item.indexOf('=');
      if (equals < 0) {
        throw new ProfileException(
            "signing profile " + Text.quote(text) + " is not understood: " + allowed());
      }
      String typed = Text.trim(item.substring(0, equals));
      String value = Text.trim(item.substring(equals + 1));
      String name = Text.asciiLower(typed);
      if (!KNOBS.containsKey(name)) {
        throw new ProfileException("unknown signing profile knob " + Text.quote(typed) + " in "
            + Text.quote(text) + ": " + allowed());
      }
      if (seen.contains(name)) {
        throw new ProfileException(
            "signing profile knob \"" + name + "\" is given twice in " + Text.quote(text));
      }
      seen.add(name);
      if (!KNOBS.get(name).contains(Text.asciiLower(value))) {
        throw new ProfileException("signing profile knob " + name + "=" + Text.quote(value)
            + " is not allowed: " + name + " is " + String.join(" or ", KNOBS.get(name)));
      }
      values.put(name, Text.asciiLower(value));
    }
    return new SigningProfile(
        values.get("ts").equals("millis") ? Ts.MILLIS : Ts.SECONDS,
        values.get("query-line").equals("keep") ? QueryLine.KEEP : QueryLine.OMIT,
        values.get("headers").equals("standard") ? Headers.STANDARD : Headers.HOST,
        values.get("host").equals("port") ? Host.PORT : Host.NO_PORT);
  }

  /** The profile named by {@code CEC_SIGNING_PROFILE}; {@code documented} when it is unset or blank. */
  public static SigningProfile fromEnv() {
    return fromEnv(System.getenv());
  }

  /**
   * The profile named by {@code CEC_SIGNING_PROFILE} in {@code env}; {@code documented} when it
   * is unset or blank.
   *
   * @throws ProfileException prefixed with the variable's name when it is set but not understood
   */
  public static SigningProfile fromEnv(Map<String, String> env) {
    String text = env.getOrDefault(ENV_VAR, "");
    if (Text.trim(text).isEmpty()) {
      return DOCUMENTED;
    }
    try {
      return parse(text);
    } catch (ProfileException e) {
      throw new ProfileException(ENV_VAR + ": " + e.getMessage());
    }
  }

  /**
   * {@code documented}, {@code java-demo}, or the knobs that differ from {@code documented}
   * (text that {@link #parse} reads back to an equal profile).
   */
  @Override
  public String toString() {
    for (String name : List.of("documented", "java-demo")) {
      if (PRESETS.get(name).equals(this)) {
        return name;
      }
    }
    List<String> differ = new ArrayList<>();
    Map<String, String> documented = DOCUMENTED.knobs();
    knobs().forEach((name, value) -> {
      if (!value.equals(documented.get(name))) {
        differ.add(name + "=" + value);
      }
    });
    return String.join(",", differ);
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof SigningProfile p
        && p.ts == ts && p.queryLine == queryLine && p.headers == headers && p.host == host;
  }

  @Override
  public int hashCode() {
    return Objects.hash(ts, queryLine, headers, host);
  }
}
