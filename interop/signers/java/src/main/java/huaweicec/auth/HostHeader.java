package huaweicec.auth;

import java.net.URI;
import java.net.http.HttpRequest;

/**
 * Lets java.net.http send a {@code Host} header of our own ({@code host=no-port}).
 *
 * <p>java.net.http refuses to set {@code Host} unless the system property
 * {@code jdk.httpclient.allowRestrictedHeaders} names it, and reads that property once, when the
 * first request is built. The property is set here when it is not yet; if java.net.http has
 * already read it without {@code host}, the profile cannot work in this JVM and the error says
 * how to start it.
 */
final class HostHeader {
  private HostHeader() {}

  static final String PROPERTY = "jdk.httpclient.allowRestrictedHeaders";

  /**
   * Sets the property (adds {@code host} to it) unless it names {@code host} already; takes effect
   * only if java.net.http has not read it yet. The signer calls it as soon as it is made under
   * {@code host=no-port}, which is usually before anything builds an HTTP client.
   */
  static synchronized void prepare() {
    String value = System.getProperty(PROPERTY, "");
    boolean named = false;
    for (String name : value.split(",")) {
      named |= name.trim().equalsIgnoreCase("host");
    }
    if (!named) {
      System.setProperty(PROPERTY, value.isBlank() ? "host" : value + ",host");
    }
  }

  /** {@link #prepare()}, then checks that java.net.http takes a {@code Host} header. */
  static synchronized void allow() {
    prepare();
    try {
      HttpRequest.newBuilder(URI.create("http://localhost/")).header("Host", "localhost");
    } catch (IllegalArgumentException e) {
      throw new IllegalStateException("the signing profile host=no-port sends the Host header"
          + " without the port, which java.net.http sends only when the system property "
          + PROPERTY + " includes host, and java.net.http read it before the signer was made: start"
          + " java with -D" + PROPERTY + "=host, or make the AkSkSigner before anything builds a"
          + " java.net.http client or request");
    }
  }
}
