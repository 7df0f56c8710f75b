package io.sandgate.http;

import io.sandgate.tenant.RateLimiter;
import io.sandgate.tenant.Tenant;
import jakarta.enterprise.context.RequestScoped;
import java.util.Optional;

/**
 * The authenticated tenant of the current request, set by {@link TenantFilter}, and the rate its
 * answer shows when a resource spent one of its own (a function's, a batch's).
 */
@RequestScoped
public class RequestTenant {

  private Tenant tenant;
  private RateLimiter.Decision rate;

  void set(Tenant tenant) {
    this.tenant = tenant;
  }

  public Tenant tenant() {
    if (tenant == null) {
      throw new IllegalStateException("no tenant: the request did not pass TenantFilter");
    }
    return tenant;
  }

  void rated(RateLimiter.Decision rate) {
    this.rate = rate;
  }

  Optional<RateLimiter.Decision> rate() {
    return Optional.ofNullable(rate);
  }
}
