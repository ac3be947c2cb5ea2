package huaweicec.auth;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Signs requests with an access key and secret key at the current time, under one
 * {@link SigningProfile}. Immutable and safe to share between threads.
 *
 * <p>Every signed request is sent with {@code Content-Type: application/json; charset=UTF-8}
 * (the pages prescribe it for every request, GETs included), replacing the client's;
 * {@link #withContentType withContentType(null)} keeps the request's own.
 *
 * <p>The canonical request of every signature is logged at {@code DEBUG} on the
 * {@code System.Logger} {@value #LOGGER} (it holds the body, which may hold phone numbers); a
 * 401 to a signed request logs one {@code WARNING} there naming the usual causes. The secret key
 * is never shown: {@code toString()} writes {@code ***}.
 */
public final class AkSkSigner {
  /** The {@code Content-Type} the CC-iSales and CC-CMS pages prescribe for every request. */
  public static final String CONTENT_TYPE_JSON_UTF8 = "application/json; charset=UTF-8";
  /** The name of the logger of canonical requests and rejections. */
  public static final String LOGGER = "huaweicec.auth.signing";

  private static final Logger LOG = System.getLogger(LOGGER);

  private final String accessKey;
  private final Secret secretKey;
  private final SigningProfile profile;
  private final String contentType;
  private final Clock clock;

  /** A signer under the {@code documented} profile. */
  public AkSkSigner(String accessKey, String secretKey) {
    this(accessKey, secretKey, SigningProfile.DOCUMENTED);
  }

  /**
   * A signer under {@code profile}.
   *
   * @throws IllegalArgumentException for keys that cannot be signed with (never quoting the
   *     secret key)
   */
  public AkSkSigner(String accessKey, String secretKey, SigningProfile profile) {
    this(accessKey, secretKey, profile, CONTENT_TYPE_JSON_UTF8, Clock.systemUTC());
  }

  /** A signer under the profile of this text ({@code java-demo}, {@code ts=seconds,...}). */
  public AkSkSigner(String accessKey, String secretKey, String profile) {
    this(accessKey, secretKey, SigningProfile.parse(profile));
  }

  private AkSkSigner(
      String accessKey, String secretKey, SigningProfile profile, String contentType, Clock clock) {
    AuthV2.checkCredentials(accessKey, secretKey);
    if (contentType != null && !contentType.chars().allMatch(c -> c >= 0x20 && c <= 0x7e)) {
      throw new IllegalArgumentException("the Content-Type must be printable ASCII");
    }
    this.accessKey = accessKey;
    this.secretKey = new Secret(secretKey);
    this.profile = Objects.requireNonNull(profile, "profile");
    this.contentType = contentType;
    this.clock = Objects.requireNonNull(clock, "clock");
    if (profile.host() == SigningProfile.Host.NO_PORT) {
      HostHeader.prepare(); // before anything else builds a java.net.http request, if it can
    }
  }

  /** From {@code CEC_AK}, {@code CEC_SK} and {@code CEC_SIGNING_PROFILE} ({@code documented} when unset). */
  public static AkSkSigner fromEnv() {
    return fromEnv(System.getenv());
  }

  /** From {@code CEC_AK}, {@code CEC_SK} and {@code CEC_SIGNING_PROFILE} of {@code env}. */
  public static AkSkSigner fromEnv(Map<String, String> env) {
    List<String> missing = new ArrayList<>();
    for (String name : List.of("CEC_AK", "CEC_SK")) {
      String value = env.get(name);
      if (value == null || value.isEmpty()) {
        missing.add(name);
      }
    }
    if (!missing.isEmpty()) {
      throw new IllegalArgumentException(
          "set " + String.join(" and ", missing) + " (the auth-v2 access key and secret key)");
    }
    return new AkSkSigner(env.get("CEC_AK"), env.get("CEC_SK"), SigningProfile.fromEnv(env));
  }

  /** This signer sending {@code contentType} on every signed request ({@code null}: the request's own). */
  public AkSkSigner withContentType(String contentType) {
    return new AkSkSigner(accessKey, secretKey.expose(), profile, contentType, clock);
  }

  /** This signer taking the signing time from {@code clock}. */
  public AkSkSigner withClock(Clock clock) {
    return new AkSkSigner(accessKey, secretKey.expose(), profile, contentType, clock);
  }

  /** The access key. */
  public String accessKey() {
    return accessKey;
  }

  /** The signing profile. */
  public SigningProfile profile() {
    return profile;
  }

  /** The Content-Type every signed request is sent with, or {@code null} for the request's own. */
  public String contentType() {
    return contentType;
  }

  /** Signs {@code request} at the clock's current time (see {@link AuthV2#sign}). */
  public SignedRequest sign(SignableRequest request) {
    SignedRequest signed =
        AuthV2.sign(accessKey, secretKey.expose(), clock.instant(), profile, request);
    if (LOG.isLoggable(Level.DEBUG)) {
      LOG.log(Level.DEBUG, "auth-v2 access_key=" + accessKey + " profile=" + profile
          + " signed_headers=" + signed.signedHeaders() + " timestamp=" + signed.timestamp()
          + " canonical request:\n" + signed.canonicalRequest());
    }
    return signed;
  }

  /** Logs (WARNING) why a 401 to a signed request usually happens. */
  void logRejection(String method, String path, SignedRequest signed) {
    LOG.log(Level.WARNING, "HTTP 401 to the auth-v2 signed request " + method + " " + path
        + " (access key " + accessKey + ", timestamp " + (signed == null ? "?" : signed.timestamp())
        + ", profile " + profile + "): check the AK/SK pair, this machine's clock (the timestamp"
        + " must be close to the server's), and the signing profile (" + SigningProfile.ENV_VAR
        + "=java-demo is the other known variant); the canonical request is logged at DEBUG on "
        + LOGGER);
  }

  @Override
  public String toString() {
    return "AkSkSigner[accessKey=" + accessKey + ", secretKey=***, profile=" + profile
        + ", contentType=" + contentType + "]";
  }
}
