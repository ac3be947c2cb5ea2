package huaweicec.auth;

import java.util.regex.Pattern;

/** Small text helpers shared by the helper's classes, written to behave as the TypeScript helper's. */
final class Text {
  private Text() {}

  private static final Pattern VISIBLE_ASCII = Pattern.compile("[\\x21-\\x7e]+");

  /** Whether {@code text} is non-empty and all visible ASCII ({@code !} to {@code ~}). */
  static boolean visibleAscii(String text) {
    return text != null && VISIBLE_ASCII.matcher(text).matches();
  }

  /** Whether {@code c} is white space as JavaScript's {@code String.prototype.trim} sees it. */
  static boolean jsSpace(char c) {
    switch (c) {
      case '\t': case '\n': case 0x0b: case '\f': case '\r': case ' ':
      case 0xa0: case 0x1680: case 0x2028: case 0x2029: case 0x202f: case 0x205f: case 0x3000:
      case 0xfeff:
        return true;
      default:
        return c >= 0x2000 && c <= 0x200a;
    }
  }

  /** {@code text} without leading and trailing white space, as JavaScript's {@code trim()}. */
  static String trim(String text) {
    int start = 0;
    int end = text.length();
    while (start < end && jsSpace(text.charAt(start))) {
      start++;
    }
    while (end > start && jsSpace(text.charAt(end - 1))) {
      end--;
    }
    return text.substring(start, end);
  }

  /** {@code text} trimmed of ASCII white space only (space, tab, LF, VT, FF, CR): header values. */
  static String trimAscii(String text) {
    int start = 0;
    int end = text.length();
    while (start < end && asciiSpace(text.charAt(start))) {
      start++;
    }
    while (end > start && asciiSpace(text.charAt(end - 1))) {
      end--;
    }
    return text.substring(start, end);
  }

  private static boolean asciiSpace(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == 0x0b || c == '\f' || c == '\r';
  }

  /**
   * {@code text} with ASCII letters in lower case, and only those ({@code toLowerCase} would read
   * the Kelvin sign as k, and {@code I} as dotless i in a Turkish locale).
   */
  static String asciiLower(String text) {
    StringBuilder out = new StringBuilder(text.length());
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      out.append(c >= 'A' && c <= 'Z' ? (char) (c + ('a' - 'A')) : c);
    }
    return out.toString();
  }

  /** {@code text} as a JSON string literal, as JavaScript's {@code JSON.stringify} writes it. */
  static String quote(String text) {
    StringBuilder out = new StringBuilder(text.length() + 2).append('"');
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      switch (c) {
        case '"': out.append("\\\""); break;
        case '\\': out.append("\\\\"); break;
        case '\b': out.append("\\b"); break;
        case '\f': out.append("\\f"); break;
        case '\n': out.append("\\n"); break;
        case '\r': out.append("\\r"); break;
        case '\t': out.append("\\t"); break;
        default:
          boolean lone = Character.isHighSurrogate(c)
              ? i + 1 >= text.length() || !Character.isLowSurrogate(text.charAt(i + 1))
              : Character.isLowSurrogate(c) && (i == 0 || !Character.isHighSurrogate(text.charAt(i - 1)));
          if (c < 0x20 || lone) {
            out.append(String.format("\\u%04x", (int) c));
          } else {
            out.append(c);
          }
      }
    }
    return out.append('"').toString();
  }
}
