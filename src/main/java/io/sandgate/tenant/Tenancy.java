package io.sandgate.tenant;

import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

/** The tenant side of every request: who is calling, at what rate, and how many runs at once. */
@ApplicationScoped
public class Tenancy implements TenantGate {

    private final TenantRegistry registry;
    private final RateLimiter rates;
    private final ConcurrencyQuota quota = new ConcurrencyQuota();
    private final Rejections rejections;

    Tenancy(TenantRegistry registry, Rejections rejections, Clock clock) {
        this.registry = registry;
        this.rejections = rejections;
        this.rates = new RateLimiter(clock);
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
        return registry.authenticate(apiKey).orElseThrow(() -> {
            rejections.record("-", Rejections.Reason.AUTH);
            return new UnauthenticatedException("the API key is not valid");
        });
    }

    /** Spends one request of the tenant's rate; the decision carries the RateLimit header values. */
    public RateLimiter.Decision spend(Tenant tenant) {
        RateLimiter.Decision decision = rates.tryAcquire(tenant);
        if (!decision.allowed()) {
            rejections.record(tenant.name(), Rejections.Reason.RATE);
        }
        return decision;
    }

    /**
     * Spends one call of a public function called without a key: against the function's own
     * {@code limit} per {@code period}.
     */
    public RateLimiter.Decision spendFunction(Tenant tenant, String function, long limit, Duration period) {
        RateLimiter.Decision decision = rates.tryAcquire("function:" + tenant.name() + "/" + function, limit, period);
        if (!decision.allowed()) {
            rejections.record(tenant.name(), Rejections.Reason.RATE);
        }
        return decision;
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
        return quota.tryEnter(tenant).orElseThrow(() -> {
            rejections.record(tenant.name(), Rejections.Reason.CONCURRENCY);
            return new TenantLimitException(TenantLimitException.Limit.CONCURRENCY,
                    "tenant '" + tenant.name() + "' already runs " + tenant.maxConcurrent()
                            + " programs at once, its maximum", 1);
        });
    }
}
