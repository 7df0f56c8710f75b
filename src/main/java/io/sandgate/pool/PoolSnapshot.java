package io.sandgate.pool;

/**
 * The pool's counts at one moment, for health and metrics.
 *
 * @param canCreate a sandbox has been made and creations are not failing again and again
 */
public record PoolSnapshot(int target, int ready, int creating, int leased, int waiters, boolean engineUp,
        boolean accepting, boolean canCreate) {
}
