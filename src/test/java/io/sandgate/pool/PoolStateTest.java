package io.sandgate.pool;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class PoolStateTest {

  @Test
  void reservesOnlyWhatIsMissingAndWithinParallelism() {
    PoolState<String> state = new PoolState<>(5, 10, 100);
    assertEquals(3, state.reserveCreations(3, 0));
    assertEquals(0, state.reserveCreations(3, 0), "three already under way");
    state.created("a");
    assertEquals(1, state.reserveCreations(3, 0));
    assertEquals(3, state.creatingCount());
    assertEquals(1, state.readyCount());
  }

  @Test
  void leasedItemsDoNotCountTowardsTheTarget() {
    PoolState<String> state = new PoolState<>(1, 10, 100);
    state.reserveCreations(1, 0);
    state.created("a");
    assertEquals(0, state.reserveCreations(5, 0));
    assertEquals(Optional.of("a"), state.take());
    assertEquals(1, state.reserveCreations(5, 0), "a lease is replaced at once");
  }

  @Test
  void theCapCountsEverythingThatLives() {
    PoolState<String> state = new PoolState<>(2, 10, 3);
    assertEquals(2, state.reserveCreations(5, 0));
    state.created("a");
    state.created("b");
    assertEquals(Optional.of("a"), state.take());
    assertEquals(Optional.of("b"), state.take());
    assertEquals(1, state.reserveCreations(5, 0), "two leased: room for one more");
    assertEquals(0, state.reserveCreations(5, 0), "three live: the cap");
    state.release("a");
    assertEquals(0, state.reserveCreations(5, 1), "a's container is still being removed");
    assertEquals(1, state.reserveCreations(5, 0), "once it is gone, its room is free");
  }

  @Test
  void aWaiterTakesOnlyWhatItAcceptsAndOthersPassItBy() {
    PoolState<String> state = new PoolState<>(3, 10, 100);
    CompletableFuture<String> wantsData = state.enqueue(s -> s.startsWith("data")).orElseThrow();
    CompletableFuture<String> wantsAny = state.enqueue().orElseThrow();
    state.reserveCreations(3, 0);
    state.created("std-1");
    assertFalse(wantsData.isDone(), "a standard item is not for it");
    assertEquals(
        "std-1", wantsAny.join(), "the next waiter that accepts it gets it, ahead in line or not");
    state.created("std-2");
    assertEquals(1, state.readyCount(), "nobody waiting accepts it: ready");
    state.created("data-1");
    assertEquals("data-1", wantsData.join());
    assertEquals(List.of("std-2"), List.copyOf(state.readyItems()));
  }

  @Test
  void takingPrefersButNeverGoesOutsideWhatIsAccepted() {
    PoolState<String> state = new PoolState<>(3, 10, 100);
    state.reserveCreations(3, 0);
    state.created("std-pypy3");
    state.created("std-python3");
    state.created("data-python3");
    assertEquals(
        Optional.of("std-python3"),
        state.take(s -> s.startsWith("std"), s -> s.endsWith("python3")));
    assertEquals(
        Optional.of("std-pypy3"),
        state.take(s -> s.startsWith("std"), s -> s.endsWith("python3")),
        "none preferred left: the oldest accepted one");
    assertEquals(
        Optional.empty(),
        state.take(s -> s.startsWith("std"), s -> true),
        "a data item is not taken");
    assertEquals(Optional.of("data-python3"), state.evictOldest(s -> !s.startsWith("std")));
    assertEquals(0, state.readyCount());
  }

  @Test
  void aWaiterQueuedAfterAnItemBecameReadyGetsItAtOnce() {
    PoolState<String> state = new PoolState<>(1, 10, 100);
    state.reserveCreations(1, 0);
    state.created("a");
    CompletableFuture<String> late = state.enqueue().orElseThrow();
    assertEquals("a", late.getNow(null), "it does not wait for a creation that may never come");
    assertEquals(1, state.leasedCount());
    assertEquals(0, state.waiterCount());
  }

  @Test
  void waitersAreServedFirstInFirstOut() {
    PoolState<String> state = new PoolState<>(2, 10, 100);
    CompletableFuture<String> first = state.enqueue().orElseThrow();
    CompletableFuture<String> second = state.enqueue().orElseThrow();
    state.reserveCreations(2, 0);
    state.created("a");
    state.created("b");
    assertEquals("a", first.join());
    assertEquals("b", second.join());
    assertEquals(0, state.readyCount());
    assertEquals(2, state.leasedCount());
  }

  @Test
  void queueIsBounded() {
    PoolState<String> state = new PoolState<>(1, 1, 100);
    assertTrue(state.enqueue().isPresent());
    assertTrue(state.enqueue().isEmpty());
  }

  @Test
  void abandonedWaiterIsSkipped() {
    PoolState<String> state = new PoolState<>(1, 10, 100);
    CompletableFuture<String> gaveUp = state.enqueue().orElseThrow();
    assertTrue(state.abandon(gaveUp));
    state.reserveCreations(1, 0);
    state.created("a");
    assertFalse(gaveUp.isDone());
    assertEquals(1, state.readyCount());
  }

  @Test
  void expiredLeasesAreReturnedOnce() {
    PoolState<String> state = new PoolState<>(2, 10, 100);
    state.reserveCreations(2, 0);
    state.created("a");
    state.created("b");
    state.take();
    state.take();
    state.leaseUntil("a", 100);
    state.leaseUntil("b", 1_000);
    assertEquals(List.of("a"), state.expireLeases(500));
    assertFalse(state.release("a"), "the reaper already ended it");
    assertTrue(state.release("b"));
  }

  @Test
  void closingFailsWaitersAndDrainsReady() {
    PoolState<String> state = new PoolState<>(2, 10, 100);
    state.reserveCreations(2, 0);
    state.created("a");
    state.take();
    CompletableFuture<String> waiter = state.enqueue().orElseThrow();
    List<String> drained = state.close();
    assertTrue(waiter.isCancelled());
    assertEquals(List.of(), drained);
    assertFalse(state.created("late"), "a creation landing after close must be destroyed");
    assertEquals(0, state.reserveCreations(5, 0));
    assertTrue(state.take().isEmpty());
  }

  @Test
  void evictsOnlyMatchingReadyItems() {
    PoolState<String> state = new PoolState<>(3, 10, 100);
    state.reserveCreations(3, 0);
    state.created("old");
    state.created("new");
    assertEquals(List.of("old"), state.evictReady(s -> s.equals("old")));
    assertSame("new", state.take().orElseThrow());
  }
}
