package io.sandgate.pool;

import io.quarkus.logging.Log;
import io.sandgate.sandbox.EngineHost;

/**
 * The cap on live sandboxes (ready, being created, running, being removed), so that a burst of long
 * runs meets a 503 instead of the host's limits. Configured, or derived from the engine's machine:
 * a quarter of its memory stays for the engine, the gateway and the page cache, and each sandbox
 * may take its whole memory limit; and four sandboxes per CPU, since each may use a whole one.
 */
final class PoolCapacity {

  static final double MEMORY_SHARE = 0.75;
  static final int SANDBOXES_PER_CPU = 4;

  private PoolCapacity() {}

  /** The smaller of what memory and CPUs allow; at least one. */
  static int derive(EngineHost host, long sandboxMemoryBytes) {
    long byMemory =
        host.memoryBytes() <= 0
            ? Integer.MAX_VALUE
            : (long) (host.memoryBytes() * MEMORY_SHARE) / Math.max(1, sandboxMemoryBytes);
    long byCpu = (long) host.cpus() * SANDBOXES_PER_CPU;
    return (int) Math.max(1, Math.min(Integer.MAX_VALUE, Math.min(byMemory, byCpu)));
  }

  /** The configured cap, or the derived one; says which in the log. */
  static int resolve(
      PoolConfig config, java.util.function.Supplier<EngineHost> host, long sandboxMemoryBytes) {
    int cap;
    if (config.maxSandboxes().isPresent()) {
      cap = config.maxSandboxes().getAsInt();
      Log.infof("at most %d sandboxes at once (sandgate.pool.max-sandboxes)", cap);
    } else {
      EngineHost h = host.get();
      cap = derive(h, sandboxMemoryBytes);
      Log.infof(
          "at most %d sandboxes at once: derived from %s (%d MiB, %d CPUs) and %d MiB per sandbox;"
              + " set sandgate.pool.max-sandboxes to choose",
          cap, h.source(), h.memoryBytes() >> 20, h.cpus(), sandboxMemoryBytes >> 20);
    }
    if (cap < config.size()) {
      Log.warnf(
          "sandgate.pool.size %d is above the cap of %d sandboxes: at most %d are kept warm",
          config.size(), cap, cap);
    }
    return cap;
  }
}
