package io.sandgate.http;

import io.sandgate.tenant.RateLimiter;
import io.sandgate.tenant.Tenancy;
import io.sandgate.tenant.Tenant;
import io.sandgate.tenant.TenantLimitException;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.core.MultivaluedMap;
import java.util.concurrent.CompletableFuture;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;
import org.jboss.resteasy.reactive.server.ServerResponseFilter;

/**
 * Authenticates every request of the tenant APIs ({@link FrontDoor#AUTHENTICATED}), spends its
 * rate, and stamps the RateLimit headers on the answer.
 */
class TenantFilter {

  private static final String RATE = "sandgate.rate";

  private final Tenancy tenancy;
  private final RequestTenant current;

  TenantFilter(Tenancy tenancy, RequestTenant current) {
    this.tenancy = tenancy;
    this.current = current;
  }

  /**
   * Non-blocking: with Redis the rate is spent asynchronously, and the request goes on on its own
   * event loop.
   */
  @ServerRequestFilter(preMatching = true)
  Uni<Void> authenticate(ContainerRequestContext request) {
    String path = request.getUriInfo().getPath();
    if (!Routes.under(path, FrontDoor.AUTHENTICATED)) {
      return Uni.createFrom().voidItem();
    }
    Tenant tenant = tenancy.authenticate(ApiKeys.from(request::getHeaderString));
    current.set(tenant);
    CompletableFuture<RateLimiter.Decision> spending = tenancy.spend(tenant);
    Uni<RateLimiter.Decision> decided = Uni.createFrom().completionStage(spending);
    Context context = Vertx.currentContext();
    if (!spending.isDone() && context != null) {
      decided = decided.emitOn(task -> context.runOnContext(v -> task.run()));
    }
    return decided
        .invoke(
            rate -> {
              request.setProperty(RATE, rate);
              if (!rate.allowed()) {
                throw new TenantLimitException(
                    TenantLimitException.Limit.RATE,
                    "tenant '"
                        + tenant.name()
                        + "' is over its limit of "
                        + tenant.rateLimit()
                        + " requests per "
                        + tenant.ratePeriod(),
                    rate.retryAfterSeconds());
              }
            })
        .replaceWithVoid();
  }

  /**
   * The RateLimit headers, the one place that writes them: the bucket's size, what is left of it,
   * when it is full again — after the request's arrival, or after what a resource spent since.
   */
  @ServerResponseFilter
  void rateLimitHeaders(ContainerRequestContext request, ContainerResponseContext response) {
    RateLimiter.Decision rate =
        current.rate().orElse((RateLimiter.Decision) request.getProperty(RATE));
    if (rate != null) {
      MultivaluedMap<String, Object> headers = response.getHeaders();
      headers.putSingle("RateLimit-Limit", rate.limit());
      headers.putSingle("RateLimit-Remaining", rate.remaining());
      headers.putSingle("RateLimit-Reset", rate.resetSeconds());
    }
  }
}
