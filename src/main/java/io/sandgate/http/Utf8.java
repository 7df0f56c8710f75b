package io.sandgate.http;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** Strict UTF-8: bytes that are not valid UTF-8 are reported, never replaced. */
public final class Utf8 {

  private Utf8() {}

  /** The text, or null when the bytes are not valid UTF-8. */
  public static String decodeOrNull(byte[] bytes) {
    try {
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes))
          .toString();
    } catch (CharacterCodingException e) {
      return null;
    }
  }

  /** A body as JSON can carry it: its text when it is UTF-8, otherwise base64. */
  public record TextOrBase64(String text, boolean isBase64) {}

  public static TextOrBase64 textOrBase64(byte[] bytes) {
    String text = decodeOrNull(bytes);
    return text != null
        ? new TextOrBase64(text, false)
        : new TextOrBase64(Base64.getEncoder().encodeToString(bytes), true);
  }
}
