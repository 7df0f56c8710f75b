package io.sandgate.pool;

/**
 * The pool's counts at one moment, for health and metrics.
 *
 * @param target sandboxes kept warm
 * @param capacity sandboxes that may exist at once
 * @param removing sandboxes being removed (they still take room under the cap)
 * @param canCreate a sandbox has been made and creations are not failing again and again
 */
public record PoolSnapshot(
    int target,
    int capacity,
    int ready,
    int creating,
    int leased,
    int removing,
    int waiters,
    boolean engineUp,
    boolean accepting,
    boolean canCreate) {}
