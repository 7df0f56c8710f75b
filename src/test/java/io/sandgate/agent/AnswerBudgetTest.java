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
        AnswerBudget budget = new AnswerBudget(100);
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
        AnswerBudget budget = new AnswerBudget(100);
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
        AnswerBudget budget = new AnswerBudget(100);
        AnswerBudget.Grant grant = budget.acquire(30).toCompletableFuture().join();
        budget.acquire(20).toCompletableFuture().join();
        grant.close();
        grant.close();
        assertEquals(20, budget.inUse());
    }

    @Test
    void aWaiterThatGivesUpHoldsNothingWhenItsTurnComes() {
        AnswerBudget budget = new AnswerBudget(100);
        CompletableFuture<AnswerBudget.Grant> held = budget.acquire(80).toCompletableFuture();
        AgentException e = assertThrows(AgentException.class, () -> budget.acquire(50, System.nanoTime() + 20_000_000));
        assertEquals(AgentException.Reason.UNREACHABLE, e.reason());
        CompletableFuture<AnswerBudget.Grant> later = budget.acquire(50).toCompletableFuture();
        held.join().close();
        assertTrue(later.isDone(), "the abandoned wait does not hold the queue");
        assertEquals(50, budget.inUse(), "the abandoned wait's bytes were given back");
    }

    @Test
    void capacityMustBePositive() {
        assertThrows(IllegalArgumentException.class, () -> new AnswerBudget(0));
    }
}
