package io.sandgate.agent;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Bytes of agent answers the gateway holds at once. A run's answer can be tens of megabytes (an
 * output flood of control characters is six JSON bytes per byte), so without a bound a few
 * concurrent floods would fill the heap. An answer waits, unread in its socket, until its bytes are
 * free; waiters are served in order. One answer larger than the whole budget is let through alone
 * rather than never. A small answer (a health check, a short run) never waits behind a large one:
 * it is granted at once, since its bytes are bounded by the callers.
 */
final class AnswerBudget {

  private final long capacity;
  private final long smallBytes;
  private final Deque<Waiter> waiters = new ArrayDeque<>();
  private long inUse;

  /** {@code smallBytes}: answers up to this size skip the queue. */
  AnswerBudget(long capacity, long smallBytes) {
    if (capacity <= 0) {
      throw new IllegalArgumentException("capacity must be positive");
    }
    this.capacity = capacity;
    this.smallBytes = smallBytes;
  }

  /**
   * Completes with a grant of {@code bytes} once they are free; close the grant to give them back.
   */
  synchronized CompletionStage<Grant> acquire(long bytes) {
    long amount = Math.min(Math.max(bytes, 0), capacity);
    Waiter waiter = new Waiter(amount, new CompletableFuture<>());
    if (amount <= smallBytes || (waiters.isEmpty() && inUse + amount <= capacity)) {
      inUse += amount;
      waiter.future().complete(new Grant(amount));
    } else {
      waiters.add(waiter);
    }
    return waiter.future();
  }

  /**
   * Waits for a grant of {@code bytes} until {@code deadlineNanos} ({@link System#nanoTime()}).
   *
   * @throws AgentException UNREACHABLE when the bytes do not come free in time
   */
  Grant acquire(long bytes, long deadlineNanos) {
    CompletableFuture<Grant> grant = acquire(bytes).toCompletableFuture();
    try {
      return grant.get(Math.max(0, deadlineNanos - System.nanoTime()), TimeUnit.NANOSECONDS);
    } catch (TimeoutException | InterruptedException | ExecutionException e) {
      if (e instanceof InterruptedException) {
        Thread.currentThread().interrupt();
      }
      abandon(grant);
      throw new AgentException(
          AgentException.Reason.UNREACHABLE, "no answer memory came free in time", e);
    }
  }

  /** A waiter that gives up leaves the queue at once, so those behind it move on. */
  private void abandon(CompletableFuture<Grant> grant) {
    boolean queued;
    synchronized (this) {
      queued = waiters.removeIf(w -> w.future() == grant);
    }
    if (queued) {
      grant.cancel(false);
      release(0); // it may have been the one holding the others back
    } else if (!grant.isCompletedExceptionally()) {
      grant.join().close(); // handed over just as the wait ended
    }
  }

  synchronized long inUse() {
    return inUse;
  }

  private void release(long amount) {
    Deque<Waiter> ready = new ArrayDeque<>();
    synchronized (this) {
      inUse -= amount;
      while (!waiters.isEmpty() && inUse + waiters.peek().amount() <= capacity) {
        Waiter next = waiters.poll();
        inUse += next.amount();
        ready.add(next);
      }
    }
    // Outside the lock: a completion runs the waiter's continuation.
    for (Waiter w : ready) {
      Grant grant = new Grant(w.amount());
      if (!w.future().complete(grant)) {
        grant.close(); // the waiter gave up
      }
    }
  }

  private record Waiter(long amount, CompletableFuture<Grant> future) {}

  /** Bytes held for one answer. */
  final class Grant implements AutoCloseable {

    private final long amount;
    private boolean closed;

    private Grant(long amount) {
      this.amount = amount;
    }

    @Override
    public void close() {
      synchronized (this) {
        if (closed) {
          return;
        }
        closed = true;
      }
      release(amount);
    }
  }
}
