package io.sandgate.tenant;

import io.sandgate.GatewayInstance;
import io.sandgate.cluster.RedisLink;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * The tenant side of every request: who is calling, at what rate, and how many runs at once — for
 * the whole cluster with a Redis configured ({@code sandgate.redis.url}), else for this gateway.
 */
@ApplicationScoped
public class Tenancy implements TenantGate {

  private final TenantRegistry registry;
  private final ClusterRates rates;
  private final ClusterQuota quota;
  private final Rejections rejections;

  Tenancy(
      TenantRegistry registry,
      Rejections rejections,
      Clock clock,
      RedisLink redis,
      GatewayInstance instance) {
    this.registry = registry;
    this.rejections = rejections;
    this.rates = new ClusterRates(new RateLimiter(clock), redis, RateLimiter.timeOf(clock));
    this.quota = new ClusterQuota(redis, instance.id());
  }

  /**
   * The tenant owning {@code apiKey}.
   *
   * @throws UnauthenticatedException for a missing or unknown key
   */
  public Tenant authenticate(String apiKey) {
    if (apiKey == null || apiKey.isBlank()) {
      rejections.record("-", Rejections.Reason.AUTH);
      throw new UnauthenticatedException(UnauthenticatedException.HOW_TO_AUTHENTICATE);
    }
    return registry
        .authenticate(apiKey)
        .orElseThrow(
            () -> {
              rejections.record("-", Rejections.Reason.AUTH);
              return new UnauthenticatedException("the API key is not valid");
            });
  }

  /**
   * Spends one request of the tenant's rate; the decision carries the RateLimit header values.
   * Completes at once without Redis; with it, when Redis answers (or fails over to this gateway's
   * bucket, within {@code sandgate.redis.timeout}).
   */
  public CompletableFuture<RateLimiter.Decision> spend(Tenant tenant) {
    return spend(
        tenant,
        "tenant:" + tenant.name(),
        tenant.rateLimit(),
        tenant.ratePeriod(),
        RateLimiter.Spending.ONE);
  }

  /**
   * Spends {@code tokens} more of the tenant's rate, all or none, for a request that spent its
   * first on arrival and asks for more runs (a Judge0 batch: one token per submission). A refusal
   * spends nothing more; its retry-after is when the bucket holds the whole request again.
   */
  public CompletableFuture<RateLimiter.Decision> spendMore(Tenant tenant, long tokens) {
    return spend(
        tenant,
        "tenant:" + tenant.name(),
        tenant.rateLimit(),
        tenant.ratePeriod(),
        RateLimiter.Spending.more(tokens));
  }

  /**
   * Spends one call of a public function called without a key: against the function's own {@code
   * limit} per {@code period}.
   */
  public CompletableFuture<RateLimiter.Decision> spendFunction(
      Tenant tenant, String function, long limit, Duration period) {
    return spend(
        tenant,
        "function:" + tenant.name() + "/" + function,
        limit,
        period,
        RateLimiter.Spending.ONE);
  }

  private CompletableFuture<RateLimiter.Decision> spend(
      Tenant tenant, String bucket, long limit, Duration period, RateLimiter.Spending spending) {
    return rates
        .tryAcquire(bucket, limit, period, spending)
        .thenApply(
            decision -> {
              if (!decision.allowed()) {
                rejections.record(tenant.name(), Rejections.Reason.RATE);
              }
              return decision;
            });
  }

  /** The tenant named {@code name}, if there is one. */
  public Optional<Tenant> byName(String name) {
    return registry.tenants().stream().filter(t -> t.name().equals(name)).findFirst();
  }

  /** The tenant owning {@code apiKey}, if it is a valid key (nothing recorded when it is not). */
  public Optional<Tenant> owner(String apiKey) {
    return apiKey == null || apiKey.isBlank() ? Optional.empty() : registry.authenticate(apiKey);
  }

  @Override
  public Permit enter(Tenant tenant) {
    return quota
        .tryEnter(tenant)
        .orElseThrow(
            () -> {
              rejections.record(tenant.name(), Rejections.Reason.CONCURRENCY);
              return new TenantLimitException(
                  TenantLimitException.Limit.CONCURRENCY,
                  "tenant '"
                      + tenant.name()
                      + "' already runs "
                      + tenant.maxConcurrent()
                      + " programs at once, its maximum",
                  1);
            });
  }
}
