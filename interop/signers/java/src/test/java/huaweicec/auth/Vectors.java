package huaweicec.auth;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/** The shared vectors: interop/signers/vectors.json and the case folders of tests/signing-vectors. */
final class Vectors {
  private Vectors() {}

  static Map<String, Object> signers() {
    return Support.object(Support.json(Support.read(Support.repo().resolve("interop/signers/vectors.json"))));
  }

  /** One case folder: the request as sent, its context, and what it must sign to. */
  record Case(String name, String method, String path, String query, String host, String contentType,
      byte[] body, String scheme, String ak, String sk, Instant time, String timestamp,
      String canonicalRequest, String signingKey, String authorization) {

    SignableRequest request() {
      return new SignableRequest(method, path, query, host, contentType, body);
    }

    /** The request as `explain` reads it; the default-port case addressed to :443. */
    String explainJson() {
      String authority = name.equals("get-default-port") ? host + ":443" : host;
      StringBuilder json = new StringBuilder("{\"method\":").append(Json.string(method))
          .append(",\"url\":").append(Json.string(scheme + "://" + authority + path + (query == null ? "" : "?" + query)))
          .append(",\"headers\":{\"Content-Type\":").append(Json.string(contentType)).append('}');
      if (body != null) {
        json.append(",\"body\":").append(Json.string(new String(body, StandardCharsets.UTF_8)));
      }
      return json.append(",\"ak\":").append(Json.string(ak)).append(",\"sk\":").append(Json.string(sk))
          .append(",\"time\":").append(Json.string(timestamp)).append('}').toString();
    }
  }

  static List<Case> cases() {
    Path dir = Support.repo().resolve("tests/signing-vectors");
    List<Case> cases = new ArrayList<>();
    try (Stream<Path> folders = Files.list(dir)) {
      for (Path folder : folders.sorted().toList()) {
        if (Files.isRegularFile(folder.resolve("request.txt"))) {
          cases.add(read(folder));
        }
      }
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    return cases;
  }

  /** Reads request.txt as tests/signing-vectors/README.md says (header values untrimmed, but Host). */
  private static Case read(Path folder) throws IOException {
    byte[] raw = Files.readAllBytes(folder.resolve("request.txt"));
    int split = -1;
    for (int i = 0; i + 1 < raw.length; i++) {
      if (raw[i] == '\n' && raw[i + 1] == '\n') {
        split = i;
        break;
      }
    }
    String head = new String(raw, 0, split, StandardCharsets.UTF_8);
    byte[] rest = java.util.Arrays.copyOfRange(raw, split + 2, raw.length);
    String[] lines = head.split("\n");
    String[] requestLine = lines[0].split(" ");
    String target = requestLine[1];
    int q = target.indexOf('?');
    Map<String, String> headers = new LinkedHashMap<>();
    for (int i = 1; i < lines.length; i++) {
      int colon = lines[i].indexOf(':');
      headers.put(lines[i].substring(0, colon).toLowerCase(java.util.Locale.ROOT), lines[i].substring(colon + 1));
    }
    Map<String, Object> context = Support.object(Support.json(Files.readString(folder.resolve("context.json"))));
    String timestamp = (String) context.get("timestamp");
    return new Case(folder.getFileName().toString(), requestLine[0],
        q < 0 ? target : target.substring(0, q), q < 0 ? null : target.substring(q + 1),
        headers.get("host").strip(), headers.get("content-type"),
        headers.containsKey("content-length") ? rest : null, (String) context.get("scheme"),
        (String) context.get("ak"), (String) context.get("sk"), Instant.parse(timestamp), timestamp,
        Files.readString(folder.resolve("canonical-request.txt")),
        Files.readString(folder.resolve("signing-key.txt")),
        Files.readString(folder.resolve("authorization.txt")));
  }

  /** profiles.json: every case signed under each of the 16 profiles. */
  static List<Map<String, Object>> profileVectors() {
    Map<String, Object> file = Support.object(Support.json(
        Support.read(Support.repo().resolve("tests/signing-vectors/profiles.json"))));
    List<Map<String, Object>> vectors = new ArrayList<>();
    for (Object vector : Support.array(file.get("vectors"))) {
      vectors.add(Support.object(vector));
    }
    return vectors;
  }

  static Case byName(String name) {
    return cases().stream().filter(c -> c.name().equals(name)).findFirst().orElseThrow();
  }
}
