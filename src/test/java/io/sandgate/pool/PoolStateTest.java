package io.sandgate.pool;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

class PoolStateTest {

  @Test
  void reservesOnlyWhatIsMissingAndWithinParallelism() {
    PoolState<String, String> state = new PoolState<>(5, 10, 100, wants -> wants);
    assertEquals(3, state.reserveCreations(3, 0));
    assertEquals(0, state.reserveCreations(3, 0), "three already under way");
    state.created("a");
    assertEquals(1, state.reserveCreations(3, 0));
    assertEquals(3, state.creatingCount());
    assertEquals(1, state.readyCount());
  }

  @Test
  void leasedItemsDoNotCountTowardsTheTarget() {
    PoolState<String, String> state = new PoolState<>(1, 10, 100, wants -> wants);
    state.reserveCreations(1, 0);
    state.created("a");
    assertEquals(0, state.reserveCreations(5, 0));
    assertEquals(Optional.of("a"), state.take(s -> true, s -> true));
    assertEquals(1, state.reserveCreations(5, 0), "a lease is replaced at once");
  }

  @Test
  void theCapCountsEverythingThatLives() {
    PoolState<String, String> state = new PoolState<>(2, 10, 3, wants -> wants);
    assertEquals(2, state.reserveCreations(5, 0));
    state.created("a");
    state.created("b");
    assertEquals(Optional.of("a"), state.take(s -> true, s -> true));
    assertEquals(Optional.of("b"), state.take(s -> true, s -> true));
    assertEquals(1, state.reserveCreations(5, 0), "two leased: room for one more");
    assertEquals(0, state.reserveCreations(5, 0), "three live: the cap");
    state.release("a");
    assertEquals(0, state.reserveCreations(5, 1), "a's container is still being removed");
    assertEquals(1, state.reserveCreations(5, 0), "once it is gone, its room is free");
  }

  @Test
  void aWaiterTakesOnlyWhatItAcceptsAndOthersPassItBy() {
    PoolState<String, String> state = new PoolState<>(3, 10, 100, wants -> wants);
    CompletableFuture<String> wantsData =
        state.enqueue("data", s -> s.startsWith("data")).orElseThrow();
    CompletableFuture<String> wantsAny = state.enqueue("any", s -> true).orElseThrow();
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
    PoolState<String, String> state = new PoolState<>(3, 10, 100, wants -> wants);
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
    PoolState<String, String> state = new PoolState<>(1, 10, 100, wants -> wants);
    state.reserveCreations(1, 0);
    state.created("a");
    CompletableFuture<String> late = state.enqueue("any", s -> true).orElseThrow();
    assertEquals("a", late.getNow(null), "it does not wait for a creation that may never come");
    assertEquals(1, state.leasedCount());
    assertEquals(0, state.waiterCount());
  }

  @Test
  void waitersAreServedFirstInFirstOut() {
    PoolState<String, String> state = new PoolState<>(2, 10, 100, wants -> wants);
    CompletableFuture<String> first = state.enqueue("any", s -> true).orElseThrow();
    CompletableFuture<String> second = state.enqueue("any", s -> true).orElseThrow();
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
    PoolState<String, String> state = new PoolState<>(1, 1, 100, wants -> wants);
    assertTrue(state.enqueue("any", s -> true).isPresent());
    assertTrue(state.enqueue("any", s -> true).isEmpty());
  }

  @Test
  void abandonedWaiterIsSkipped() {
    PoolState<String, String> state = new PoolState<>(1, 10, 100, wants -> wants);
    CompletableFuture<String> gaveUp = state.enqueue("any", s -> true).orElseThrow();
    assertTrue(state.abandon(gaveUp));
    state.reserveCreations(1, 0);
    state.created("a");
    assertFalse(gaveUp.isDone());
    assertEquals(1, state.readyCount());
  }

  @Test
  void expiredLeasesAreReturnedOnce() {
    PoolState<String, String> state = new PoolState<>(2, 10, 100, wants -> wants);
    state.reserveCreations(2, 0);
    state.created("a");
    state.created("b");
    state.take(s -> true, s -> true);
    state.take(s -> true, s -> true);
    state.leaseUntil("a", 100);
    state.leaseUntil("b", 1_000);
    assertEquals(List.of("a"), state.expireLeases(500));
    assertFalse(state.release("a"), "the reaper already ended it");
    assertTrue(state.release("b"));
  }

  @Test
  void closingFailsWaitersAndDrainsReady() {
    PoolState<String, String> state = new PoolState<>(2, 10, 100, wants -> wants);
    state.reserveCreations(2, 0);
    state.created("a");
    state.take(s -> true, s -> true);
    CompletableFuture<String> waiter = state.enqueue("any", s -> true).orElseThrow();
    List<String> drained = state.close();
    assertTrue(waiter.isCancelled());
    assertEquals(List.of(), drained);
    assertFalse(state.created("late"), "a creation landing after close must be destroyed");
    assertEquals(0, state.reserveCreations(5, 0));
    assertTrue(state.take(s -> true, s -> true).isEmpty());
  }

  @Test
  void evictsOnlyMatchingReadyItems() {
    PoolState<String, String> state = new PoolState<>(3, 10, 100, wants -> wants);
    state.reserveCreations(3, 0);
    state.created("old");
    state.created("new");
    assertEquals(List.of("old"), state.evictReady(s -> s.equals("old")));
    assertSame("new", state.take(s -> true, s -> true).orElseThrow());
  }

  /** Items and wishes are named "size:what", e.g. "data:python3-data"; the size is the prefix. */
  private static PoolState<String, String> sized(int target) {
    return new PoolState<>(target, 10, 100, wants -> wants.substring(0, wants.indexOf(':')));
  }

  @Test
  void plansForTheOldestWaiterWhoseSizeNothingUnderWayHasThenForTheSplit() {
    PoolState<String, String> state = sized(3);
    state.enqueue("data:py", s -> s.startsWith("data")).orElseThrow();
    state.enqueue("data:other", s -> s.startsWith("data")).orElseThrow();
    state.enqueue("std:py", s -> s.startsWith("std")).orElseThrow();
    List<String> planned = state.planCreations(3, 0, item -> item, have -> "std:split");
    assertEquals(List.of("data:py", "std:py", "std:split"), planned);
    assertEquals(3, state.creatingCount());
  }

  @Test
  void theSplitSeesReadyItemsAndCreationsUnderWay() {
    PoolState<String, String> state = sized(3);
    state.planCreations(2, 0, item -> item, have -> have.isEmpty() ? "std:a" : "std:b");
    state.created("std:ready", "std:a");
    List<Map<String, Integer>> seen = new ArrayList<>();
    Function<Map<String, Integer>, String> split =
        have -> seen.add(Map.copyOf(have)) ? "std:c" : "";
    state.planCreations(3, 0, item -> item + "!", split);
    assertEquals(Map.of("std:ready!", 1, "std:a", 0, "std:b", 1), seen.get(0));
    state.creationFailed("std:b");
    state.creationFailed("std:c");
    assertEquals(0, state.creatingCount());
  }

  @Test
  void makesRoomOnlyWhileNoCreationOfTheWaitersSizeIsUnderWay() {
    PoolState<String, String> state = sized(2);
    state.planCreations(2, 0, item -> item, have -> "std:x");
    state.created("std:1", "std:x");
    assertTrue(
        state.makeRoomFor("std:y", s -> !s.startsWith("std")).isEmpty(),
        "a std creation is under way");
    assertEquals(
        Optional.of("std:1"),
        state.makeRoomFor("data:y", s -> !s.startsWith("data")),
        "nothing of the data size is under way: the oldest other gives way");
  }

  @Test
  void aWaiterGivingUpKeepsWhatWasHandedToItMeanwhile() {
    PoolState<String, String> state = sized(1);
    CompletableFuture<String> queued = state.enqueue("std:a", s -> true).orElseThrow();
    assertEquals(Optional.empty(), state.giveUp(queued), "still queued: it holds nothing");
    CompletableFuture<String> handed = state.enqueue("std:a", s -> true).orElseThrow();
    state.reserveCreations(1, 0);
    state.created("std:1");
    assertEquals(Optional.of("std:1"), state.giveUp(handed));
    CompletableFuture<String> cancelled = state.enqueue("std:a", s -> true).orElseThrow();
    state.close();
    assertEquals(Optional.empty(), state.giveUp(cancelled));
  }
}
