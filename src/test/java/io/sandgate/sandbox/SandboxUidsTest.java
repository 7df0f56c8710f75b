package io.sandgate.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.OptionalInt;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SandboxUidsTest {

  @Test
  void neverHandsOutOneUidTwiceWhileHeld() {
    SandboxUids uids = new SandboxUids(1_000_000, 8, OptionalInt.empty());
    Set<Integer> held = new HashSet<>();
    for (int i = 0; i < 8; i++) {
      int uid = uids.take().orElseThrow();
      assertTrue(uid >= 1_000_000 && uid < 1_000_008, "uid " + uid);
      assertTrue(held.add(uid), "uid " + uid + " twice");
    }
    assertTrue(uids.take().isEmpty(), "all eight are held");
    int freed = held.iterator().next();
    uids.release(freed);
    assertEquals(freed, uids.take().orElseThrow());
  }

  @Test
  void refusesARangeThatHoldsTheSocketGroupOrNobody() {
    assertThrows(
        IllegalArgumentException.class,
        () -> new SandboxUids(1_000_000, 10, OptionalInt.of(1_000_005)));
    assertThrows(
        IllegalArgumentException.class, () -> new SandboxUids(60_000, 10_000, OptionalInt.empty()));
  }
}
