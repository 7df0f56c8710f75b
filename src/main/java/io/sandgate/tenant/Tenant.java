package io.sandgate.tenant;

import java.time.Duration;

/** A client of the gateway and its limits. */
public record Tenant(String name, Duration maxTimeout) {
}
