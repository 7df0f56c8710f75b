package io.sandgate.edge;

import java.util.concurrent.ConcurrentHashMap;

/** How many connections (or requests) each client holds, against a cap per client. Thread-safe. */
final class ClientCounts {

  private final int max;
  private final ConcurrentHashMap<String, Integer> held = new ConcurrentHashMap<>();

  ClientCounts(int max) {
    this.max = max;
  }

  /** Takes one for {@code client}; false, taking nothing, when it holds its maximum already. */
  boolean tryTake(String client) {
    boolean[] taken = {false};
    held.compute(
        client,
        (k, n) -> {
          int count = n == null ? 0 : n;
          if (count >= max) {
            return n;
          }
          taken[0] = true;
          return count + 1;
        });
    return taken[0];
  }

  /**
   * Gives one back; a client that holds none leaves the map, so it does not grow with every address
   * seen.
   */
  void release(String client) {
    held.computeIfPresent(client, (k, n) -> n <= 1 ? null : n - 1);
  }

  int held(String client) {
    return held.getOrDefault(client, 0);
  }

  /** Clients holding at least one. */
  int clients() {
    return held.size();
  }
}
