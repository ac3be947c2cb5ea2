package huaweicec.auth;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;

/**
 * When and how often a failed attempt is tried again: the huawei-cec Rust client's rules, with its
 * defaults (2 retries, a backoff drawn from 0 to 100 ms and doubling each retry up to 2 s, full
 * jitter, {@code Retry-After} honoured up to 30 s). Immutable; the {@code with...} methods return
 * a changed copy. Used by {@link RetryHttpClient} and by {@link BearerTokenProvider.Options#retry}.
 */
public final class RetryPolicy {
  /** The Rust client's defaults. */
  public static final RetryPolicy DEFAULT = new RetryPolicy(
      2, Duration.ofMillis(100), Duration.ofSeconds(2), Duration.ofSeconds(30));

  /** No retries. */
  public static final RetryPolicy NONE =
      new RetryPolicy(0, Duration.ZERO, Duration.ZERO, Duration.ZERO);

  private final int maxRetries;
  private final Duration initialBackoff;
  private final Duration maxBackoff;
  private final Duration maxRetryAfter;

  private RetryPolicy(int maxRetries, Duration initialBackoff, Duration maxBackoff, Duration maxRetryAfter) {
    if (maxRetries < 0) {
      throw new IllegalArgumentException("maxRetries must be 0 or more, got " + maxRetries);
    }
    this.maxRetries = maxRetries;
    this.initialBackoff = check("initialBackoff", initialBackoff);
    this.maxBackoff = check("maxBackoff", maxBackoff);
    this.maxRetryAfter = check("maxRetryAfter", maxRetryAfter);
  }

  private static Duration check(String name, Duration value) {
    Objects.requireNonNull(value, name);
    if (value.isNegative() || value.compareTo(Duration.ofDays(1)) > 0) {
      throw new IllegalArgumentException(name + " must be a duration from 0 to 1 day, got " + value);
    }
    return value;
  }

  /** Retries after the first attempt (default 2); 0 disables retries. */
  public int maxRetries() {
    return maxRetries;
  }

  /** The backoff before the first retry is drawn from 0 to this (default 100 ms), doubling each retry. */
  public Duration initialBackoff() {
    return initialBackoff;
  }

  /** The most a backoff (without {@code Retry-After}) waits (default 2 s). */
  public Duration maxBackoff() {
    return maxBackoff;
  }

  /** The longest {@code Retry-After} honoured (default 30 s); a longer one ends the retries. */
  public Duration maxRetryAfter() {
    return maxRetryAfter;
  }

  /** This policy with another number of retries. */
  public RetryPolicy withMaxRetries(int value) {
    return new RetryPolicy(value, initialBackoff, maxBackoff, maxRetryAfter);
  }

  /** This policy with another first backoff window. */
  public RetryPolicy withInitialBackoff(Duration value) {
    return new RetryPolicy(maxRetries, value, maxBackoff, maxRetryAfter);
  }

  /** This policy with another longest backoff. */
  public RetryPolicy withMaxBackoff(Duration value) {
    return new RetryPolicy(maxRetries, initialBackoff, value, maxRetryAfter);
  }

  /** This policy with another longest {@code Retry-After} honoured. */
  public RetryPolicy withMaxRetryAfter(Duration value) {
    return new RetryPolicy(maxRetries, initialBackoff, maxBackoff, value);
  }

  /**
   * The wait before retry number {@code retry} (1-based): drawn at random from 0 to a window that
   * starts at {@link #initialBackoff} and doubles each retry, at most {@link #maxBackoff}.
   */
  public Duration backoff(int retry) {
    long initial = initialBackoff.toNanos();
    int shift = Math.min(Math.max(retry - 1, 0), 16);
    long window = initial > (Long.MAX_VALUE >> shift)
        ? maxBackoff.toNanos() : Math.min(initial << shift, maxBackoff.toNanos());
    return Duration.ofNanos(window <= 0 ? 0 : ThreadLocalRandom.current().nextLong(window + 1));
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof RetryPolicy p && p.maxRetries == maxRetries
        && p.initialBackoff.equals(initialBackoff) && p.maxBackoff.equals(maxBackoff)
        && p.maxRetryAfter.equals(maxRetryAfter);
  }

  @Override
  public int hashCode() {
    return Objects.hash(maxRetries, initialBackoff, maxBackoff, maxRetryAfter);
  }

  @Override
  public String toString() {
    return "RetryPolicy[maxRetries=" + maxRetries + ", initialBackoff=" + initialBackoff
        + ", maxBackoff=" + maxBackoff + ", maxRetryAfter=" + maxRetryAfter + "]";
  }
}
