package huaweicec.auth;

import java.io.IOException;
import java.io.InputStream;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.net.ConnectException;
import java.net.ProtocolException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongSupplier;
import javax.net.ssl.SSLException;

/**
 * The bearer token of the data-process interface ({@code tokenByAkSk}): fetched, cached, shared
 * between threads and renewed.
 *
 * <p>{@code POST {base}/apigovernance/api/oauth/tokenByAkSk} with {@code {"app_key",
 * "app_secret"}} (and optionally {@code X-Token-Expire: 1..3600}) answers {@code {"AccessToken":
 * "...", "Expires": "600", ...}}. Calls then send {@code Authorization: Bearer {AccessToken}} and
 * {@code X-APP-Key: {app_key}}. There is no refresh token: a new token is requested with the app
 * key and secret again.
 *
 * <p>A token is renewed {@value #RENEW_BEFORE} s before it expires (halfway through a lifetime
 * under two minutes); however many threads need one at once, one request is in flight and the
 * others wait for it. {@link #invalidate} drops a token a server answered 401 to, so that the
 * next {@link #token()} renews it. Token requests never follow a redirect (it would carry the app
 * secret elsewhere) and read at most 64 KiB of reply. Neither the app secret nor a token is ever
 * in an exception message or {@code toString()}. With {@link Options#retry}, a token request that
 * fails in passing is tried again by the Rust client's rules (a 403 or 500 is final).
 */
public final class BearerTokenProvider {
  /** The path of the token interface, appended to the base URL. */
  public static final String TOKEN_PATH = "/apigovernance/api/oauth/tokenByAkSk";
  /** A token is renewed this many seconds before it expires. */
  public static final int RENEW_BEFORE = 60;

  private static final Logger LOG = System.getLogger("huaweicec.auth.token");

  private final URI url;
  private final String appKey;
  private final Secret appSecret;
  private final Integer tokenExpire;
  private final Duration timeout;
  private final HttpClient http;
  private final LongSupplier nanoClock;
  private final RetryPolicy retry;
  private final ReentrantLock lock = new ReentrantLock();
  private final AtomicLong requests = new AtomicLong();
  private volatile Current current;

  private record Current(Secret token, long renewAtNanos) {}

  /** Settings of a provider beyond the base URL and the app's key and secret. */
  public static final class Options {
    Integer tokenExpire;
    Duration timeout = Duration.ofSeconds(30);
    HttpClient http;
    LongSupplier nanoClock = System::nanoTime;
    RetryPolicy retry = RetryPolicy.NONE;

    /** {@code X-Token-Expire}, 1..3600 seconds; unset sends none (the server's default, documented as 600 s). */
    public Options tokenExpire(int seconds) {
      if (seconds < 1 || seconds > 3600) {
        throw new IllegalArgumentException(
            "tokenExpire (X-Token-Expire) must be an integer 1..3600 seconds, got " + seconds);
      }
      this.tokenExpire = seconds;
      return this;
    }

    /** The token request's timeout (default 30 s). */
    public Options timeout(Duration timeout) {
      if (timeout == null || timeout.isNegative() || timeout.isZero()) {
        throw new IllegalArgumentException("the token request timeout must be a positive duration");
      }
      this.timeout = timeout;
      return this;
    }

    /**
     * The HTTP client of token requests (a private CA: its {@code sslContext}). It must not follow
     * redirects. Default: a client of its own with {@code Redirect.NEVER}.
     */
    public Options httpClient(HttpClient http) {
      if (http.followRedirects() != HttpClient.Redirect.NEVER) {
        throw new IllegalArgumentException("the token provider's HttpClient must not follow"
            + " redirects (followRedirects(HttpClient.Redirect.NEVER)): a redirect would carry the"
            + " app secret to another address");
      }
      this.http = http;
      return this;
    }

    /**
     * Retries token requests as the Rust client does (connection errors, timeouts, a reply that
     * broke off, HTTP 429, 502, 503 and 504; {@code Retry-After} honoured): e.g.
     * {@code RetryPolicy.DEFAULT}. Default {@link RetryPolicy#NONE}: one request.
     */
    public Options retry(RetryPolicy policy) {
      this.retry = Objects.requireNonNull(policy, "policy");
      return this;
    }

    /** A monotonic clock in nanoseconds (default {@code System::nanoTime}; for tests). */
    public Options nanoClock(LongSupplier nanoClock) {
      this.nanoClock = Objects.requireNonNull(nanoClock, "nanoClock");
      return this;
    }
  }

  /** A provider with the default options. */
  public BearerTokenProvider(String baseUrl, String appKey, String appSecret) {
    this(baseUrl, appKey, appSecret, new Options());
  }

  /**
   * A provider of tokens from {@code baseUrl} (the CEC open platform, e.g.
   * {@code https://cec.example.com}; the token path is appended).
   *
   * @throws IllegalArgumentException for a base URL, app key or app secret that cannot be used
   *     (never quoting the secret)
   */
  public BearerTokenProvider(String baseUrl, String appKey, String appSecret, Options options) {
    URI base;
    try {
      base = new URI(Objects.requireNonNull(baseUrl, "baseUrl"));
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException("the token base URL " + Text.quote(baseUrl)
          + " is not a URL (e.g. https://cec.example.com)");
    }
    String scheme = base.getScheme() == null ? "" : base.getScheme().toLowerCase(java.util.Locale.ROOT);
    if (!(scheme.equals("https") || scheme.equals("http")) || base.getHost() == null
        || base.getRawQuery() != null || base.getRawFragment() != null || base.getRawUserInfo() != null) {
      throw new IllegalArgumentException("the token base URL " + Text.quote(baseUrl)
          + " must be http(s)://host[:port][/prefix], without query or fragment");
    }
    if (!Text.visibleAscii(appKey)) {
      throw new IllegalArgumentException(
          "the app key is empty or contains spaces, control or non-ASCII characters");
    }
    if (!Text.visibleAscii(appSecret)) {
      throw new IllegalArgumentException(
          "the app secret is empty or contains spaces, control or non-ASCII characters");
    }
    this.url = URI.create(baseUrl.replaceFirst("/+$", "") + TOKEN_PATH);
    this.appKey = appKey;
    this.appSecret = new Secret(appSecret);
    this.tokenExpire = options.tokenExpire;
    this.timeout = options.timeout;
    this.http = options.http != null ? options.http
        : HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(options.timeout).build();
    this.nanoClock = options.nanoClock;
    this.retry = options.retry;
  }

  /** From {@code CEC_APP_KEY}, {@code CEC_APP_SECRET} and {@code CEC_APIACCESS_URL}. */
  public static BearerTokenProvider fromEnv() {
    return fromEnv(System.getenv(), new Options());
  }

  /** From {@code CEC_APP_KEY}, {@code CEC_APP_SECRET} and {@code CEC_APIACCESS_URL}, with {@code options}. */
  public static BearerTokenProvider fromEnv(Options options) {
    return fromEnv(System.getenv(), options);
  }

  /** From {@code CEC_APP_KEY}, {@code CEC_APP_SECRET} and {@code CEC_APIACCESS_URL} of {@code env}. */
  public static BearerTokenProvider fromEnv(Map<String, String> env, Options options) {
    List<String> missing = new ArrayList<>();
    for (String name : List.of("CEC_APP_KEY", "CEC_APP_SECRET", "CEC_APIACCESS_URL")) {
      String value = env.get(name);
      if (value == null || value.isEmpty()) {
        missing.add(name);
      }
    }
    if (!missing.isEmpty()) {
      throw new IllegalArgumentException("set " + String.join(", ", missing)
          + " (the app key and secret of tokenByAkSk and its base URL)");
    }
    return new BearerTokenProvider(
        env.get("CEC_APIACCESS_URL"), env.get("CEC_APP_KEY"), env.get("CEC_APP_SECRET"), options);
  }

  /** The app key (sent as {@code X-APP-Key}). */
  public String appKey() {
    return appKey;
  }

  /** The URL token requests go to. */
  public URI url() {
    return url;
  }

  /** How many token requests this provider has made. */
  public long tokenRequests() {
    return requests.get();
  }

  /** The cached token if it is not due for renewal (never blocks), else {@code null}. */
  public String cached() {
    Current c = current;
    return c != null && nanoClock.getAsLong() - c.renewAtNanos < 0 ? c.token.expose() : null;
  }

  /**
   * A valid token: the cached one, or a new one. One request at a time: threads that need a
   * token while one is being requested wait for it.
   *
   * @throws TokenException when no token can be obtained (the message says what to check)
   */
  public String token() throws TokenException {
    String token = cached();
    if (token != null) {
      return token;
    }
    lock.lock();
    try {
      token = cached(); // another thread may have renewed it meanwhile
      if (token != null) {
        return token;
      }
      TokenReply reply = request();
      long renewAfter = (long) (renewAfter(reply.lifetime()) * 1e9);
      current = new Current(reply.token(), nanoClock.getAsLong() + renewAfter);
      return reply.token().expose();
    } finally {
      lock.unlock();
    }
  }

  /** Drops {@code token} (one a server answered 401 to); a token renewed meanwhile is kept. */
  public void invalidate(String token) {
    lock.lock();
    try {
      Current c = current;
      if (c != null && c.token.equals(new Secret(token))) {
        current = null;
      }
    } finally {
      lock.unlock();
    }
  }

  /** The headers of a data-process call: {@code Authorization} and {@code X-APP-Key}. */
  public Map<String, String> headers(String token) {
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("Authorization", "Bearer " + token);
    headers.put("X-APP-Key", appKey);
    return headers;
  }

  /** Seconds after which a token of this lifetime is renewed. */
  static double renewAfter(double lifetime) {
    return lifetime > 2 * RENEW_BEFORE ? lifetime - RENEW_BEFORE : lifetime / 2;
  }

  private TokenReply request() throws TokenException {
    Retries.Attempts attempts =
        new Retries.Attempts(retry, Retries.operationOf("POST", TOKEN_PATH), TOKEN_PATH);
    for (;;) {
      Duration wait;
      int status;
      byte[] body;
      try {
        Attempt attempt = attempt();
        status = attempt.status();
        body = attempt.body();
        wait = attempts.afterStatus(status, attempt.retryAfter());
      } catch (TokenException e) {
        throw e;
      } catch (IOException e) {
        Retries.Failure failure = Retries.classify(e);
        wait = failure == null ? null : attempts.afterError(failure);
        if (wait == null) {
          throw new TokenException("tokenByAkSk at " + url + " could not be reached: " + describe(e));
        }
        status = -1;
        body = null;
      }
      if (wait == null) {
        TokenReply reply = TokenReply.parse(
            status, body, tokenExpire != null ? tokenExpire : TokenReply.DEFAULT_TOKEN_LIFETIME);
        LOG.log(Level.DEBUG, "obtained a data-process access token (lifetime "
            + Math.round(reply.lifetime()) + " s)");
        return reply;
      }
      try {
        Retries.sleep(wait);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new TokenException("tokenByAkSk at " + url + ": interrupted while waiting to try again");
      }
    }
  }

  private record Attempt(int status, byte[] body, String retryAfter) {}

  /** One token request: its status, the body of a 200 (at most 64 KiB + 1 byte), its Retry-After. */
  private Attempt attempt() throws IOException, TokenException {
    requests.incrementAndGet();
    HttpRequest.Builder request = HttpRequest.newBuilder(url)
        .timeout(timeout)
        .header("Content-Type", "application/json")
        .header("Accept", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString("{\"app_key\":" + Json.string(appKey)
            + ",\"app_secret\":" + Json.string(appSecret.expose()) + "}", StandardCharsets.UTF_8));
    if (tokenExpire != null) {
      request.header("X-Token-Expire", tokenExpire.toString());
    }
    try {
      HttpResponse<InputStream> response =
          http.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
      int status = response.statusCode();
      try (InputStream in = response.body()) {
        // The body of a failure is never read, let alone shown.
        byte[] body = status == 200 ? in.readNBytes(TokenReply.MAX_REPLY_BYTES + 1) : new byte[0];
        return new Attempt(status, body, response.headers().firstValue("Retry-After").orElse(null));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new TokenException("tokenByAkSk at " + url + ": interrupted while waiting for the reply");
    }
  }

  /** What went wrong, without quoting what the server sent (a protocol error's text may). */
  private static String describe(IOException e) {
    if (e instanceof HttpTimeoutException) {
      return "no answer in time";
    }
    if (e instanceof ProtocolException) {
      return "a malformed HTTP reply (ProtocolException)";
    }
    String name = e.getClass().getSimpleName();
    boolean safe = e instanceof ConnectException || e instanceof UnknownHostException
        || e instanceof SSLException;
    return safe && e.getMessage() != null ? name + ": " + e.getMessage() : name;
  }

  @Override
  public String toString() {
    return "BearerTokenProvider[url=" + url + ", appKey=" + appKey + ", appSecret=***]";
  }
}
