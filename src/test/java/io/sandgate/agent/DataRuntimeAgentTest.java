package io.sandgate.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.sandgate.runtime.PythonRuntime;
import io.sandgate.sandbox.SandboxKind;
import io.sandgate.testing.DockerEngine;
import io.sandgate.testing.Sandboxes;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The python3-data runtime in real sandboxes: a warm interpreter has numpy, pandas and pyplot
 * imported (and frozen for the collector) before its program arrives, a cold one imports only what
 * the program does; both run the program as a plain script would, with a clean stderr and no cache
 * written by matplotlib.
 */
@QuarkusTest
@QuarkusTestResource(DockerEngine.class)
class DataRuntimeAgentTest {

  private static final String PROBE =
      """
            import sys, gc
            print(__name__, sys.argv[1:], sys.path[0], 'pandas' in sys.modules, 'numpy' in sys.modules,
                  gc.get_freeze_count() > 0)
            import pandas, matplotlib
            print(matplotlib.get_backend(), matplotlib.get_cachedir())
            """;

  @Inject Sandboxes sandboxes;

  @Test
  void aWarmDataInterpreterHasTheHeavyModulesImported() {
    AgentRunResult warm = run(Optional.of(PythonRuntime.PYTHON3_DATA));
    assertTrue(warm.warm());
    assertEquals(
        "__main__ ['a'] /tmp True True True\nmodule://sandgate_charts /tmp/.matplotlib\n",
        warm.stdout(),
        warm.stderr());
    assertEquals("", warm.stderr());
  }

  @Test
  void aColdDataRunImportsOnlyWhatItsProgramDoes() {
    AgentRunResult cold = run(Optional.empty());
    assertEquals(false, cold.warm());
    // Every CPython the agent starts freezes what its start made, cold ones too.
    assertEquals(
        "__main__ ['a'] /tmp False False True\nmodule://sandgate_charts /tmp/.matplotlib\n",
        cold.stdout(),
        cold.stderr());
    assertEquals("", cold.stderr());
  }

  @Test
  void aWarmDataInterpreterServesNoOtherRuntimeWarm() {
    AgentRunResult plain =
        sandboxes.run(
            new AgentRunRequest(
                "import sys; print('pandas' in sys.modules)",
                "python3",
                "",
                List.of(),
                20_000,
                1 << 20),
            SandboxKind.DATA,
            Optional.of(PythonRuntime.PYTHON3_DATA));
    assertEquals(false, plain.warm());
    assertEquals("False\n", plain.stdout(), plain.stderr());
  }

  private AgentRunResult run(Optional<PythonRuntime> warm) {
    return sandboxes.run(
        new AgentRunRequest(PROBE, "python3-data", "", List.of("a"), 30_000, 1 << 20),
        SandboxKind.DATA,
        warm);
  }
}
