package io.sandgate.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class AnswerBudgetTest {

  @Test
  void grantsWhileBytesAreFreeThenQueuesInOrder() {
    AnswerBudget budget = new AnswerBudget(100, 0);
    CompletableFuture<AnswerBudget.Grant> first = budget.acquire(60).toCompletableFuture();
    CompletableFuture<AnswerBudget.Grant> second = budget.acquire(50).toCompletableFuture();
    CompletableFuture<AnswerBudget.Grant> small = budget.acquire(10).toCompletableFuture();
    assertTrue(first.isDone());
    assertFalse(second.isDone(), "only 40 bytes are free");
    assertFalse(small.isDone(), "a small answer does not overtake a waiting one");
    assertEquals(60, budget.inUse());

    first.join().close();
    assertTrue(second.isDone());
    assertTrue(small.isDone());
    assertEquals(60, budget.inUse());
    second.join().close();
    small.join().close();
    assertEquals(0, budget.inUse());
  }

  @Test
  void anAnswerLargerThanTheBudgetGoesThroughAlone() {
    AnswerBudget budget = new AnswerBudget(100, 0);
    CompletableFuture<AnswerBudget.Grant> huge = budget.acquire(1_000).toCompletableFuture();
    assertTrue(huge.isDone());
    assertEquals(100, budget.inUse());
    CompletableFuture<AnswerBudget.Grant> next = budget.acquire(1).toCompletableFuture();
    assertFalse(next.isDone());
    huge.join().close();
    assertTrue(next.isDone());
  }

  @Test
  void closingTwiceGivesBackOnce() {
    AnswerBudget budget = new AnswerBudget(100, 0);
    AnswerBudget.Grant grant = budget.acquire(30).toCompletableFuture().join();
    budget.acquire(20).toCompletableFuture().join();
    grant.close();
    grant.close();
    assertEquals(20, budget.inUse());
  }

  @Test
  void aWaiterThatGivesUpLeavesTheQueueAndHoldsNothing() {
    AnswerBudget budget = new AnswerBudget(100, 0);
    CompletableFuture<AnswerBudget.Grant> held = budget.acquire(80).toCompletableFuture();
    AgentException e =
        assertThrows(
            AgentException.class, () -> budget.acquire(50, System.nanoTime() + 20_000_000));
    assertEquals(AgentException.Reason.UNREACHABLE, e.reason());
    // 20 bytes are free: granted at once only if the abandoned wait no longer heads the queue.
    CompletableFuture<AnswerBudget.Grant> fits = budget.acquire(20).toCompletableFuture();
    assertTrue(fits.isDone(), "the queue moved on past the abandoned wait");
    assertEquals(100, budget.inUse());
    held.join().close();
    fits.join().close();
    assertEquals(0, budget.inUse(), "the abandoned wait's bytes were never taken");
  }

  @Test
  void aSmallAnswerNeverWaitsBehindALargeOne() {
    AnswerBudget budget = new AnswerBudget(100, 10);
    CompletableFuture<AnswerBudget.Grant> held = budget.acquire(90).toCompletableFuture();
    CompletableFuture<AnswerBudget.Grant> large = budget.acquire(50).toCompletableFuture();
    CompletableFuture<AnswerBudget.Grant> small = budget.acquire(10).toCompletableFuture();
    assertFalse(large.isDone());
    assertTrue(small.isDone(), "a health check's answer does not queue behind a flood");
    small.join().close();
    held.join().close();
    assertTrue(large.isDone());
  }

  @Test
  void capacityMustBePositive() {
    assertThrows(IllegalArgumentException.class, () -> new AnswerBudget(0, 0));
  }
}
