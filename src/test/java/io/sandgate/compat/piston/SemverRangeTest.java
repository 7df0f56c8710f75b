package io.sandgate.compat.piston;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The ranges Piston clients send, against what npm's semver.satisfies answers for them. */
class SemverRangeTest {

  @ParameterizedTest(name = "{0} admits {1}: {2}")
  @CsvSource(
      delimiter = ';',
      value = {
        "*;3.11.2;true",
        "x;3.11.2;true",
        "'';3.11.2;true",
        "3.11.2;3.11.2;true",
        "3.11.2;3.11.3;false",
        "=3.11.2;3.11.2;true",
        "v3.11.2;3.11.2;true",
        "3.11;3.11.2;true",
        "3.11;3.12.0;false",
        "3;3.11.2;true",
        "3;4.0.0;false",
        "3.x;3.9.16;true",
        "3.11.x;3.11.2;true",
        "3.11.*;3.10.1;false",
        ">=3.9;3.9.16;true",
        ">=3.10;3.9.16;false",
        ">= 3.10;3.11.2;true",
        ">3.11;3.11.9;false",
        ">3.11;3.12.0;true",
        ">3.11.1;3.11.2;true",
        "<3.11;3.11.0;false",
        "<3.11;3.10.9;true",
        "<=3.11;3.11.9;true",
        "<=3.11;3.12.0;false",
        "<=3.11.2;3.11.2;true",
        ">=3.9 <3.11;3.9.16;true",
        ">=3.9 <3.11;3.11.2;false",
        "^3.9;3.11.2;true",
        "^3.9;4.0.0;false",
        "^3.12;3.11.2;false",
        "^0.2;0.2.5;true",
        "^0.2;0.3.0;false",
        "~3.11;3.11.9;true",
        "~3.11;3.12.0;false",
        "~3;3.12.0;true",
        "~3.11.2;3.11.1;false",
        "3.9 - 3.11;3.11.9;true",
        "3.9 - 3.11;3.12.0;false",
        "3.9.1 - 3.11.2;3.9.0;false",
        "3.9 || 3.11;3.11.2;true",
        "3.9 || 3.10;3.11.2;false",
        "2 || >=3.11;3.11.2;true",
      })
  void admitsWhatSemverAdmits(String range, String version, boolean expected) {
    assertEquals(
        expected, SemverRange.parse(range).orElseThrow().admits(version), range + " vs " + version);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"latest", "3.11.2.1", ">>3", "3.a", "python", "99999999999", "3.99999999999"})
  void whatDoesNotParseMatchesNothing(String range) {
    assertTrue(SemverRange.parse(range).isEmpty(), range);
  }

  @ParameterizedTest
  @CsvSource({"3.9.16,3.11.2,-1", "3.11.2,3.11.2,0", "3.12.0,3.11.9,1"})
  void versionsOrderByTheirNumbers(String a, String b, int sign) {
    assertEquals(sign, Integer.signum(SemverRange.compare(a, b)));
  }
}
