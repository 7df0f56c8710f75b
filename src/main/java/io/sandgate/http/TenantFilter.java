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
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;
import org.jboss.resteasy.reactive.server.ServerResponseFilter;

/**
 * Authenticates every request of the tenant APIs ({@code /v1}, Piston's {@code /api/v2}, Judge0's),
 * spends its rate, and stamps the RateLimit headers on the answer.
 */
class TenantFilter {

  /** Sandgate's API, Piston's and Judge0's. */
  private static final List<String> AUTHENTICATED =
      Stream.concat(Stream.of("/v1", "/api/v2"), Routes.JUDGE0.stream()).toList();

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
    if (!Routes.under(path, AUTHENTICATED)) {
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
   * Unless the answer has its own: a request that spent more than its first token says what is left
   * after that.
   */
  @ServerResponseFilter
  void rateLimitHeaders(ContainerRequestContext request, ContainerResponseContext response) {
    if (request.getProperty(RATE) instanceof RateLimiter.Decision rate
        && !response.getHeaders().containsKey(RateLimitHeaders.REMAINING)) {
      RateLimitHeaders.set(response.getHeaders()::putSingle, rate);
    }
  }
}
