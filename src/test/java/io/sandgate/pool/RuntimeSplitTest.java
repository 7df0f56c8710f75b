package io.sandgate.pool;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.sandgate.testing.AdjustableClock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RuntimeSplitTest {

  private final AdjustableClock clock = new AdjustableClock();
  private final RuntimeSplit split =
      new RuntimeSplit(List.of("pypy3", "python3"), "pypy3", Duration.ofMinutes(10), 1, clock);

  @Test
  void beforeAnyDemandEveryWarmInterpreterIsTheDefaultRuntimes() {
    assertEquals(Map.of("pypy3", 5, "python3", 0), split.targets(5));
    assertEquals("pypy3", split.next(Map.of("pypy3", 4), 5));
  }

  @Test
  void theTargetFollowsDemandWithOneOfEachRuntimeInUse() {
    demand("pypy3", 9);
    demand("python3", 1);
    assertEquals(Map.of("pypy3", 4, "python3", 1), split.targets(5));
    demand("python3", 29);
    assertEquals(Map.of("pypy3", 1, "python3", 4), split.targets(5));
  }

  @Test
  void aRuntimeNoLongerAskedForLosesItsShareOnceTheWindowPasses() {
    demand("python3", 3);
    clock.advance(Duration.ofMinutes(6));
    demand("pypy3", 3);
    assertEquals(Map.of("pypy3", 2, "python3", 2), split.targets(4));
    clock.advance(Duration.ofMinutes(5));
    assertEquals(Map.of("pypy3", 4, "python3", 0), split.targets(4));
  }

  @Test
  void aPoolOfOneServesTheMostRecentlyDemandedShare() {
    demand("pypy3", 1);
    demand("python3", 5);
    assertEquals(1, split.targets(1).values().stream().mapToInt(Integer::intValue).sum());
  }

  @Test
  void nextIsTheRuntimeFurthestBelowItsTarget() {
    demand("pypy3", 1);
    demand("python3", 1);
    assertEquals("python3", split.next(Map.of("pypy3", 3), 4));
    assertEquals("pypy3", split.next(Map.of("pypy3", 1, "python3", 2), 4));
  }

  @Test
  void unknownRuntimesAreIgnored() {
    split.demanded("ruby");
    assertEquals(Map.of("pypy3", 3, "python3", 0), split.targets(3));
  }

  private void demand(String runtime, int times) {
    for (int i = 0; i < times; i++) {
      split.demanded(runtime);
    }
  }
}
