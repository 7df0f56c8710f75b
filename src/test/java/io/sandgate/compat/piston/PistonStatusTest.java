package io.sandgate.compat.piston;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.sandgate.execution.ExecutionResult;
import io.sandgate.runtime.PythonRuntime;
import org.junit.jupiter.api.Test;

/** The outcomes the API test cannot provoke on demand, in Piston's terms. */
class PistonStatusTest {

  private static ExecutionResult result(
      String stdout, String stderr, Integer exit, boolean timedOut, boolean oom, boolean cut) {
    return new ExecutionResult(
        stdout, stderr, stdout + stderr, exit, timedOut, oom, cut, 7, PythonRuntime.PYTHON3);
  }

  @Test
  void aCutStderrIsElAndWinsOverTheTimeout() {
    PistonExecution.Stage s =
        PistonStatus.stage(result("a", "e".repeat(16), 137, true, false, true), 16);
    assertEquals("EL", s.status());
    assertEquals("stderr length exceeded", s.message());
    assertEquals("SIGKILL", s.signal());
    assertNull(s.code());
  }

  @Test
  void bothStreamsCutIsOl() {
    assertEquals(
        "OL",
        PistonStatus.stage(result("o".repeat(16), "e".repeat(16), 0, false, false, true), 16)
            .status());
  }

  @Test
  void outOfMemoryIsSgWithSigkill() {
    PistonExecution.Stage s = PistonStatus.stage(result("", "", 137, false, true, false), 16);
    assertEquals("SG", s.status());
    assertEquals("SIGKILL", s.signal());
    assertEquals("Caught fatal signal 9", s.message());
  }

  @Test
  void anExitCodeAboveTheSignalsIsAnExitCode() {
    PistonExecution.Stage s = PistonStatus.stage(result("", "", 200, false, false, false), 16);
    assertEquals("RE", s.status());
    assertEquals(200, s.code());
  }

  @Test
  void aCleanExitHasNoStatusAndItsWallTime() {
    PistonExecution.Stage s = PistonStatus.stage(result("hi\n", "", 0, false, false, false), 16);
    assertNull(s.status());
    assertNull(s.signal());
    assertEquals(0, s.code());
    assertEquals(7L, s.wallTime());
    assertEquals("hi\n", s.output());
  }

  @Test
  void aSandboxFailureIsXx() {
    PistonExecution.Stage s = PistonStatus.sandboxFailed();
    assertEquals("XX", s.status());
    assertEquals("Internal Error", s.message());
    assertNull(s.code());
  }

  @Test
  void noExitCodeWithoutATimeoutIsXx() {
    assertEquals("XX", PistonStatus.stage(result("", "", null, false, false, false), 16).status());
  }
}
