package huaweicec.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * Holds a secret (secret key, app secret, access token): {@code toString()} shows {@code ***},
 * and {@link #expose()} returns the value for the one place that sends it. Equality compares in
 * constant time.
 */
public final class Secret {
  private final String value;

  /** Wraps {@code value}. */
  public Secret(String value) {
    this.value = java.util.Objects.requireNonNull(value, "value");
  }

  /** The secret itself: only for the header or body that carries it. */
  public String expose() {
    return value;
  }

  @Override
  public String toString() {
    return "***";
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof Secret s
        && MessageDigest.isEqual(
            value.getBytes(StandardCharsets.UTF_8), s.value.getBytes(StandardCharsets.UTF_8));
  }

  @Override
  public int hashCode() {
    return value.hashCode();
  }
}
