package io.sandgate.threads;

import static io.sandgate.threads.GatewayThreads.Overflow.DROP_OLDEST;
import static io.sandgate.threads.GatewayThreads.Overflow.REJECT;
import static io.sandgate.threads.GatewayThreads.Overflow.WAIT;
import static io.sandgate.threads.GatewayThreads.Stage.LAST;
import static io.sandgate.threads.GatewayThreads.Stage.RESULTS;
import static io.sandgate.threads.GatewayThreads.Stage.RUNS;
import static io.sandgate.threads.GatewayThreads.Stop.DRAIN;
import static io.sandgate.threads.GatewayThreads.Stop.FINISH_RUNNING;
import static io.sandgate.threads.GatewayThreads.Stop.NOW;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class GatewayThreadsTest {

  private final GatewayThreads threads = new GatewayThreads();

  @Test
  void threadsAreNamedAndDaemon() throws Exception {
    ExecutorService pool =
        threads.pool("test-pool", 2).queue(4, REJECT).stopping(RUNS, DRAIN, Duration.ofSeconds(1));
    Thread thread = pool.submit(Thread::currentThread).get(5, TimeUnit.SECONDS);
    assertEquals("test-pool-1", thread.getName());
    assertTrue(thread.isDaemon());
    ScheduledExecutorService timer = threads.timer("test-timer", LAST);
    Thread timerThread = timer.submit(Thread::currentThread).get(5, TimeUnit.SECONDS);
    assertEquals("test-timer-1", timerThread.getName());
    assertTrue(timerThread.isDaemon());
    Thread once = GatewayThreads.start("test-once", () -> {});
    once.join(5000);
    assertEquals("test-once", once.getName());
    assertTrue(once.isDaemon());
    threads.stopAll();
  }

  @Test
  void aFullQueueRejectsOrDropsTheOldest() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    ExecutorService rejecting = oneThread("test-reject", 1, REJECT, RUNS, NOW);
    rejecting.execute(() -> await(release));
    rejecting.execute(() -> {});
    assertThrows(RejectedExecutionException.class, () -> rejecting.execute(() -> {}));

    List<String> ran = new CopyOnWriteArrayList<>();
    ExecutorService dropping = oneThread("test-drop", 1, DROP_OLDEST, RESULTS, DRAIN);
    dropping.execute(() -> await(release));
    dropping.execute(() -> ran.add("oldest"));
    dropping.execute(() -> ran.add("newest"));
    release.countDown();
    threads.stop(dropping);
    assertEquals(List.of("newest"), ran);
    threads.stopAll();
  }

  @Test
  void aFullQueueMakesTheCallerWaitInOrder() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    List<Integer> ran = new CopyOnWriteArrayList<>();
    ExecutorService waiting = oneThread("test-wait", 1, WAIT, RESULTS, DRAIN);
    waiting.execute(() -> await(release));
    waiting.execute(() -> ran.add(1));
    Thread caller = GatewayThreads.start("test-caller", () -> waiting.execute(() -> ran.add(2)));
    caller.join(200);
    assertTrue(caller.isAlive(), "the caller waits for room");
    release.countDown();
    caller.join(5000);
    threads.stop(waiting);
    assertEquals(List.of(1, 2), ran);
  }

  @Test
  void shutdownGoesStageByStageTimersFirstAndSkipsWhatIsStopped() throws Exception {
    List<String> order = new CopyOnWriteArrayList<>();
    ScheduledExecutorService last = threads.timer("test-last", LAST);
    ExecutorService results = oneThread("test-results", 1, REJECT, RESULTS, DRAIN);
    ExecutorService runs = oneThread("test-runs", 1, REJECT, RUNS, FINISH_RUNNING);
    ScheduledExecutorService retries = threads.timer("test-retries", RUNS);
    CountDownLatch started = new CountDownLatch(2);
    runs.execute(
        () -> {
          started.countDown();
          sleep(200);
          order.add("runs finished; retries " + (retries.isShutdown() ? "stopped" : "running"));
        });
    results.execute(
        () -> {
          started.countDown();
          sleep(400);
          order.add(
              "results finished; runs "
                  + (runs.isTerminated() ? "stopped" : "running")
                  + ", last "
                  + (last.isShutdown() ? "stopped" : "running"));
        });
    started.await(5, TimeUnit.SECONDS);
    threads.stopAll();
    assertEquals(
        List.of("runs finished; retries stopped", "results finished; runs stopped, last running"),
        order);
    assertTrue(last.isShutdown() && runs.isShutdown() && results.isShutdown());
  }

  @Test
  void finishRunningDropsWhatIsQueued() throws Exception {
    List<String> ran = new CopyOnWriteArrayList<>();
    CountDownLatch started = new CountDownLatch(1);
    ExecutorService pool = oneThread("test-finish", 2, REJECT, RUNS, FINISH_RUNNING);
    pool.execute(
        () -> {
          started.countDown();
          sleep(100);
          ran.add("running");
        });
    pool.execute(() -> ran.add("queued"));
    started.await(5, TimeUnit.SECONDS);
    threads.stop(pool);
    assertEquals(List.of("running"), ran);
    assertTrue(pool.isTerminated());
  }

  private ExecutorService oneThread(
      String name,
      int queue,
      GatewayThreads.Overflow overflow,
      GatewayThreads.Stage stage,
      GatewayThreads.Stop stop) {
    return threads
        .pool(name, 1)
        .queue(queue, overflow)
        .stopping(stage, stop, Duration.ofSeconds(5));
  }

  private static void await(CountDownLatch latch) {
    try {
      latch.await(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
