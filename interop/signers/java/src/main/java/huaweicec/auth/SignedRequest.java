package huaweicec.auth;

/**
 * The result of signing: the header values to send and what went into them. It never holds the
 * secret key or the signing key. {@code canonicalRequest} holds the body, which may hold personal
 * data such as phone numbers: log it only when debugging.
 *
 * @param authorization the {@code Authorization} header value,
 *     {@code auth-v2/{AK}/{timestamp}/{SignedHeaders}/{Signature}}
 * @param host the {@code Host} value to send: the one signed (without the port under
 *     {@code host=no-port})
 * @param canonicalRequest the canonical request that was signed (compare it with the server's
 *     when chasing a 401)
 * @param signedHeaders {@code SignedHeaders}, e.g. {@code content-length;content-type;host}
 * @param timestamp the timestamp in the header
 * @param profile the profile used
 */
public record SignedRequest(
    String authorization,
    String host,
    String canonicalRequest,
    String signedHeaders,
    String timestamp,
    SigningProfile profile) {

  /** What was signed, without the signature and without the canonical request (it holds the body). */
  @Override
  public String toString() {
    return "SignedRequest[host=" + host + ", signedHeaders=" + signedHeaders + ", timestamp="
        + timestamp + ", profile=" + profile + "]";
  }
}
