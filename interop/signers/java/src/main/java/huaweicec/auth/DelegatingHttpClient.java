package huaweicec.auth;

import java.io.IOException;
import java.net.Authenticator;
import java.net.CookieHandler;
import java.net.ProxySelector;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Flow;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;

/**
 * An {@link HttpClient} that hands every exchange to another one after changing the request: the
 * base of the signing and bearer adapters. Redirects are never followed: a 3xx reply is returned
 * as it is (a followed redirect would carry the signature or the token to another address).
 */
abstract class DelegatingHttpClient extends HttpClient {
  final HttpClient delegate;

  DelegatingHttpClient(HttpClient delegate) {
    if (delegate.followRedirects() != Redirect.NEVER) {
      throw new IllegalArgumentException("the HttpClient follows redirects (" + delegate.followRedirects()
          + "): give one built with followRedirects(HttpClient.Redirect.NEVER); a followed redirect"
          + " would carry the signature or the token to another address");
    }
    this.delegate = delegate;
  }

  @Override
  public Optional<CookieHandler> cookieHandler() {
    return delegate.cookieHandler();
  }

  @Override
  public Optional<Duration> connectTimeout() {
    return delegate.connectTimeout();
  }

  @Override
  public Redirect followRedirects() {
    return Redirect.NEVER;
  }

  @Override
  public Optional<ProxySelector> proxy() {
    return delegate.proxy();
  }

  @Override
  public SSLContext sslContext() {
    return delegate.sslContext();
  }

  @Override
  public SSLParameters sslParameters() {
    return delegate.sslParameters();
  }

  @Override
  public Optional<Authenticator> authenticator() {
    return delegate.authenticator();
  }

  @Override
  public Version version() {
    return delegate.version();
  }

  @Override
  public Optional<Executor> executor() {
    return delegate.executor();
  }

  @Override
  public <T> CompletableFuture<HttpResponse<T>> sendAsync(
      HttpRequest request, HttpResponse.BodyHandler<T> handler) {
    return sendAsync(request, handler, null);
  }

  /** The body bytes of a request, read from its publisher; empty when it has none. */
  static byte[] bodyOf(HttpRequest request) throws IOException {
    Optional<HttpRequest.BodyPublisher> publisher = request.bodyPublisher();
    if (publisher.isEmpty() || publisher.get().contentLength() == 0) {
      return new byte[0];
    }
    CompletableFuture<byte[]> done = new CompletableFuture<>();
    publisher.get().subscribe(new Flow.Subscriber<ByteBuffer>() {
      private final java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();

      @Override
      public void onSubscribe(Flow.Subscription subscription) {
        subscription.request(Long.MAX_VALUE);
      }

      @Override
      public void onNext(ByteBuffer item) {
        byte[] chunk = new byte[item.remaining()];
        item.get(chunk);
        out.write(chunk, 0, chunk.length);
      }

      @Override
      public void onError(Throwable error) {
        done.completeExceptionally(error);
      }

      @Override
      public void onComplete() {
        done.complete(out.toByteArray());
      }
    });
    try {
      return done.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while reading the request body", e);
    } catch (ExecutionException e) {
      throw new IOException("the request body could not be read", e.getCause());
    }
  }

  /**
   * A copy of {@code request} to send: HTTP/1.1, its headers but those named in {@code drop}
   * (lower case), and this body ({@code null}: none).
   */
  static HttpRequest.Builder copy(HttpRequest request, byte[] body, List<String> drop) {
    HttpRequest.Builder copy = HttpRequest.newBuilder(request.uri());
    if (body == null && request.method().equals("GET")) {
      copy.GET(); // a GET without Content-Length (from Java 19 on; 17 sends Content-Length: 0)
    } else {
      copy.method(request.method(), body == null
          ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
    }
    copy.expectContinue(request.expectContinue())
        .version(HttpClient.Version.HTTP_1_1);
    request.timeout().ifPresent(copy::timeout);
    request.headers().map().forEach((name, values) -> {
      if (!drop.contains(name.toLowerCase(java.util.Locale.ROOT))) {
        values.forEach(value -> copy.header(name, value));
      }
    });
    return copy;
  }

  /** Runs an exchange step that may throw IOException inside a future. */
  static <T> CompletableFuture<T> async(IoSupplier<T> step, Executor executor) {
    return CompletableFuture.supplyAsync(() -> {
      try {
        return step.get();
      } catch (IOException e) {
        throw new CompletionException(e);
      }
    }, executor);
  }

  @FunctionalInterface
  interface IoSupplier<T> {
    T get() throws IOException;
  }

  /** The executor of this client's asynchronous steps: the delegate's, or the common pool. */
  Executor asyncExecutor() {
    return delegate.executor().orElse(java.util.concurrent.ForkJoinPool.commonPool());
  }
}
