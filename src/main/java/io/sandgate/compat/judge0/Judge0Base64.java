package io.sandgate.compat.judge0;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * Base64 as Judge0 (Ruby's {@code Base64}) does it: output in lines of 60 characters, each ended by
 * a newline; input decoded leniently — characters outside the alphabet (Judge0's own line breaks
 * among them) skipped, decoding ending at the padding, never an error.
 */
final class Judge0Base64 {

  private static final Base64.Encoder LINES = Base64.getMimeEncoder(60, new byte[] {'\n'});

  private Judge0Base64() {}

  static String encode(String text) {
    if (text == null) {
      return null;
    }
    if (text.isEmpty()) {
      return "";
    }
    return LINES.encodeToString(text.getBytes(StandardCharsets.UTF_8)) + "\n";
  }

  /** The decoded bytes as UTF-8 text (bytes that are not UTF-8 become U+FFFD). */
  static String decode(String text) {
    StringBuilder alphabet = new StringBuilder(text.length());
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '=') {
        break;
      }
      if ((c >= 'A' && c <= 'Z')
          || (c >= 'a' && c <= 'z')
          || (c >= '0' && c <= '9')
          || c == '+'
          || c == '/') {
        alphabet.append(c);
      }
    }
    if (alphabet.length() % 4 == 1) {
      alphabet.setLength(alphabet.length() - 1); // a lone last character carries no whole byte
    }
    return new String(Base64.getDecoder().decode(padded(alphabet)), StandardCharsets.UTF_8);
  }

  private static String padded(StringBuilder alphabet) {
    while (alphabet.length() % 4 != 0) {
      alphabet.append('=');
    }
    return alphabet.toString();
  }
}
