package huaweicec.auth;

import java.io.IOException;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.UnknownHostException;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.nio.channels.UnresolvedAddressException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import javax.net.ssl.SSLException;

/**
 * The retry rules of the huawei-cec Rust client, as the Python and TypeScript helpers have them:
 * which operation a request is, which replies and failures deserve another attempt, the waits.
 *
 * <ul>
 *   <li>The four read operations ({@code getCallResultDetail}, {@code getExternalResult},
 *       {@code queryCdrByCallId}, {@code queryCallRecords}; the POST queries too) and the token
 *       request are retried on connection errors, timeouts, a reply that broke off, and HTTP 429,
 *       502, 503 and 504; HTTP 500 too from CC-iSales and CC-CMS (whose pages document no 500), not
 *       from the CEC open platform (which documents its 500 as a business failure).
 *   <li>Anything else, the update of a reserved call's result first, is sent again only when its
 *       connection could not be made (it provably was not sent).
 *   <li>TLS failures are never retried.
 *   <li>{@code Retry-After} (seconds or an HTTP date) sets the wait when it asks for at most
 *       {@link RetryPolicy#maxRetryAfter}; a longer one ends the retries. Otherwise the wait is the
 *       policy's backoff (full jitter).
 * </ul>
 */
final class Retries {
  private Retries() {}

  /** The name of the logger of retries: INFO for waits a {@code Retry-After} asked for, DEBUG for the others. */
  static final String LOGGER = "huaweicec.auth.retry";

  private static final Logger LOG = System.getLogger(LOGGER);

  /** What the rules need to know of a request's operation. */
  record Operation(String name, boolean read, boolean retry500) {}

  private record Known(String method, Pattern path, Operation operation) {}

  private static final List<Known> OPERATIONS = List.of(
      new Known("GET", Pattern.compile("/rest/isales/v1/openapi/campaigns/[^/]+/callresultdetail/[^/]+$"),
          new Operation("getCallResultDetail", true, true)),
      new Known("GET", Pattern.compile("/rest/isales/v1/openapi/campaigns/[^/]+/[^/]+/queryObsResultDetail$"),
          new Operation("getExternalResult", true, true)),
      new Known("POST", Pattern.compile("/rest/cmsapp/v1/openapi/calldata/querycalldetailbyid$"),
          new Operation("queryCdrByCallId", true, true)),
      new Known("POST", Pattern.compile("/apiaccess/rest/dataprocess/v1/openapp/queryCallManualDetailInfo$"),
          new Operation("queryCallRecords", true, false)),
      new Known("POST", Pattern.compile("/apigovernance/api/oauth/tokenByAkSk$"),
          new Operation("createToken", true, false)),
      new Known("POST", Pattern.compile("/rest/isales/v1/openapi/campaigns/[^/]+/appoint/updateResult$"),
          new Operation("updateReservedCallResult", false, false)));

  static final Operation UNKNOWN = new Operation("unknown", false, false);

  /**
   * The operation of a request by method and path (a base URL with a path prefix is allowed);
   * anything unknown is treated as the update is.
   */
  static Operation operationOf(String method, String path) {
    String upper = method.toUpperCase(Locale.ROOT);
    String bare = path == null ? "" : path.split("\\?", 2)[0];
    for (Known known : OPERATIONS) {
      if (known.method().equals(upper) && known.path().matcher(bare).find()) {
        return known.operation();
      }
    }
    return UNKNOWN;
  }

  /** Why a reply's status deserves another attempt, or {@code null}. */
  static String statusReason(int status, Operation operation) {
    if (!operation.read()) {
      return null;
    }
    boolean retried = status == 429 || status == 502 || status == 503 || status == 504
        || (status == 500 && operation.retry500());
    return retried ? "HTTP " + status : null;
  }

  private static final Pattern DIGITS = Pattern.compile("[0-9]+");
  private static final Pattern HTTP_DATE =
      Pattern.compile("[A-Za-z]{3}, \\d{2} [A-Za-z]{3} \\d{4} \\d{2}:\\d{2}:\\d{2} GMT");

  /**
   * The wait a {@code Retry-After} value asks for: seconds, or an HTTP date (zero for one in the
   * past); {@code null} for a missing value or one in neither form (then ignored). A number too
   * large to mean anything is the longest duration.
   */
  static Duration parseRetryAfter(String value, Instant now) {
    if (value == null) {
      return null;
    }
    String text = Text.trimAscii(value);
    if (DIGITS.matcher(text).matches()) {
      return text.length() <= 15 ? Duration.ofSeconds(Long.parseLong(text)) : FOREVER;
    }
    if (!HTTP_DATE.matcher(text).matches()) {
      return null;
    }
    try {
      Instant at = ZonedDateTime.parse(text, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
      return at.isAfter(now) ? Duration.between(now, at) : Duration.ZERO;
    } catch (DateTimeParseException e) {
      return null;
    }
  }

  /** A {@code Retry-After} too large to mean anything. */
  static final Duration FOREVER = Duration.ofSeconds(Long.MAX_VALUE / 1_000_000_000L);

  /** A failed attempt: whether the request may have reached the server, and what happened. */
  record Failure(boolean sent, String what) {}

  /**
   * What a failed exchange means, or {@code null} for an error that ends the call as it is (TLS,
   * a token that could not be obtained, anything not known to be a transport failure).
   */
  static Failure classify(Throwable error) {
    List<Throwable> chain = new ArrayList<>();
    Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
    for (Throwable t = error; t != null && seen.add(t); t = t.getCause()) {
      chain.add(t);
    }
    for (Throwable t : chain) {
      if (t instanceof SSLException || t instanceof TokenException) {
        return null;
      }
    }
    if (!(error instanceof IOException)) {
      return null;
    }
    for (Throwable t : chain) {
      if (t instanceof HttpConnectTimeoutException || t instanceof ConnectException
          || t instanceof UnknownHostException || t instanceof NoRouteToHostException
          || t instanceof UnresolvedAddressException) {
        return new Failure(false, "connection failed");
      }
    }
    for (Throwable t : chain) {
      if (t instanceof HttpTimeoutException) {
        return new Failure(true, "timed out");
      }
    }
    return new Failure(true, "the connection was lost");
  }

  /** The attempts of one call: what follows each failure, and the waits between them. */
  static final class Attempts {
    private final RetryPolicy policy;
    final Operation operation;
    private final String where;
    private int attempt = 1;

    Attempts(RetryPolicy policy, Operation operation, String where) {
      this.policy = policy;
      this.operation = operation;
      this.where = where;
    }

    private Duration waitBefore(String reason, Duration retryAfter) {
      if (attempt > policy.maxRetries()) {
        return null;
      }
      Duration wait;
      if (retryAfter != null) {
        if (retryAfter.compareTo(policy.maxRetryAfter()) > 0) {
          LOG.log(Level.INFO, operation.name() + " " + where + ": not retrying after " + reason
              + ": the server's Retry-After asks for " + describe(retryAfter) + ", more than "
              + policy.maxRetryAfter().toMillis() + " ms");
          return null;
        }
        LOG.log(Level.INFO, operation.name() + " " + where + ": attempt " + attempt + ": " + reason
            + "; waiting " + retryAfter.toMillis() + " ms as the server's Retry-After asks before trying again");
        wait = retryAfter;
      } else {
        wait = policy.backoff(attempt);
        LOG.log(Level.DEBUG, operation.name() + " " + where + ": attempt " + attempt + ": " + reason
            + "; retrying in " + wait.toMillis() + " ms");
      }
      attempt++;
      return wait;
    }

    private static String describe(Duration wait) {
      return wait.equals(FOREVER) ? "more than 10^15 s" : wait.toMillis() + " ms";
    }

    /** The wait before the next attempt after a reply with this status, or {@code null}: the reply is the result. */
    Duration afterStatus(int status, String retryAfter) {
      String reason = statusReason(status, operation);
      return reason == null ? null : waitBefore(reason, parseRetryAfter(retryAfter, Instant.now()));
    }

    /** The wait before the next attempt after an attempt that got no (whole) reply, or {@code null}: the error is the result. */
    Duration afterError(Failure failure) {
      if (failure.sent() && !operation.read()) {
        return null;
      }
      return waitBefore(failure.what(), null);
    }

    /** How many attempts were made so far. */
    int attempts() {
      return attempt;
    }
  }

  /** Sleeps for {@code wait}. */
  static void sleep(Duration wait) throws InterruptedException {
    long nanos = wait.toNanos();
    if (nanos > 0) {
      Thread.sleep(nanos / 1_000_000L, (int) (nanos % 1_000_000L));
    }
  }
}
