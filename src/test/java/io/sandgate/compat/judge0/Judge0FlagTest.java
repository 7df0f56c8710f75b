package io.sandgate.compat.judge0;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class Judge0FlagTest {

  @Test
  void onlyTrueIsOn() {
    assertTrue(Judge0Flag.fromString("true").on());
  }

  @ParameterizedTest
  @NullAndEmptySource
  @ValueSource(strings = {"false", "TRUE", "True", "1", "yes", " true"})
  void anythingElseIsOff(String text) {
    assertFalse(Judge0Flag.fromString(text).on());
  }
}
