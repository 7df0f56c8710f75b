package io.sandgate.execution;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sandgate.agent.AgentRunRequest;
import io.sandgate.runtime.PythonRuntime;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

class SandboxJobTest {

  private final ExecutionLimits limits = new FileLimits();

  @Test
  void aProgramAloneAsksForNothingBack() {
    AgentRunRequest wire =
        SandboxJob.of("print(1)", PythonRuntime.PYPY3, Duration.ofMillis(2500))
            .build()
            .toAgent(limits);
    assertEquals("print(1)", wire.code());
    assertEquals("pypy3", wire.runtime());
    assertEquals("", wire.stdin());
    assertEquals(List.of(), wire.args());
    assertEquals(2500, wire.timeoutMs());
    assertEquals(1024 * 1024, wire.maxOutputBytes());
    assertEquals(List.of(), wire.files());
    assertFalse(wire.result());
    assertFalse(wire.outputFiles());
    assertEquals(0, wire.maxOutputFiles());
    assertEquals(0, wire.maxOutputFileBytes());
  }

  @Test
  void outputFilesComeBackWithinTheLimits() {
    AgentRunRequest wire =
        SandboxJob.of("print(input())", PythonRuntime.PYTHON3, Duration.ofSeconds(1))
            .stdin("in")
            .args(List.of("a", "b"))
            .files(List.of(new ProgramFile("data.csv", new byte[] {1, 2})))
            .outputFiles()
            .build()
            .toAgent(limits);
    assertEquals("in", wire.stdin());
    assertEquals(List.of("a", "b"), wire.args());
    assertEquals("data.csv", wire.files().get(0).path());
    assertArrayEquals(new byte[] {1, 2}, Base64.getDecoder().decode(wire.files().get(0).content()));
    assertFalse(wire.result());
    assertEquals(1024 * 1024, wire.maxResultBytes());
    assertTrue(wire.outputFiles());
    assertEquals(64, wire.maxOutputFiles());
    assertEquals(4 * 1024 * 1024, wire.maxOutputFileBytes());
  }

  @Test
  void aResultChannelKeepsWhatTheJobAsksFor() {
    AgentRunRequest wire =
        SandboxJob.of("pass", PythonRuntime.PYTHON3, Duration.ofSeconds(1))
            .resultChannel(5000)
            .build()
            .toAgent(limits);
    assertTrue(wire.result());
    assertEquals(5000, wire.maxResultBytes());
    assertFalse(wire.outputFiles());
  }
}
