package huaweicec.auth;

import java.net.Authenticator;
import java.net.CookieHandler;
import java.net.ProxySelector;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.concurrent.Executor;
import java.util.function.Function;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;

/**
 * An {@link HttpClient.Builder} whose clients never follow redirects and are wrapped by an
 * adapter: what the generated {@code ApiClient} takes.
 */
final class NeverRedirectBuilder implements HttpClient.Builder {
  private final HttpClient.Builder inner =
      HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER);
  private final Function<HttpClient, HttpClient> wrap;

  NeverRedirectBuilder(Function<HttpClient, HttpClient> wrap) {
    this.wrap = wrap;
  }

  @Override
  public HttpClient.Builder cookieHandler(CookieHandler handler) {
    inner.cookieHandler(handler);
    return this;
  }

  @Override
  public HttpClient.Builder connectTimeout(Duration duration) {
    inner.connectTimeout(duration);
    return this;
  }

  @Override
  public HttpClient.Builder sslContext(SSLContext context) {
    inner.sslContext(context);
    return this;
  }

  @Override
  public HttpClient.Builder sslParameters(SSLParameters parameters) {
    inner.sslParameters(parameters);
    return this;
  }

  @Override
  public HttpClient.Builder executor(Executor executor) {
    inner.executor(executor);
    return this;
  }

  /** Only {@code NEVER}: a followed redirect would carry the signature or token elsewhere. */
  @Override
  public HttpClient.Builder followRedirects(HttpClient.Redirect policy) {
    if (policy != HttpClient.Redirect.NEVER) {
      throw new IllegalArgumentException("followRedirects(" + policy + ") is refused: a followed"
          + " redirect would carry the signature or the token to another address");
    }
    return this;
  }

  @Override
  public HttpClient.Builder version(HttpClient.Version version) {
    inner.version(version);
    return this;
  }

  @Override
  public HttpClient.Builder priority(int priority) {
    inner.priority(priority);
    return this;
  }

  @Override
  public HttpClient.Builder proxy(ProxySelector selector) {
    inner.proxy(selector);
    return this;
  }

  @Override
  public HttpClient.Builder authenticator(Authenticator authenticator) {
    inner.authenticator(authenticator);
    return this;
  }

  @Override
  public HttpClient build() {
    return wrap.apply(inner.build());
  }
}
