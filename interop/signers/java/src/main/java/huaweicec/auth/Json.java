package huaweicec.auth;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A strict JSON reader (RFC 8259) for the few documents the helper reads: token replies and the
 * requests of {@code explain}. The helper depends on nothing beyond the JDK, which has no JSON
 * reader. Objects become {@code LinkedHashMap} (a repeated key: the last wins), arrays
 * {@code ArrayList}, numbers {@code BigDecimal}, {@code null} {@link #NULL}. Nesting deeper than
 * {@link #MAX_DEPTH} is refused (no stack overflow on hostile input). Error messages give a
 * position, never the text read.
 */
final class Json {
  private Json() {}

  /** JSON's {@code null}. */
  static final Object NULL = new Object() {
    @Override
    public String toString() {
      return "null";
    }
  };

  static final int MAX_DEPTH = 64;

  /** Not a JSON document; the message says where, without quoting it. */
  static final class ParseException extends Exception {
    private static final long serialVersionUID = 1L;

    ParseException(String message) {
      super(message);
    }
  }

  static Object parse(String text) throws ParseException {
    Json.Reader reader = new Json.Reader(text);
    reader.space();
    Object value = reader.value(0);
    reader.space();
    if (reader.at < text.length()) {
      throw reader.fail("unexpected text after the JSON value");
    }
    return value;
  }

  /** {@code text} as a JSON string literal (non-ASCII escaped). */
  static String string(String text) {
    StringBuilder out = new StringBuilder(text.length() + 2).append('"');
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '"' || c == '\\') {
        out.append('\\').append(c);
      } else if (c < 0x20 || c > 0x7e) {
        out.append(String.format("\\u%04x", (int) c));
      } else {
        out.append(c);
      }
    }
    return out.append('"').toString();
  }

  private static final class Reader {
    private final String text;
    private int at;

    Reader(String text) {
      this.text = text;
    }

    ParseException fail(String what) {
      return new ParseException(what + " at character " + (at + 1));
    }

    void space() {
      while (at < text.length()) {
        char c = text.charAt(at);
        if (c != ' ' && c != '\t' && c != '\n' && c != '\r') {
          return;
        }
        at++;
      }
    }

    Object value(int depth) throws ParseException {
      if (depth > MAX_DEPTH) {
        throw fail("nested deeper than " + MAX_DEPTH + " levels");
      }
      if (at >= text.length()) {
        throw fail("unexpected end of the JSON text");
      }
      char c = text.charAt(at);
      switch (c) {
        case '{':
          return object(depth);
        case '[':
          return array(depth);
        case '"':
          return string();
        case 't':
          return literal("true", Boolean.TRUE);
        case 'f':
          return literal("false", Boolean.FALSE);
        case 'n':
          return literal("null", NULL);
        default:
          if (c == '-' || (c >= '0' && c <= '9')) {
            return number();
          }
          throw fail("unexpected character");
      }
    }

    Object literal(String word, Object value) throws ParseException {
      if (!text.startsWith(word, at)) {
        throw fail("unexpected character");
      }
      at += word.length();
      return value;
    }

    Map<String, Object> object(int depth) throws ParseException {
      Map<String, Object> map = new LinkedHashMap<>();
      at++;
      space();
      if (at < text.length() && text.charAt(at) == '}') {
        at++;
        return map;
      }
      while (true) {
        space();
        if (at >= text.length() || text.charAt(at) != '"') {
          throw fail("expected a string key");
        }
        String key = string();
        space();
        expect(':');
        space();
        map.put(key, value(depth + 1));
        space();
        if (at < text.length() && text.charAt(at) == ',') {
          at++;
          continue;
        }
        expect('}');
        return map;
      }
    }

    List<Object> array(int depth) throws ParseException {
      List<Object> list = new ArrayList<>();
      at++;
      space();
      if (at < text.length() && text.charAt(at) == ']') {
        at++;
        return list;
      }
      while (true) {
        space();
        list.add(value(depth + 1));
        space();
        if (at < text.length() && text.charAt(at) == ',') {
          at++;
          continue;
        }
        expect(']');
        return list;
      }
    }

    void expect(char c) throws ParseException {
      if (at >= text.length() || text.charAt(at) != c) {
        throw fail("expected '" + c + "'");
      }
      at++;
    }

    String string() throws ParseException {
      at++; // the opening quote
      StringBuilder out = new StringBuilder();
      while (true) {
        if (at >= text.length()) {
          throw fail("unterminated string");
        }
        char c = text.charAt(at++);
        if (c == '"') {
          return out.toString();
        }
        if (c < 0x20) {
          throw fail("control character in a string");
        }
        if (c != '\\') {
          out.append(c);
          continue;
        }
        if (at >= text.length()) {
          throw fail("unterminated string");
        }
        char e = text.charAt(at++);
        switch (e) {
          case '"': out.append('"'); break;
          case '\\': out.append('\\'); break;
          case '/': out.append('/'); break;
          case 'b': out.append('\b'); break;
          case 'f': out.append('\f'); break;
          case 'n': out.append('\n'); break;
          case 'r': out.append('\r'); break;
          case 't': out.append('\t'); break;
          case 'u':
            if (at + 4 > text.length()) {
              throw fail("bad \\u escape");
            }
            int code = 0;
            for (int i = 0; i < 4; i++) {
              int digit = Character.digit(text.charAt(at + i), 16);
              if (digit < 0) {
                throw fail("bad \\u escape");
              }
              code = code * 16 + digit;
            }
            at += 4;
            out.append((char) code);
            break;
          default:
            throw fail("bad escape");
        }
      }
    }

    BigDecimal number() throws ParseException {
      int start = at;
      if (text.charAt(at) == '-') {
        at++;
      }
      if (at < text.length() && text.charAt(at) == '0') {
        at++;
      } else if (!digits()) {
        throw fail("bad number");
      }
      if (at < text.length() && text.charAt(at) == '.') {
        at++;
        if (!digits()) {
          throw fail("bad number");
        }
      }
      if (at < text.length() && (text.charAt(at) == 'e' || text.charAt(at) == 'E')) {
        at++;
        if (at < text.length() && (text.charAt(at) == '+' || text.charAt(at) == '-')) {
          at++;
        }
        if (!digits()) {
          throw fail("bad number");
        }
      }
      try {
        return new BigDecimal(text.substring(start, at));
      } catch (NumberFormatException | ArithmeticException e) {
        throw fail("bad number");
      }
    }

    boolean digits() {
      int start = at;
      while (at < text.length() && text.charAt(at) >= '0' && text.charAt(at) <= '9') {
        at++;
      }
      return at > start;
    }
  }
}
