package huaweicec.auth;

import java.io.IOException;

/**
 * Obtaining a bearer token failed. The message says what to check; it never holds the app
 * secret, a token, or the body of the reply. An {@link IOException}, so that an HTTP client's
 * {@code send} reports it as it reports a failed exchange.
 */
public final class TokenException extends IOException {
  private static final long serialVersionUID = 1L;

  TokenException(String message) {
    super(message);
  }
}
