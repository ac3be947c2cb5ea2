package huaweicec.auth;

import java.util.Arrays;

/**
 * What auth-v2 signs of a request: the values exactly as they go on the wire.
 *
 * @param method e.g. {@code POST} (upper-cased when signed)
 * @param path the URL path as sent (percent-encoded as on the wire), without the query
 * @param query the raw query as sent, without {@code ?}; {@code null} or empty for none
 * @param host {@code hostname[:port]} as an HTTP client sends it (the port only when it is not
 *     the scheme's default); under {@code host=no-port} the port is dropped when signing
 * @param contentType the {@code Content-Type} sent; {@code null} when none is sent (then it is
 *     not signed)
 * @param body the body bytes sent; {@code null} for a request without a body (a GET), empty
 *     for {@code Content-Length: 0}
 */
public record SignableRequest(
    String method, String path, String query, String host, String contentType, byte[] body) {

  @Override
  public boolean equals(Object other) {
    return other instanceof SignableRequest r
        && java.util.Objects.equals(method, r.method) && java.util.Objects.equals(path, r.path)
        && java.util.Objects.equals(query, r.query) && java.util.Objects.equals(host, r.host)
        && java.util.Objects.equals(contentType, r.contentType) && Arrays.equals(body, r.body);
  }

  @Override
  public int hashCode() {
    return java.util.Objects.hash(method, path, query, host, contentType, Arrays.hashCode(body));
  }

  /** The request without its body bytes (they may hold personal data): their length only. */
  @Override
  public String toString() {
    return "SignableRequest[method=" + method + ", path=" + path + ", query=" + query + ", host="
        + host + ", contentType=" + contentType + ", body="
        + (body == null ? "none" : body.length + " bytes") + "]";
  }
}
