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
