package huaweicec.auth;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/**
 * Run in a JVM of its own by {@link HostHeaderTest}: {@code late URL} builds a java.net.http
 * request before the java-demo signer, {@code first URL} makes the signer first and then a token
 * provider (whose HTTP client java.net.http makes at once), as the quickstart does; then it sends
 * one signed GET to URL. Prints the exception's message, or "sent".
 */
public final class HostHeaderProbe {
  private HostHeaderProbe() {}

  public static void main(String[] args) throws Exception {
    if (args[0].equals("late")) {
      HttpRequest.newBuilder(URI.create(args[1])).GET().build();
    }
    try {
      AkSkSigner signer = new AkSkSigner("ak", "sk", SigningProfile.JAVA_DEMO);
      new BearerTokenProvider(args[1], "app-key", "app-secret");
      HttpClient client = AuthV2HttpClient.builder(signer).build();
      client.send(HttpRequest.newBuilder(URI.create(args[1] + "/probe")).GET().build(),
          HttpResponse.BodyHandlers.discarding());
      System.out.println("sent");
    } catch (IllegalStateException e) {
      System.out.println(e.getMessage());
    }
  }
}
