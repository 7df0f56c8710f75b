package io.sandgate.compat.judge0;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The bookkeeping of the asynchronous queue: a line per tenant, and the tenants with something
 * waiting served in turn, one item each (round robin). A tenant's backlog, however long, puts one
 * item of its own ahead of another tenant's next one, not the whole backlog. Places are bounded in
 * all and per tenant, and held from acceptance until the item is done (waiting or running alike),
 * so that one tenant cannot fill the queue for all. Plain and thread-safe; it runs nothing itself.
 *
 * @param <T> what waits (a submission to run)
 */
final class FairQueue<T> {

  private final int capacity;
  private final int perTenant;
  private final Map<String, ArrayDeque<T>> lines = new HashMap<>();

  /** Tenants with something waiting, the one whose turn it is first. */
  private final ArrayDeque<String> turns = new ArrayDeque<>();

  private final Map<String, Integer> held = new HashMap<>();
  private int total;

  /** At most {@code capacity} places in all and {@code perTenant} for one tenant. */
  FairQueue(int capacity, int perTenant) {
    this.capacity = capacity;
    this.perTenant = perTenant;
  }

  /** Holds {@code n} places for the tenant, all or none; false when they do not fit. */
  synchronized boolean reserve(String tenant, int n) {
    int mine = held.getOrDefault(tenant, 0);
    if (n > perTenant - mine || n > capacity - total) {
      return false;
    }
    held.put(tenant, mine + n);
    total += n;
    return true;
  }

  /** Frees {@code n} of the tenant's places: reserved ones never added, or items done. */
  synchronized void release(String tenant, int n) {
    int left = held.getOrDefault(tenant, 0) - n;
    if (left < 0) {
      throw new IllegalStateException("more places released than held");
    }
    if (left == 0) {
      held.remove(tenant);
    } else {
      held.put(tenant, left);
    }
    total -= n;
  }

  /**
   * Puts an item in a place of the tenant's (reserved, or kept by an item back from a turn that
   * could not run it) at the end of the tenant's line. A tenant that had nothing waiting joins the
   * turns last.
   */
  synchronized void add(String tenant, T item) {
    ArrayDeque<T> line = lines.computeIfAbsent(tenant, t -> new ArrayDeque<>());
    if (line.isEmpty()) {
      turns.addLast(tenant);
    }
    line.addLast(item);
  }

  /**
   * The next item in turn: the first of the line of the tenant whose turn it is, after which that
   * tenant's next turn comes after every other waiting tenant's. Its place stays held until {@link
   * #release}. Empty when nothing waits.
   */
  synchronized Optional<T> poll() {
    String tenant = turns.pollFirst();
    if (tenant == null) {
      return Optional.empty();
    }
    ArrayDeque<T> line = lines.get(tenant);
    T item = line.pollFirst();
    if (line.isEmpty()) {
      lines.remove(tenant);
    } else {
      turns.addLast(tenant);
    }
    return Optional.of(item);
  }

  /** Items of the tenant's waiting for their turn. */
  synchronized int waiting(String tenant) {
    ArrayDeque<T> line = lines.get(tenant);
    return line == null ? 0 : line.size();
  }

  /** Places the tenant holds: waiting, running, or reserved. */
  synchronized int held(String tenant) {
    return held.getOrDefault(tenant, 0);
  }
}
