package io.sandgate.api;

import io.sandgate.tenant.RateLimiter;
import io.sandgate.tenant.Tenant;
import jakarta.enterprise.context.RequestScoped;

/** The authenticated tenant of the current request and its rate decision, set by {@link TenantFilter}. */
@RequestScoped
public class RequestTenant {

    private Tenant tenant;
    private RateLimiter.Decision rate;

    void set(Tenant tenant, RateLimiter.Decision rate) {
        this.tenant = tenant;
        this.rate = rate;
    }

    Tenant tenant() {
        if (tenant == null) {
            throw new IllegalStateException("no tenant: the request did not pass TenantFilter");
        }
        return tenant;
    }

    RateLimiter.Decision rate() {
        return rate;
    }
}
