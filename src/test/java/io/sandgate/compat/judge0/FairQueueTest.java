package io.sandgate.compat.judge0;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** The asynchronous queue's bookkeeping: turns between tenants, and its bounds; no threads. */
class FairQueueTest {

  private final FairQueue<String> queue = new FairQueue<>(100, 50);

  private void add(String tenant, String... items) {
    assertTrue(queue.reserve(tenant, items.length));
    for (String item : items) {
      queue.add(tenant, item);
    }
  }

  private List<String> drain() {
    List<String> order = new ArrayList<>();
    for (Optional<String> next = queue.poll(); next.isPresent(); next = queue.poll()) {
      order.add(next.get());
    }
    return order;
  }

  @Test
  void tenantsWithWorkAreServedInTurnEachInItsOwnOrder() {
    add("a", "a1", "a2", "a3", "a4", "a5");
    add("b", "b1");
    add("c", "c1", "c2");
    assertEquals(List.of("a1", "b1", "c1", "a2", "c2", "a3", "a4", "a5"), drain());
    assertTrue(queue.poll().isEmpty());
  }

  @Test
  void aLateTenantWaitsForOneTurnOfTheBacklogNotForAllOfIt() {
    add("a", IntStream.rangeClosed(1, 28).mapToObj(i -> "a" + i).toArray(String[]::new));
    for (int i = 0; i < 4; i++) {
      queue.poll(); // four workers busy with a's first four
    }
    add("b", "b1");
    assertEquals(
        List.of("a5", "b1"), List.of(queue.poll().orElseThrow(), queue.poll().orElseThrow()));
    assertEquals(23, queue.waiting("a"));
    assertEquals(0, queue.waiting("b"));
  }

  @Test
  void anItemBackFromATurnGoesToTheEndOfItsTenantsLine() {
    add("a", "a1", "a2");
    add("b", "b1", "b2");
    String first = queue.poll().orElseThrow();
    assertEquals("a1", first);
    queue.add("a", first); // could not run yet (no sandbox): its place is still held
    assertEquals(List.of("b1", "a2", "b2", "a1"), drain());
    assertEquals(2, queue.held("a"), "places stay held until released");
  }

  @Test
  void placesAreBoundedInAllAndPerTenantAllOrNone() {
    FairQueue<String> small = new FairQueue<>(5, 3);
    assertFalse(small.reserve("a", 4), "more than a tenant's share");
    assertEquals(0, small.held("a"), "all or none");
    assertTrue(small.reserve("a", 3));
    assertFalse(small.reserve("a", 1), "a's share is full");
    assertTrue(small.reserve("b", 2), "and another tenant still has room");
    assertFalse(small.reserve("c", 1), "the whole queue is full");
    small.release("a", 1);
    assertTrue(small.reserve("c", 1), "a place released is free for anyone");
    assertThrows(IllegalStateException.class, () -> small.release("b", 3));
  }

  /**
   * The finding this queue answers: tenant a queued 28 four-second runs, then tenant b one short
   * run, with four workers. First in, first out, b's run started after all of a's had (28 s);
   * served in turn, it starts when the second worker is free (4 s): the next run of a, then b's.
   * Simulated on a clock of its own, each worker taking the next item as it frees.
   */
  @Test
  void withFourWorkersBsRunStartsWithinOneRunOfAsNotAfterItsBacklog() {
    Map<String, Long> durations = new HashMap<>();
    add(
        "a",
        IntStream.rangeClosed(1, 28)
            .mapToObj(
                i -> {
                  durations.put("a" + i, 4_000L);
                  return "a" + i;
                })
            .toArray(String[]::new));
    durations.put("b1", 100L);
    Map<String, Long> started = simulate(4, durations, 500, "b", "b1");
    assertEquals(4_000L, started.get("a5"), "a had its turn first");
    assertEquals(
        4_000L, started.get("b1"), "then b's: on the next worker that frees up, not after a's 28");
    assertEquals(29, started.size(), "and a's backlog all ran after");
  }

  /**
   * Runs the queue with {@code workers} workers on a simulated clock (ms): each free worker polls,
   * the item takes its duration; {@code lateItem} of {@code lateTenant} arrives at {@code lateAt}.
   * When each item started.
   */
  private Map<String, Long> simulate(
      int workers, Map<String, Long> durations, long lateAt, String lateTenant, String lateItem) {
    PriorityQueue<Long> freeAt = new PriorityQueue<>();
    for (int i = 0; i < workers; i++) {
      freeAt.add(0L);
    }
    Map<String, Long> started = new HashMap<>();
    boolean lateAdded = false;
    while (!freeAt.isEmpty()) {
      long now = freeAt.poll();
      if (!lateAdded && now >= lateAt) {
        add(lateTenant, lateItem);
        lateAdded = true;
      }
      Optional<String> next = queue.poll();
      if (next.isEmpty()) {
        if (!lateAdded) {
          freeAt.add(lateAt); // idle until it arrives
        }
        continue;
      }
      started.put(next.get(), now);
      freeAt.add(now + durations.get(next.get()));
    }
    return started;
  }
}
