package huaweicec.auth;

import java.io.IOException;
import java.net.Authenticator;
import java.net.CookieHandler;
import java.net.ProxySelector;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSession;

/**
 * The opt-in retry layer: an {@link HttpClient} that retries what the huawei-cec Rust client
 * retries, with its defaults ({@link RetryPolicy#DEFAULT}), around another one, which is called
 * anew for every attempt: give it an {@link AuthV2HttpClient} or a {@link BearerHttpClient}, and
 * each attempt is signed, or given the token, anew.
 *
 * <pre>{@code
 * new IsalesApi(new ApiClient(RetryHttpClient.builder(AuthV2HttpClient.builder(signer)),
 *     ApiClient.createDefaultObjectMapper(), baseUrl));
 * }</pre>
 *
 * <ul>
 *   <li>The four read operations and the token request are retried after a connection error, a
 *       timeout, a reply that broke off, or HTTP 429, 502, 503 or 504; after HTTP 500 too from
 *       CC-iSales and CC-CMS. TLS failures and a token that could not be obtained are not.
 *   <li>{@code updateReservedCallResult} (and any request whose path the layer does not know) is
 *       sent again only when its connection could not be made. Once it may have been sent, a
 *       timeout, a lost connection, and a gateway's HTTP 502 or 504 throw
 *       {@link OutcomeUnknownException}: the server may have applied it. Any other status is the
 *       result, as it came.
 *   <li>Each attempt has the request's own timeout ({@code ApiClient.setReadTimeout}), or 30 s, the
 *       Rust client's, when it has none; the reply's body is read whole within it (a body that
 *       breaks off is a failed attempt), then handed to the caller's {@code BodyHandler}.
 *   <li>Retries are logged on the {@code System.Logger} {@code huaweicec.auth.retry}: {@code INFO}
 *       for waits a {@code Retry-After} asked for, {@code DEBUG} for the others.
 * </ul>
 *
 * <p>{@code sendAsync} runs the same loop on the delegate's executor (or the common pool), waits
 * included. Redirects are never followed.
 *
 * <p>Below this layer, java.net.http itself sends a GET once more when its connection closes
 * before any reply, and tries a failed connection once more; it never resends another method
 * unless the system property {@code jdk.httpclient.enableAllMethodRetry} is set, which this
 * client therefore refuses.
 */
public final class RetryHttpClient extends DelegatingHttpClient {
  /** The time allowed for each attempt of a request without a timeout of its own: the Rust client's. */
  public static final Duration DEFAULT_ATTEMPT_TIMEOUT = Duration.ofSeconds(30);

  private final RetryPolicy policy;

  private RetryHttpClient(HttpClient delegate, RetryPolicy policy) {
    super(delegate);
    this.policy = Objects.requireNonNull(policy, "policy");
    String all = System.getProperty(ALL_METHOD_RETRY);
    if (all != null && (all.isEmpty() || Boolean.parseBoolean(all))) {
      throw new IllegalStateException("the system property " + ALL_METHOD_RETRY + " is set: with it"
          + " java.net.http sends any request again by itself after a connection closed, the update"
          + " included, which must not be sent again once it may have been sent; remove it");
    }
  }

  /** The property that makes java.net.http resend requests of any method by itself. */
  static final String ALL_METHOD_RETRY = "jdk.httpclient.enableAllMethodRetry";

  /** Wraps {@code client} (which must not follow redirects) with the default policy. */
  public static RetryHttpClient wrap(HttpClient client) {
    return wrap(client, RetryPolicy.DEFAULT);
  }

  /**
   * Wraps {@code client}, which must not follow redirects.
   *
   * @throws IllegalArgumentException when {@code client} follows redirects
   */
  public static RetryHttpClient wrap(HttpClient client, RetryPolicy policy) {
    return new RetryHttpClient(client, policy);
  }

  /**
   * A builder of retrying clients around the clients {@code inner} builds (e.g.
   * {@code AuthV2HttpClient.builder(signer)}), with the default policy: for
   * {@code ApiClient(HttpClient.Builder, ObjectMapper, String)}.
   */
  public static HttpClient.Builder builder(HttpClient.Builder inner) {
    return builder(inner, RetryPolicy.DEFAULT);
  }

  /** A builder of retrying clients around the clients {@code inner} builds, with {@code policy}. */
  public static HttpClient.Builder builder(HttpClient.Builder inner, RetryPolicy policy) {
    Objects.requireNonNull(inner, "inner");
    Objects.requireNonNull(policy, "policy");
    return new Builder(inner, policy);
  }

  /** The policy. */
  public RetryPolicy policy() {
    return policy;
  }

  @Override
  public <T> HttpResponse<T> send(HttpRequest request, HttpResponse.BodyHandler<T> handler)
      throws IOException, InterruptedException {
    Objects.requireNonNull(handler, "handler");
    String method = request.method().toUpperCase(Locale.ROOT);
    byte[] bytes = bodyOf(request);
    byte[] body = bytes.length == 0 && (method.equals("GET") || method.equals("HEAD")) ? null : bytes;
    String path = request.uri().getRawPath() == null ? "/" : request.uri().getRawPath();
    Retries.Attempts attempts =
        new Retries.Attempts(policy, Retries.operationOf(method, path), path);
    Retries.Operation operation = attempts.operation;
    Duration timeout = request.timeout().orElse(DEFAULT_ATTEMPT_TIMEOUT);
    for (;;) {
      HttpRequest attempt = copy(request, body, List.of()).timeout(timeout).build();
      Duration wait;
      try {
        HttpResponse<byte[]> reply = exchange(attempt, timeout);
        int status = reply.statusCode();
        wait = attempts.afterStatus(status, reply.headers().firstValue("Retry-After").orElse(null));
        if (wait == null) {
          if (!operation.read() && (status == 502 || status == 504)) {
            throw outcomeUnknown(operation, method, path, "HTTP " + status + " from a gateway", status, null);
          }
          return replay(reply, handler);
        }
      } catch (OutcomeUnknownException e) {
        throw e;
      } catch (IOException e) {
        Retries.Failure failure = Retries.classify(e);
        if (failure == null) {
          throw e;
        }
        wait = attempts.afterError(failure);
        if (wait == null) {
          if (failure.sent() && !operation.read()) {
            throw outcomeUnknown(operation, method, path, failure.what(), 0, e);
          }
          throw e;
        }
      }
      Retries.sleep(wait);
    }
  }

  private static OutcomeUnknownException outcomeUnknown(Retries.Operation operation, String method,
      String path, String what, int status, Throwable cause) {
    return new OutcomeUnknownException(operation.name() + " " + method + " " + path + ": " + what
        + " after the request may have been sent, so the server may have applied it: check before"
        + " sending it again (not retried)", status, cause);
  }

  /** One attempt, its reply read whole, within {@code timeout}. */
  private HttpResponse<byte[]> exchange(HttpRequest attempt, Duration timeout)
      throws IOException, InterruptedException {
    CompletableFuture<HttpResponse<byte[]>> reply =
        delegate.sendAsync(attempt, HttpResponse.BodyHandlers.ofByteArray());
    try {
      return reply.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
    } catch (TimeoutException e) {
      reply.cancel(true);
      throw new HttpTimeoutException("no whole reply within " + timeout.toMillis() + " ms");
    } catch (InterruptedException e) {
      reply.cancel(true);
      throw e;
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof IOException io) {
        throw io;
      }
      if (cause instanceof RuntimeException runtime) {
        throw runtime;
      }
      if (cause instanceof Error error) {
        throw error;
      }
      throw new IOException(cause);
    }
  }

  /** The reply, its body given to the caller's handler. */
  private static <T> HttpResponse<T> replay(HttpResponse<byte[]> reply, HttpResponse.BodyHandler<T> handler)
      throws IOException, InterruptedException {
    HttpResponse.ResponseInfo info = new HttpResponse.ResponseInfo() {
      @Override
      public int statusCode() {
        return reply.statusCode();
      }

      @Override
      public HttpHeaders headers() {
        return reply.headers();
      }

      @Override
      public HttpClient.Version version() {
        return reply.version();
      }
    };
    HttpResponse.BodySubscriber<T> subscriber = handler.apply(info);
    subscriber.onSubscribe(new Replay(subscriber, reply.body()));
    T body;
    try {
      body = subscriber.getBody().toCompletableFuture().get();
    } catch (ExecutionException e) {
      throw e.getCause() instanceof IOException io ? io : new IOException(e.getCause());
    }
    return new Replayed<>(reply, body);
  }

  /** Hands the bytes of a reply read whole to a body subscriber, on demand. */
  private static final class Replay implements Flow.Subscription {
    private final Flow.Subscriber<? super List<ByteBuffer>> subscriber;
    private final byte[] bytes;
    private boolean sent;
    private boolean finished;
    private boolean busy;

    Replay(Flow.Subscriber<? super List<ByteBuffer>> subscriber, byte[] bytes) {
      this.subscriber = subscriber;
      this.bytes = bytes == null ? new byte[0] : bytes;
    }

    @Override
    public synchronized void request(long n) {
      if (finished || busy) {
        return;
      }
      if (n <= 0) {
        finished = true;
        subscriber.onError(new IllegalArgumentException("a subscriber requested " + n + " items"));
        return;
      }
      busy = true;
      try {
        if (!sent) {
          sent = true;
          if (bytes.length > 0) {
            subscriber.onNext(List.of(ByteBuffer.wrap(bytes).asReadOnlyBuffer()));
          }
        }
        if (!finished) {
          finished = true;
          subscriber.onComplete();
        }
      } finally {
        busy = false;
      }
    }

    @Override
    public synchronized void cancel() {
      finished = true;
    }
  }

  /** A reply whose body went through the caller's handler. */
  private record Replayed<T>(HttpResponse<byte[]> reply, T body) implements HttpResponse<T> {
    @Override
    public int statusCode() {
      return reply.statusCode();
    }

    @Override
    public HttpRequest request() {
      return reply.request();
    }

    @Override
    public Optional<HttpResponse<T>> previousResponse() {
      return Optional.empty();
    }

    @Override
    public HttpHeaders headers() {
      return reply.headers();
    }

    @Override
    public Optional<SSLSession> sslSession() {
      return reply.sslSession();
    }

    @Override
    public URI uri() {
      return reply.uri();
    }

    @Override
    public HttpClient.Version version() {
      return reply.version();
    }
  }

  @Override
  public <T> CompletableFuture<HttpResponse<T>> sendAsync(HttpRequest request,
      HttpResponse.BodyHandler<T> handler, HttpResponse.PushPromiseHandler<T> push) {
    return CompletableFuture.supplyAsync(() -> {
      try {
        return send(request, handler);
      } catch (IOException e) {
        throw new CompletionException(e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new CompletionException(new IOException("interrupted while retrying", e));
      }
    }, asyncExecutor());
  }

  @Override
  public String toString() {
    return "RetryHttpClient[" + policy + ", " + delegate + "]";
  }

  /** Forwards its settings to the inner builder, and wraps what that builds. */
  private static final class Builder implements HttpClient.Builder {
    private final HttpClient.Builder inner;
    private final RetryPolicy policy;

    Builder(HttpClient.Builder inner, RetryPolicy policy) {
      this.inner = inner;
      this.policy = policy;
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

    @Override
    public HttpClient.Builder followRedirects(HttpClient.Redirect policy) {
      inner.followRedirects(policy);
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
      return new RetryHttpClient(inner.build(), policy);
    }
  }
}
