package io.sandgate.function;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * What an invocation's log keeps of an output ({@link FunctionService#cut}): never half a
 * character.
 */
class InvocationLogCutTest {

  private static final String TURTLE = "\uD83D\uDC22";

  @Test
  void aPairAtTheCutIsDroppedWholeNotHalved() {
    String output = "a".repeat(65_535) + TURTLE + "b";
    String kept = FunctionService.cut(output, 65_536);
    assertEquals("a".repeat(65_535), kept);
    assertEquals(
        kept,
        new String(kept.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8),
        "the log is text that survives UTF-8");
  }

  @Test
  void aPairThatEndsAtTheCutIsKept() {
    assertEquals("ab" + TURTLE, FunctionService.cut("ab" + TURTLE + "cd", 4));
    assertEquals(TURTLE, FunctionService.cut(TURTLE, 2));
    assertEquals("", FunctionService.cut(TURTLE, 1));
  }

  @Test
  void shortOutputsAreKeptWholeAndNulBecomesAReplacement() {
    assertEquals("x\uFFFDy" + TURTLE, FunctionService.cut("x\0y" + TURTLE, 65_536));
    assertEquals("", FunctionService.cut("", 10));
    assertEquals("abc", FunctionService.cut("abcdef", 3));
  }
}
