package io.sandgate.tenant;

import java.time.Duration;

/**
 * A client of the gateway and its limits.
 *
 * @param name as configured; appears in logs and metrics, never the key
 * @param rateLimit requests per {@code ratePeriod} (also the burst)
 * @param ratePeriod time for the request bucket to refill completely
 * @param maxConcurrent executions at once
 * @param maxTimeout cap on a run's timeout
 */
public record Tenant(
    String name, long rateLimit, Duration ratePeriod, int maxConcurrent, Duration maxTimeout) {}
