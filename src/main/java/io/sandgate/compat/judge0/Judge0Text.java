package io.sandgate.compat.judge0;

/** How a request's program text arrives and an answer's text fields leave: as is, or in base64. */
enum Judge0Text {
  PLAIN,
  BASE64;

  /** The encoding {@code base64_encoded} asks for. */
  static Judge0Text of(Judge0Flag base64Encoded) {
    return base64Encoded.on() ? BASE64 : PLAIN;
  }

  /** A text field of a request, decoded as Judge0 decodes it (leniently). */
  String read(String text) {
    return this == BASE64 && text != null ? Judge0Base64.decode(text) : text;
  }

  /** A text field of an answer, encoded as Judge0 encodes it. */
  String write(String text) {
    return this == BASE64 ? Judge0Base64.encode(text) : text;
  }
}
