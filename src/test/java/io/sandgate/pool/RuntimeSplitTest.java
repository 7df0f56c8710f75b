package io.sandgate.pool;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.sandgate.runtime.PythonRuntime;
import io.sandgate.testing.AdjustableClock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RuntimeSplitTest {

  private final AdjustableClock clock = new AdjustableClock();
  private final RuntimeSplit split =
      new RuntimeSplit(
          List.of(PythonRuntime.PYPY3, PythonRuntime.PYTHON3),
          PythonRuntime.PYPY3,
          Duration.ofMinutes(10),
          1,
          clock);

  @Test
  void beforeAnyDemandEveryWarmInterpreterIsTheDefaultRuntimes() {
    assertEquals(Map.of(PythonRuntime.PYPY3, 5, PythonRuntime.PYTHON3, 0), split.targets(5));
    assertEquals(PythonRuntime.PYPY3, split.next(Map.of(PythonRuntime.PYPY3, 4), 5));
  }

  @Test
  void theTargetFollowsDemandWithOneOfEachRuntimeInUse() {
    demand(PythonRuntime.PYPY3, 9);
    demand(PythonRuntime.PYTHON3, 1);
    assertEquals(Map.of(PythonRuntime.PYPY3, 4, PythonRuntime.PYTHON3, 1), split.targets(5));
    demand(PythonRuntime.PYTHON3, 29);
    assertEquals(Map.of(PythonRuntime.PYPY3, 1, PythonRuntime.PYTHON3, 4), split.targets(5));
  }

  @Test
  void aRuntimeNoLongerAskedForLosesItsShareOnceTheWindowPasses() {
    demand(PythonRuntime.PYTHON3, 3);
    clock.advance(Duration.ofMinutes(6));
    demand(PythonRuntime.PYPY3, 3);
    assertEquals(Map.of(PythonRuntime.PYPY3, 2, PythonRuntime.PYTHON3, 2), split.targets(4));
    clock.advance(Duration.ofMinutes(5));
    assertEquals(Map.of(PythonRuntime.PYPY3, 4, PythonRuntime.PYTHON3, 0), split.targets(4));
  }

  @Test
  void aPoolOfOneServesTheMostRecentlyDemandedShare() {
    demand(PythonRuntime.PYPY3, 1);
    demand(PythonRuntime.PYTHON3, 5);
    assertEquals(1, split.targets(1).values().stream().mapToInt(Integer::intValue).sum());
  }

  @Test
  void nextIsTheRuntimeFurthestBelowItsTarget() {
    demand(PythonRuntime.PYPY3, 1);
    demand(PythonRuntime.PYTHON3, 1);
    assertEquals(PythonRuntime.PYTHON3, split.next(Map.of(PythonRuntime.PYPY3, 3), 4));
    assertEquals(
        PythonRuntime.PYPY3,
        split.next(Map.of(PythonRuntime.PYPY3, 1, PythonRuntime.PYTHON3, 2), 4));
  }

  @Test
  void unknownRuntimesAreIgnored() {
    split.demanded(PythonRuntime.PYTHON3_DATA);
    assertEquals(Map.of(PythonRuntime.PYPY3, 3, PythonRuntime.PYTHON3, 0), split.targets(3));
  }

  private void demand(PythonRuntime runtime, int times) {
    for (int i = 0; i < times; i++) {
      split.demanded(runtime);
    }
  }
}
