package io.sandgate.footprint;

import io.quarkus.logging.Log;
import io.quarkus.runtime.ImageMode;
import io.quarkus.runtime.StartupEvent;
import io.sandgate.GatewayConfig;
import io.sandgate.execution.ExecutionService;
import io.sandgate.store.Database;
import io.sandgate.threads.GatewayThreads;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Gives the kernel back the native binary's pages that only the start needed.
 *
 * <p>A native gateway's binary holds its code and its image heap, mapped from the file and read in
 * as touched. Its start touches most of both (configuration, the bean container, the first pool
 * fill): about 50 MB of a 65-MB binary, where serving runs afterwards needs a fraction. Once the
 * start is over — the store open, the pool started and filled — this asks the kernel to reclaim the
 * binary's pages at once (madvise MADV_PAGEOUT) instead of leaving them resident until memory runs
 * short. Pages used again are read back on their next use; pages the gateway has written (its image
 * heap's copies) stay. A JVM gateway, a kernel before 5.4 or {@code
 * sandgate.release-start-pages=false} leave everything as it is.
 */
@ApplicationScoped
class StartPages {

  private static final long POLL_MILLIS = 100;
  private static final long GIVE_UP_MILLIS = 120_000;

  private final ExecutionService executions;
  private final Database store;
  private final boolean enabled;

  StartPages(ExecutionService executions, Database store, GatewayConfig config) {
    this.executions = executions;
    this.store = store;
    this.enabled = config.releaseStartPages();
  }

  void onStart(@Observes StartupEvent event) {
    if (!enabled || ImageMode.current() != ImageMode.NATIVE_RUN) {
      return;
    }
    GatewayThreads.start(
        "sandgate-start-pages",
        () -> {
          if (awaitStartOver()) {
            release();
          }
        });
  }

  /** Waits for the store to open and the pool to fill for the first time (or to give up on it). */
  private boolean awaitStartOver() {
    long deadline = System.currentTimeMillis() + GIVE_UP_MILLIS;
    while (System.currentTimeMillis() < deadline) {
      if (store.isOpen() && executions.warmedUp()) {
        return true;
      }
      try {
        Thread.sleep(POLL_MILLIS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      }
    }
    return true;
  }

  private static void release() {
    try {
      String binary = Files.readSymbolicLink(Path.of("/proc/self/exe")).toString();
      List<ExecutableMappings.Range> ranges =
          ExecutableMappings.of(Files.readString(Path.of("/proc/self/maps")), binary);
      if (ranges.isEmpty()) {
        Log.infof("start pages kept: no mapping of %s in /proc/self/maps", binary);
        return;
      }
      long before = residentFileKb();
      int refused = 0;
      for (ExecutableMappings.Range r : ranges) {
        if (Libc.madvise(r.start(), r.length(), Libc.MADV_PAGEOUT) != 0) {
          refused++;
        }
      }
      if (refused == ranges.size()) {
        Log.infof(
            "start pages kept: the kernel does not reclaim pages on request (MADV_PAGEOUT, Linux 5.4+)");
        return;
      }
      Log.infof(
          "start pages released: %d mappings of the binary, resident file pages %d → %d MB",
          ranges.size(), before / 1024, residentFileKb() / 1024);
    } catch (IOException | RuntimeException e) {
      Log.warnf("start pages kept: %s", e.toString());
    }
  }

  /** RssFile of this process, in kB: what its mapped files hold in memory. */
  private static long residentFileKb() throws IOException {
    for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
      if (line.startsWith("RssFile:")) {
        return Long.parseLong(line.replaceAll("\\D", ""));
      }
    }
    return 0;
  }
}
