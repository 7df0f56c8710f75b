package io.sandgate.execution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sandgate.runtime.PythonRuntime;
import io.sandgate.tenant.Tenant;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

class RequestValidatorTest {

  private final RequestValidator validator = new RequestValidator(new FileLimits());
  private final Tenant tenant =
      new Tenant("t", 10, Duration.ofSeconds(1), 1, Duration.ofSeconds(30));

  @ParameterizedTest
  @ValueSource(strings = {"", "ascii", "żółw", "€€€", "🐢 turtle", "mixed ü € 🐢 x"})
  void utf8LengthMatchesTheEncoder(String s) {
    assertEquals(s.getBytes(StandardCharsets.UTF_8).length, RequestValidator.utf8Length(s));
  }

  @Test
  void loneSurrogateCountsAsTheThreeBytesTheAgentWrites() {
    assertEquals(3, RequestValidator.utf8Length("\uD800"));
  }

  private Duration validate(List<ProgramFile> files) {
    return validator.validate(
        tenant,
        new ExecutionRequest(
            "print(1)", PythonRuntime.PYPY3, "", List.of(), Optional.empty(), files));
  }

  private static ProgramFile file(String name, int bytes) {
    return new ProgramFile(name, new byte[bytes]);
  }

  @ParameterizedTest
  @ValueSource(strings = {"data.csv", "pkg/mod.py", "a/b/c-d_e.txt", ".hidden", "main.py.bak"})
  void plainRelativeNamesAreAccepted(String name) {
    validate(List.of(file(name, 1)));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "/etc/passwd",
        "../up",
        "a/../b",
        "a/./b",
        "a//b",
        "a/",
        "sp ace",
        "tab\tname",
        "nul\0",
        "ü.txt",
        "main.py",
        "main.py/x",
        "back\\slash",
        "1/2/3/4/5/6/7/8/9"
      })
  void otherNamesAreRefused(String name) {
    assertThrows(InvalidRequestException.class, () -> validate(List.of(file(name, 1))));
  }

  @ParameterizedTest
  @EnumSource(PythonRuntime.class)
  void whatTheSandboxMakesIsRefusedOnTheRuntimesThatMakeIt(PythonRuntime runtime) {
    for (String name : List.of("out", "out/x", "main.py", ".matplotlib", ".matplotlib/x")) {
      boolean reserved = !name.startsWith(".matplotlib") || runtime == PythonRuntime.PYTHON3_DATA;
      Runnable run =
          () ->
              validator.validate(
                  tenant,
                  new ExecutionRequest(
                      "print(1)",
                      runtime,
                      "",
                      List.of(),
                      Optional.empty(),
                      List.of(file(name, 1))));
      if (reserved) {
        InvalidRequestException e = assertThrows(InvalidRequestException.class, run::run, name);
        assertTrue(e.getMessage().startsWith("file name '" + name + "' is "), e.getMessage());
      } else {
        run.run();
      }
    }
    validate(List.of(file("data/out", 1), file("data/main.py", 1)));
  }

  @Test
  void aNameOfMoreThan255CharactersIsRefused() {
    validate(List.of(file("a".repeat(255), 1)));
    assertThrows(InvalidRequestException.class, () -> validate(List.of(file("a".repeat(256), 1))));
  }

  @Test
  void eightLevelsAreTheAgentsDepth() {
    validate(List.of(file("1/2/3/4/5/6/7/8", 1)));
  }

  @Test
  void aFileWhereAnotherNeedsADirectoryIsRefused() {
    assertThrows(
        InvalidRequestException.class, () -> validate(List.of(file("data", 1), file("data/x", 1))));
    validate(List.of(file("data/x", 1), file("data/y", 1)));
  }

  @Test
  void aNameGivenTwiceIsRefused() {
    assertThrows(
        InvalidRequestException.class, () -> validate(List.of(file("a.txt", 1), file("a.txt", 1))));
  }

  @Test
  void countAndTotalSizeAreBounded() {
    validate(Collections.nCopies(1, file("a", 100)));
    List<ProgramFile> three = List.of(file("a", 1), file("b", 1), file("c", 1));
    assertThrows(InvalidRequestException.class, () -> validate(three));
    validate(List.of(file("a", 60), file("b", 40)));
    assertThrows(
        RequestTooLargeException.class, () -> validate(List.of(file("a", 60), file("b", 41))));
  }
}
