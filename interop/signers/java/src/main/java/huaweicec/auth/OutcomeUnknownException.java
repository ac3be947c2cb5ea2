package huaweicec.auth;

import java.io.IOException;

/**
 * A request that changes data (the update of a reserved call's result, or a request the retry
 * layer does not know) may have reached the server, which may have applied it: its reply timed
 * out or broke off, or a gateway answered 502 or 504 (the server behind it may have received it).
 * It was not sent again. Check whether the server applied it ({@code getCallResultDetail}, or
 * {@code queryCdrByCallId}) before sending it again.
 *
 * <p>Thrown by {@link RetryHttpClient}; an {@link IOException}, so that a generated client reports
 * it as it reports a failed exchange (the generated {@code ApiException} has it as its cause).
 */
public final class OutcomeUnknownException extends IOException {
  private static final long serialVersionUID = 1L;

  /** The HTTP status of a gateway's reply, or 0 when there was no (whole) reply. */
  private final int statusCode;

  OutcomeUnknownException(String message, int statusCode, Throwable cause) {
    super(message, cause);
    this.statusCode = statusCode;
  }

  /** The gateway's status (502 or 504), or 0 when the reply timed out or broke off. */
  public int statusCode() {
    return statusCode;
  }
}
