package huaweicec.auth;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** What the tests share: the repository, a recording HTTP server, the real simulator. */
final class Support {
  private Support() {}

  static final String AK = "demo-ak";
  static final String SK = "demo-sk";
  static final String APP_KEY = "demo-app-key";
  static final String APP_SECRET = "demo-app-secret";

  /** The repository root (-Drepo.root, set by build.sh). */
  static Path repo() {
    String root = System.getProperty("repo.root");
    if (root == null) {
      throw new IllegalStateException("run the tests with build.sh test (-Drepo.root is not set)");
    }
    return Path.of(root);
  }

  static String read(Path path) {
    try {
      return Files.readString(path, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  static Object json(String text) {
    try {
      return Json.parse(text);
    } catch (Json.ParseException e) {
      throw new IllegalStateException(e);
    }
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> object(Object value) {
    return (Map<String, Object>) value;
  }

  @SuppressWarnings("unchecked")
  static List<Object> array(Object value) {
    return (List<Object>) value;
  }

  /** The real `cec` binary (-Dcec.bin, set by build.sh). */
  static String cec() {
    String bin = System.getProperty("cec.bin");
    if (bin == null || !Files.isExecutable(Path.of(bin))) {
      throw new IllegalStateException("run the tests with build.sh test: -Dcec.bin names no cec binary");
    }
    return bin;
  }

  /** A process of `cec` with none of the caller's CEC_ settings or config file. */
  static ProcessBuilder cecProcess(List<String> args) throws IOException {
    List<String> command = new ArrayList<>();
    command.add(cec());
    command.addAll(args);
    ProcessBuilder builder = new ProcessBuilder(command);
    Map<String, String> env = builder.environment();
    env.keySet().removeIf(name -> name.startsWith("CEC_") || name.equals("RUST_LOG")
        || name.toLowerCase(java.util.Locale.ROOT).endsWith("_proxy"));
    env.put("XDG_CONFIG_HOME", Files.createTempDirectory("cec-config").toString());
    return builder;
  }

  /** One request as it arrived. */
  record Received(String method, String target, Map<String, List<String>> headers, byte[] body) {
    String header(String name) {
      List<String> values = headers.get(name.toLowerCase(java.util.Locale.ROOT));
      if (values == null) {
        return null;
      }
      if (values.size() != 1) {
        throw new AssertionError("header " + name + " arrived " + values.size() + " times");
      }
      return values.get(0);
    }

    String text() {
      return new String(body, StandardCharsets.UTF_8);
    }
  }

  record Reply(int status, Map<String, String> headers, byte[] body) {
    static Reply json(int status, String json) {
      return new Reply(status, Map.of("Content-Type", "application/json"), json.getBytes(StandardCharsets.UTF_8));
    }
  }

  interface Handler {
    Reply handle(Received received);
  }

  /** Thrown by a handler: the connection is closed without a reply (the JDK's server does so). */
  static final class Drop extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Drop() {
      super("dropped on purpose", null, false, false);
    }
  }

  /** A reply header the recorder does not send: the body is announced this many bytes longer than it is, then the connection closes. */
  static final String SHORT_BY = "X-Test-Short-By";

  /** A real local HTTP/1.1 server (the JDK's) that records every request as it arrived. */
  static final class Recorder implements AutoCloseable {
    final List<Received> received = Collections.synchronizedList(new ArrayList<>());
    volatile Handler handler = r -> Reply.json(200, "{}");
    private final HttpServer server;

    Recorder() throws IOException {
      server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
      server.setExecutor(Executors.newCachedThreadPool());
      server.createContext("/", exchange -> {
        byte[] body;
        try (InputStream in = exchange.getRequestBody()) {
          body = in.readAllBytes();
        }
        Map<String, List<String>> headers = new TreeMap<>();
        exchange.getRequestHeaders().forEach((name, values) ->
            headers.put(name.toLowerCase(java.util.Locale.ROOT), List.copyOf(values)));
        Received r = new Received(exchange.getRequestMethod(),
            exchange.getRequestURI().toString(), headers, body);
        received.add(r);
        Reply reply = handler.handle(r);
        reply.headers().forEach((name, value) -> {
          if (!name.equals(SHORT_BY)) {
            exchange.getResponseHeaders().add(name, value);
          }
        });
        String shortBy = reply.headers().get(SHORT_BY);
        if (shortBy != null) {
          exchange.sendResponseHeaders(reply.status(), reply.body().length + Integer.parseInt(shortBy));
          exchange.getResponseBody().write(reply.body());
          exchange.getResponseBody().flush();
          throw new Drop();
        }
        exchange.sendResponseHeaders(reply.status(), reply.body().length == 0 ? -1 : reply.body().length);
        try (OutputStream out = exchange.getResponseBody()) {
          out.write(reply.body());
        }
      });
      server.start();
    }

    int port() {
      return server.getAddress().getPort();
    }

    String url() {
      return "http://127.0.0.1:" + port();
    }

    Received only() {
      if (received.size() != 1) {
        throw new AssertionError(received.size() + " requests arrived, expected one");
      }
      return received.get(0);
    }

    @Override
    public void close() {
      server.stop(0);
    }
  }

  /** `cec simulate --port 0 ARGS...`, the real simulator, as a process. */
  static final class Simulator implements AutoCloseable {
    private static final Pattern URL = Pattern.compile("http://127\\.0\\.0\\.1:[0-9]+");
    final Process process;
    final String url;

    Simulator(String... args) throws IOException, InterruptedException {
      List<String> command = new ArrayList<>(List.of("simulate", "--port", "0"));
      command.addAll(List.of(args));
      Path log = Files.createTempFile("cec-simulate", ".log");
      process = cecProcess(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      String found = null;
      while (found == null) {
        Matcher m = URL.matcher(Files.readString(log));
        if (m.find()) {
          found = m.group();
        } else if (!process.isAlive() || System.nanoTime() > deadline) {
          process.destroy();
          throw new IllegalStateException("cec simulate did not start: " + Files.readString(log));
        } else {
          Thread.sleep(50);
        }
      }
      url = found;
    }

    @Override
    public void close() {
      process.destroy();
      try {
        process.waitFor();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
