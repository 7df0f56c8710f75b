package io.sandgate.pool;

import io.sandgate.runtime.PythonRuntime;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Which runtimes the pool's warm interpreters are for: its target split by the runtimes asked for
 * within a recent window, each runtime asked for at all getting at least {@code minEach}. Before
 * any demand, every warm interpreter is the default runtime's. Plain and synchronized, so it can be
 * tested without containers.
 */
final class RuntimeSplit {

  /** Demand remembered per runtime: enough for the shares, bounded whatever the traffic. */
  private static final int MAX_REMEMBERED = 1024;

  private final List<PythonRuntime> runtimes;
  private final PythonRuntime defaultRuntime;
  private final Duration window;
  private final int minEach;
  private final Clock clock;
  private final Map<PythonRuntime, Deque<Long>> asked = new LinkedHashMap<>();

  /**
   * @param runtimes every runtime, the default first among equals
   * @param defaultRuntime the one warmed before any demand
   * @param window how far back demand counts
   * @param minEach warm interpreters kept for each runtime asked for in the window
   */
  RuntimeSplit(
      List<PythonRuntime> runtimes,
      PythonRuntime defaultRuntime,
      Duration window,
      int minEach,
      Clock clock) {
    this.runtimes = List.copyOf(runtimes);
    this.defaultRuntime = defaultRuntime;
    this.window = window;
    this.minEach = minEach;
    this.clock = clock;
    runtimes.forEach(r -> asked.put(r, new ArrayDeque<>()));
  }

  /** A run asked for {@code runtime}. */
  synchronized void demanded(PythonRuntime runtime) {
    Deque<Long> times = asked.get(runtime);
    if (times == null) {
      return;
    }
    times.addLast(clock.millis());
    if (times.size() > MAX_REMEMBERED) {
      times.removeFirst();
    }
  }

  /** How many of {@code total} warm interpreters each runtime should have now. */
  synchronized Map<PythonRuntime, Integer> targets(int total) {
    long since = clock.millis() - window.toMillis();
    Map<PythonRuntime, Integer> demand = new LinkedHashMap<>();
    int demandTotal = 0;
    for (PythonRuntime runtime : runtimes) {
      Deque<Long> times = asked.get(runtime);
      while (!times.isEmpty() && times.peekFirst() < since) {
        times.removeFirst();
      }
      demand.put(runtime, times.size());
      demandTotal += times.size();
    }
    Map<PythonRuntime, Integer> targets = new LinkedHashMap<>();
    runtimes.forEach(r -> targets.put(r, 0));
    if (demandTotal == 0) {
      targets.put(defaultRuntime, total);
      return targets;
    }
    int left = total;
    for (PythonRuntime runtime : runtimes) {
      if (demand.get(runtime) > 0) {
        int floor = Math.min(minEach, left);
        targets.put(runtime, floor);
        left -= floor;
      }
    }
    // The rest by share of demand; what rounding leaves goes to the most demanded.
    int given = 0;
    for (PythonRuntime runtime : runtimes) {
      int share = (int) ((long) left * demand.get(runtime) / demandTotal);
      targets.merge(runtime, share, Integer::sum);
      given += share;
    }
    PythonRuntime most =
        runtimes.stream()
            .max((a, b) -> Integer.compare(demand.get(a), demand.get(b)))
            .orElseThrow();
    targets.merge(most, left - given, Integer::sum);
    return targets;
  }

  /**
   * The runtime the next warm interpreter should be for: the one furthest below its target, given
   * the warm interpreters each has (ready or being created).
   */
  synchronized PythonRuntime next(Map<PythonRuntime, Integer> have, int total) {
    Map<PythonRuntime, Integer> targets = targets(total);
    PythonRuntime best = defaultRuntime;
    int bestGap = Integer.MIN_VALUE;
    for (PythonRuntime runtime : runtimes) {
      int gap = targets.get(runtime) - have.getOrDefault(runtime, 0);
      if (gap > bestGap) {
        best = runtime;
        bestGap = gap;
      }
    }
    return best;
  }
}
