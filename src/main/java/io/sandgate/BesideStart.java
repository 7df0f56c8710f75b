package io.sandgate;

/**
 * Start work the gateway does not wait for (the pool's start, the store's opening, …): each runs
 * once, on a daemon thread of its own, while the gateway listens and answers its probes.
 */
public final class BesideStart {

  private BesideStart() {}

  /** Starts {@code task} on a daemon thread named {@code thread}. */
  public static void run(String thread, Runnable task) {
    Thread t = new Thread(task, thread);
    t.setDaemon(true);
    t.start();
  }
}
