package io.sandgate.compat.judge0;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

/** Base64 as Ruby's Base64 (and so Judge0) writes and reads it. */
class Judge0Base64Test {

  @Test
  void outputComesInLinesOfSixtyEachEndedByANewline() {
    assertEquals(
        "aGVsbG8sIEp1ZGdlMAo=\n",
        Judge0Base64.encode("hello, Judge0\n"),
        "Judge0's documented example");
    String long64 = Judge0Base64.encode("x".repeat(100));
    String[] lines = long64.split("\n", -1);
    assertEquals(60, lines[0].length());
    assertEquals("", lines[lines.length - 1], "ended by a newline");
    assertEquals("", Judge0Base64.encode(""));
    assertNull(Judge0Base64.encode(null));
  }

  @Test
  void inputIsReadLeniently() {
    assertEquals("Judge0", Judge0Base64.decode("SnVkZ2Uw"));
    String wrapped = Judge0Base64.encode("y".repeat(100));
    assertEquals("y".repeat(100), Judge0Base64.decode(wrapped), "Judge0's own line breaks");
    assertEquals(
        "Judge0",
        Judge0Base64.decode("SnV k\nZ2 Uw!"),
        "characters outside the alphabet are skipped");
    assertEquals("hi", Judge0Base64.decode("aGk=garbage"), "decoding ends at the padding");
    assertEquals("", Judge0Base64.decode("!!!"));
    assertEquals("hi", Judge0Base64.decode("aGk"), "padding may be missing");
    assertEquals("hi1", Judge0Base64.decode("aGkxx"), "a lone last character carries no byte");
  }
}
