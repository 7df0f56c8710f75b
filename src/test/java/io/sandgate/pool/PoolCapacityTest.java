package io.sandgate.pool;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.sandgate.sandbox.EngineHost;
import org.junit.jupiter.api.Test;

class PoolCapacityTest {

  private static final long MIB = 1024 * 1024;

  @Test
  void cpusBoundASmallMachine() {
    // 24 GiB would hold 288 sandboxes of 64 MiB; two CPUs, eight.
    assertEquals(8, PoolCapacity.derive(new EngineHost(24 * 1024 * MIB, 2, "test"), 64 * MIB));
  }

  @Test
  void memoryBoundsBigSandboxes() {
    // 3/4 of 4 GiB is 3 GiB: twelve 256 MiB sandboxes, though 16 CPUs would allow 64.
    assertEquals(12, PoolCapacity.derive(new EngineHost(4 * 1024 * MIB, 16, "test"), 256 * MIB));
  }

  @Test
  void neverLessThanOne() {
    assertEquals(1, PoolCapacity.derive(new EngineHost(100 * MIB, 1, "test"), 1024 * MIB));
  }

  @Test
  void unknownMemoryLeavesTheCpusToDecide() {
    assertEquals(4, PoolCapacity.derive(new EngineHost(0, 1, "test"), 64 * MIB));
  }
}
