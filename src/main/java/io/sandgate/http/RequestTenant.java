package io.sandgate.http;

import io.sandgate.tenant.Tenant;
import jakarta.enterprise.context.RequestScoped;

/** The authenticated tenant of the current request, set by {@link TenantFilter}. */
@RequestScoped
public class RequestTenant {

  private Tenant tenant;

  void set(Tenant tenant) {
    this.tenant = tenant;
  }

  public Tenant tenant() {
    if (tenant == null) {
      throw new IllegalStateException("no tenant: the request did not pass TenantFilter");
    }
    return tenant;
  }
}
