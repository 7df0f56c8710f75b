package io.sandgate.http;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;

/**
 * Runs work once a request's response is over (sent, or the client gone). A used sandbox is handed
 * back through it, so removing that container and creating its successor — CPU the engine spends on
 * both cores of a small host — do not compete with the answer on its way out.
 */
final class AfterResponse implements Executor {

  private final List<Runnable> pending = new ArrayList<>(1);
  private boolean over;

  @Override
  public void execute(Runnable command) {
    synchronized (this) {
      if (!over) {
        pending.add(command);
        return;
      }
    }
    command.run();
  }

  /** The response is over: runs what waited for it, and from now on runs work at once. */
  void responseOver() {
    List<Runnable> due;
    synchronized (this) {
      over = true;
      due = List.copyOf(pending);
      pending.clear();
    }
    due.forEach(Runnable::run);
  }
}
