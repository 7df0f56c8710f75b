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
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Bookkeeping of the warm pool: ready items, creations under way (and what each was planned for),
 * leased items and the FIFO of waiting callers, each of which takes only the items it accepts (a
 * sandbox of its size). Plain and synchronized under one lock, so it can be tested without
 * containers.
 *
 * @param <T> what the pool holds (a sandbox in production)
 * @param <R> what a caller asks for and a creation is planned for (a runtime in production)
 */
final class PoolState<T, R> {

  private final int target;
  private final int maxWaiters;
  private final int maxLive;
  private final Function<R, ?> sizeOf;
  private final Deque<T> ready = new ArrayDeque<>();
  private final Deque<Waiter<T, R>> waiters = new ArrayDeque<>();
  private final Map<T, Long> leased = new HashMap<>();
  private final Map<R, Integer> creatingFor = new HashMap<>();
  private int creating;
  private boolean closed;

  /**
   * @param target items kept ready (or being made ready)
   * @param maxWaiters callers that may wait at once
   * @param maxLive items that may exist at once, leased and being removed included
   * @param sizeOf the size of item that what is asked for needs (one creation serves all of it)
   */
  PoolState(int target, int maxWaiters, int maxLive, Function<R, ?> sizeOf) {
    this.target = target;
    this.maxWaiters = maxWaiters;
    this.maxLive = maxLive;
    this.sizeOf = sizeOf;
  }

  /**
   * {@link #reserveCreations} and what each is for: the oldest waiter's wish whose size no creation
   * under way has, else what {@code otherwise} picks from what the ready items ({@code countsAs})
   * and the creations under way are for.
   */
  synchronized List<R> planCreations(
      int maxParallel,
      int removing,
      Function<T, R> countsAs,
      Function<Map<R, Integer>, R> otherwise) {
    int n = reserveCreations(maxParallel, removing);
    List<R> planned = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      R next =
          waiters.stream()
              .map(Waiter::wants)
              .filter(wants -> !makingSizeOf(wants))
              .findFirst()
              .orElseGet(
                  () -> {
                    Map<R, Integer> have = new HashMap<>(creatingFor);
                    ready.forEach(item -> have.merge(countsAs.apply(item), 1, Integer::sum));
                    return otherwise.apply(have);
                  });
      creatingFor.merge(next, 1, Integer::sum);
      planned.add(next);
    }
    return planned;
  }

  private boolean makingSizeOf(R wants) {
    Object size = sizeOf.apply(wants);
    return creatingFor.entrySet().stream()
        .anyMatch(c -> c.getValue() > 0 && sizeOf.apply(c.getKey()).equals(size));
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
  private record Waiter<T, R>(CompletableFuture<T> future, R wants, Predicate<T> accepts) {}

  /** {@link #created(Object)} of a creation planned for {@code planned}. */
  synchronized boolean created(T item, R planned) {
    creatingFor.merge(planned, -1, Integer::sum);
    return created(item);
  }

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
    for (Iterator<Waiter<T, R>> it = waiters.iterator(); it.hasNext(); ) {
      Waiter<T, R> waiter = it.next();
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

  synchronized void creationFailed(R planned) {
    creatingFor.merge(planned, -1, Integer::sum);
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

  /**
   * Queues a waiter for {@code wants}, for an item {@code accepts} takes; empty when the queue is
   * full or the pool closed. One such item that became ready since the caller last looked is handed
   * over at once.
   */
  synchronized Optional<CompletableFuture<T>> enqueue(R wants, Predicate<T> accepts) {
    if (closed || waiters.size() >= maxWaiters) {
      return Optional.empty();
    }
    CompletableFuture<T> waiter = new CompletableFuture<>();
    Optional<T> ready = take(accepts, item -> true);
    if (ready.isPresent()) {
      waiter.complete(ready.get());
    } else {
      waiters.addLast(new Waiter<>(waiter, wants, accepts));
    }
    return Optional.of(waiter);
  }

  /**
   * A waiter gives up, but may have been handed an item at that very moment: then that item is the
   * caller's. (Handing over and abandoning hold this lock, so a waiter no longer queued is either
   * completed or cancelled by {@link #close}.)
   */
  synchronized Optional<T> giveUp(CompletableFuture<T> waiter) {
    if (abandon(waiter) || waiter.isCancelled()) {
      return Optional.empty();
    }
    return Optional.ofNullable(waiter.getNow(null));
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

  /**
   * Room for a caller waiting for {@code wants} while no creation of its size is under way (the
   * pool is full of the other size): the oldest ready item matching {@code otherSize} gives way,
   * removed and returned.
   */
  synchronized Optional<T> makeRoomFor(R wants, Predicate<T> otherSize) {
    return makingSizeOf(wants) ? Optional.empty() : evictOldest(otherSize);
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

  /** Items that may exist at once. */
  int maxLive() {
    return maxLive;
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
