package io.sandgate.pool;

/** The pool's counts at one moment, for health and metrics. */
public record PoolSnapshot(
        int target, int ready, int creating, int leased, int waiters, boolean engineUp, boolean accepting) {
}
