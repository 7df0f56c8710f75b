package io.sandgate.pool;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Predicate;

/**
 * Bookkeeping of the warm pool: ready items, creations under way, leased items and the FIFO of
 * waiting callers, each of which takes only the items it accepts (a sandbox of its size). Plain and
 * synchronized, so it can be tested without containers.
 *
 * @param <T> what the pool holds (a sandbox in production)
 */
final class PoolState<T> {

  private final int target;
  private final int maxWaiters;
  private final int maxLive;
  private final Deque<T> ready = new ArrayDeque<>();
  private final Deque<Waiter<T>> waiters = new ArrayDeque<>();
  private final Map<T, Long> leased = new HashMap<>();
  private int creating;
  private boolean closed;

  /**
   * @param target items kept ready (or being made ready)
   * @param maxWaiters callers that may wait at once
   * @param maxLive items that may exist at once, leased and being removed included
   */
  PoolState(int target, int maxWaiters, int maxLive) {
    this.target = target;
    this.maxWaiters = maxWaiters;
    this.maxLive = maxLive;
  }

  /**
   * How many creations to start now to reach the target, within the parallelism and the cap on live
   * items ({@code removing} of them are still being removed); counts them as under way.
   */
  synchronized int reserveCreations(int maxParallel, int removing) {
    if (closed) {
      return 0;
    }
    int missing = target - ready.size() - creating;
    int room = maxLive - ready.size() - creating - leased.size() - removing;
    int allowed = Math.min(Math.min(missing, maxParallel - creating), room);
    int n = Math.max(0, allowed);
    creating += n;
    return n;
  }

  /** A caller waiting for an item it accepts. */
  private record Waiter<T>(CompletableFuture<T> future, Predicate<T> accepts) {}

  /**
   * A creation finished: hands the item to the oldest waiter that accepts it (leased, with {@code
   * deadline} computed by the waiter's own lease) or adds it to the ready set. Returns false if the
   * pool is closed and the caller must destroy the item.
   */
  synchronized boolean created(T item) {
    creating--;
    if (closed) {
      return false;
    }
    for (Iterator<Waiter<T>> it = waiters.iterator(); it.hasNext(); ) {
      Waiter<T> waiter = it.next();
      if (!waiter.accepts().test(item)) {
        continue;
      }
      it.remove();
      leased.put(item, Long.MAX_VALUE);
      if (waiter.future().complete(item)) {
        return true;
      }
      leased.remove(item); // that waiter gave up just now; try the next one
    }
    ready.addLast(item);
    return true;
  }

  synchronized void creationFailed() {
    creating--;
  }

  /**
   * Takes a ready item that {@code accepts} takes at once, if there is one: the oldest {@code
   * preferred} one, else the oldest.
   */
  synchronized Optional<T> take(Predicate<T> accepts, Predicate<T> preferred) {
    if (closed) {
      return Optional.empty();
    }
    T item =
        ready.stream()
            .filter(accepts.and(preferred))
            .findFirst()
            .or(() -> ready.stream().filter(accepts).findFirst())
            .orElse(null);
    if (item != null) {
      ready.remove(item);
      leased.put(item, Long.MAX_VALUE);
    }
    return Optional.ofNullable(item);
  }

  /** Takes the oldest ready item at once, if there is one. */
  synchronized Optional<T> take() {
    return take(item -> true, item -> true);
  }

  /** {@link #enqueue(Predicate)} for any item. */
  synchronized Optional<CompletableFuture<T>> enqueue() {
    return enqueue(item -> true);
  }

  /**
   * Queues a waiter for an item {@code accepts} takes; empty when the queue is full or the pool
   * closed. One such item that became ready since the caller last looked is handed over at once.
   */
  synchronized Optional<CompletableFuture<T>> enqueue(Predicate<T> accepts) {
    if (closed || waiters.size() >= maxWaiters) {
      return Optional.empty();
    }
    CompletableFuture<T> waiter = new CompletableFuture<>();
    Optional<T> ready = take(accepts, item -> true);
    if (ready.isPresent()) {
      waiter.complete(ready.get());
    } else {
      waiters.addLast(new Waiter<>(waiter, accepts));
    }
    return Optional.of(waiter);
  }

  /** A waiter gave up; true if it was still queued (so it holds nothing). */
  synchronized boolean abandon(CompletableFuture<T> waiter) {
    return waiters.removeIf(w -> w.future() == waiter);
  }

  /** Records when a leased item must be done by (epoch millis), for the reaper. */
  synchronized void leaseUntil(T item, long deadlineMillis) {
    leased.computeIfPresent(item, (k, v) -> deadlineMillis);
  }

  /** The lease ended; true if it was still open. */
  synchronized boolean release(T item) {
    return leased.remove(item) != null;
  }

  /** Removes and returns the oldest ready item matching {@code unwanted}, if there is one. */
  synchronized Optional<T> evictOldest(Predicate<T> unwanted) {
    Optional<T> item = ready.stream().filter(unwanted).findFirst();
    item.ifPresent(ready::remove);
    return item;
  }

  /** Removes and returns ready items matching {@code stale}. */
  synchronized List<T> evictReady(Predicate<T> stale) {
    List<T> evicted = new ArrayList<>();
    for (Iterator<T> it = ready.iterator(); it.hasNext(); ) {
      T item = it.next();
      if (stale.test(item)) {
        it.remove();
        evicted.add(item);
      }
    }
    return evicted;
  }

  /** Ends and returns leases whose deadline passed. */
  synchronized List<T> expireLeases(long nowMillis) {
    List<T> expired = new ArrayList<>();
    leased
        .entrySet()
        .removeIf(
            e -> {
              if (e.getValue() < nowMillis) {
                expired.add(e.getKey());
                return true;
              }
              return false;
            });
    return expired;
  }

  /** Stops taking work: fails every waiter and returns the ready items for destruction. */
  synchronized List<T> close() {
    closed = true;
    waiters.forEach(w -> w.future().cancel(false));
    waiters.clear();
    List<T> drained = new ArrayList<>(ready);
    ready.clear();
    return drained;
  }

  synchronized Collection<T> readyItems() {
    return List.copyOf(ready);
  }

  synchronized Collection<T> leasedItems() {
    return List.copyOf(leased.keySet());
  }

  synchronized int readyCount() {
    return ready.size();
  }

  synchronized int creatingCount() {
    return creating;
  }

  synchronized int leasedCount() {
    return leased.size();
  }

  synchronized int waiterCount() {
    return waiters.size();
  }

  synchronized boolean closed() {
    return closed;
  }
}
