package io.sandgate.threads;

import io.quarkus.logging.Log;
import io.quarkus.runtime.ShutdownEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.spi.ObserverMethod;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.RejectedExecutionHandler;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Every thread the gateway makes of its own: named, daemon (none keeps a stopping JVM alive),
 * bounded (threads and queue both stated by the owner), and stopped at shutdown stage by stage. An
 * owner that must stop its executor at a point of its own shutdown (the pool) does so with {@link
 * #stop}; what is still running after the application's shutdown observers is stopped here.
 */
@Singleton
public class GatewayThreads {

  /**
   * When an executor stops at shutdown, earliest first: what hands work on stops before what that
   * work still needs.
   */
  public enum Stage {
    /** Work from clients waiting for its run: queued submissions and their retries. */
    RUNS,
    /** What finished runs send on: callbacks, invocation logs. */
    RESULTS,
    /** The pool's refills, creations and removals; the pool stops them itself as it drains. */
    POOL,
    /** What every run needs until the last one ends: the agent calls' deadlines. */
    LAST
  }

  /** How an executor stops. */
  public enum Stop {
    /** Queued and running tasks are dropped (running ones interrupted). */
    NOW,
    /** Queued tasks are dropped; running ones may finish, within the wait. */
    FINISH_RUNNING,
    /** Queued and running tasks may finish, within the wait. */
    DRAIN
  }

  /** What a task meets when the queue is full. */
  public enum Overflow {
    /** A {@link RejectedExecutionException}: the owner bounds its work to the queue. */
    REJECT,
    /** The caller waits for room: order kept, pressure back on the caller. */
    WAIT,
    /** The oldest waiting task is dropped, with a warning, to make room. */
    DROP_OLDEST
  }

  private record Owned(
      ExecutorService executor, String name, Stage stage, Stop stop, Duration grace) {}

  private final List<Owned> owned = new ArrayList<>();

  /** A pool of {@code threads} threads named {@code name-n}; its queue and its stop follow. */
  public PoolBuilder pool(String name, int threads) {
    return new PoolBuilder(name, threads);
  }

  /** The rest of a pool: how many tasks may wait, and how it stops. */
  public final class PoolBuilder {

    private final String name;
    private final int threads;
    private int queue;
    private Overflow overflow;

    private PoolBuilder(String name, int threads) {
      this.name = name;
      this.threads = threads;
    }

    /** Room for {@code size} waiting tasks; past it, {@code overflow}. */
    public PoolBuilder queue(int size, Overflow overflow) {
      this.queue = size;
      this.overflow = overflow;
      return this;
    }

    /** The pool, stopped at {@code stage} by {@code stop}, waiting up to {@code grace}. */
    public ExecutorService stopping(Stage stage, Stop stop, Duration grace) {
      ThreadPoolExecutor executor =
          new ThreadPoolExecutor(
              threads,
              threads,
              0,
              TimeUnit.MILLISECONDS,
              new ArrayBlockingQueue<>(queue),
              named(name),
              GatewayThreads.overflow(name, queue, overflow));
      return own(executor, name, stage, stop, grace);
    }
  }

  /**
   * One thread named {@code name-1} running delayed tasks; its queue is bounded by its owner (one
   * task per lease, run, or queued submission). Stopped at once: a delayed task is a timer, not
   * work.
   */
  public ScheduledExecutorService timer(String name, Stage stage) {
    ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(1, named(name));
    timer.setRemoveOnCancelPolicy(true); // most timers are cancelled: what they guard came first
    return own(timer, name, stage, Stop.NOW, Duration.ZERO);
  }

  private synchronized <E extends ExecutorService> E own(
      E executor, String name, Stage stage, Stop stop, Duration wait) {
    owned.add(new Owned(executor, name, stage, stop, wait));
    return executor;
  }

  /** Stops {@code executor} as it was made to stop; again is harmless. */
  public void stop(ExecutorService executor) {
    Owned o;
    synchronized (this) {
      o = owned.stream().filter(e -> e.executor() == executor).findFirst().orElse(null);
    }
    if (o != null) {
      stop(o);
    }
  }

  private static void stop(Owned o) {
    ExecutorService executor = o.executor();
    if (o.stop() == Stop.NOW) {
      executor.shutdownNow();
      return;
    }
    executor.shutdown();
    if (o.stop() == Stop.FINISH_RUNNING && executor instanceof ThreadPoolExecutor pool) {
      pool.getQueue().clear();
    }
    try {
      if (!executor.awaitTermination(o.grace().toMillis(), TimeUnit.MILLISECONDS)
          && !o.grace().isZero()) {
        Log.warnf("%s threads still busy %s after shutdown", o.name(), o.grace());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Stops every executor not stopped yet, stage by stage. */
  public void stopAll() {
    List<Owned> all;
    synchronized (this) {
      all = new ArrayList<>(owned);
    }
    // Within a stage timers first, as they hand their tasks on to the stage's pools; then as made.
    all.sort(Comparator.comparing(Owned::stage).thenComparing(o -> o.stop() != Stop.NOW));
    all.forEach(GatewayThreads::stop);
  }

  /** After the application's own shutdown observers (the pool's drain among them). */
  void onStop(@Observes @Priority(ObserverMethod.DEFAULT_PRIORITY + 1000) ShutdownEvent event) {
    stopAll();
  }

  /**
   * Starts {@code task} once on a daemon thread named {@code name}: start work the gateway does not
   * wait for, or a listener that lives as long as what it listens on.
   */
  public static Thread start(String name, Runnable task) {
    Thread thread = new Thread(task, name);
    thread.setDaemon(true);
    thread.start();
    return thread;
  }

  /** Daemon threads named {@code prefix-1}, {@code prefix-2}, … */
  static ThreadFactory named(String prefix) {
    AtomicInteger n = new AtomicInteger();
    return r -> {
      Thread t = new Thread(r, prefix + "-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }

  private static RejectedExecutionHandler overflow(String name, int queue, Overflow overflow) {
    return switch (overflow) {
      case REJECT -> new ThreadPoolExecutor.AbortPolicy();
      case WAIT ->
          (task, executor) -> {
            if (executor.isShutdown()) {
              throw new RejectedExecutionException(name + " is shut down");
            }
            try {
              executor.getQueue().put(task);
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
              throw new RejectedExecutionException("interrupted waiting for room", e);
            }
          };
      case DROP_OLDEST ->
          (task, executor) -> {
            if (executor.isShutdown()) {
              return;
            }
            Log.warnf("%s backlog full (%d): the oldest waiting task is dropped", name, queue);
            executor.getQueue().poll();
            executor.execute(task);
          };
    };
  }
}
