package io.sandgate.tenant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.sandgate.cluster.RedisLink;
import io.sandgate.cluster.Redises;
import io.sandgate.testing.PoolProbe;
import io.sandgate.testing.RedisServer;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Two gateways' tenant limits on one real Redis: rates and quotas hold for both together, fall back
 * to each gateway's own when Redis is stopped, and are shared again once it is back.
 */
class ClusterLimitsTest {

  private static final Tenant ACME =
      new Tenant("acme", 5, Duration.ofHours(1), 1, Duration.ofSeconds(30));

  private final RedisServer redis = RedisServer.start();
  private final Redises links = new Redises();
  private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

  @AfterEach
  void stop() throws InterruptedException {
    links.close();
    redis.close();
  }

  private record Gateway(RedisLink link, ClusterRates rates, ClusterQuota quota) {
    RateLimiter.Decision spend() {
      return rates
          .tryAcquire("tenant:acme", ACME.rateLimit(), ACME.ratePeriod(), RateLimiter.Spending.ONE)
          .join();
    }

    /** The rest of a batch of {@code runs}, after its first token. */
    RateLimiter.Decision spendMore(int runs) {
      return rates
          .tryAcquire(
              "tenant:acme",
              ACME.rateLimit(),
              ACME.ratePeriod(),
              RateLimiter.Spending.more(runs - 1))
          .join();
    }
  }

  private Gateway gateway(String name) {
    RedisLink link = links.link(redis.url(), Duration.ofSeconds(3), meters);
    Clock clock = Clock.systemUTC();
    return new Gateway(
        link,
        new ClusterRates(new RateLimiter(clock), link, RateLimiter.timeOf(clock)),
        new ClusterQuota(link, name));
  }

  @Test
  void aTenantsRateIsItsLimitInTotalAcrossBothGateways() {
    Gateway a = gateway("a");
    Gateway b = gateway("b");
    List<Long> remaining = new ArrayList<>();
    int allowed = 0;
    for (int i = 0; i < 8; i++) {
      RateLimiter.Decision d = (i % 2 == 0 ? a : b).spend();
      if (d.allowed()) {
        allowed++;
        remaining.add(d.remaining());
      } else {
        assertTrue(d.retryAfterSeconds() >= 1, "a refusal says when to come back");
      }
    }
    assertEquals(5, allowed, "5 per hour for the tenant, whichever gateway it calls");
    assertEquals(
        List.of(4L, 3L, 2L, 1L, 0L),
        remaining,
        "RateLimit-Remaining counts both gateways' requests");
  }

  @Test
  void aBatchTakesOneSharedTokenPerRunAllOrNoneAcrossBothGateways() {
    Gateway a = gateway("a");
    Gateway b = gateway("b");
    assertTrue(a.spend().allowed(), "a batch of 6 arrives at a");
    RateLimiter.Decision tooBig = a.spendMore(6);
    assertFalse(tooBig.allowed(), "6 runs, a bucket of 5");
    assertEquals(4, tooBig.remaining(), "nothing more taken from the shared bucket");
    assertEquals(3600, tooBig.retryAfterSeconds(), "no wait makes 6 fit: the period");
    assertTrue(b.spend().allowed(), "a batch of 3 arrives at b");
    RateLimiter.Decision three = b.spendMore(3);
    assertTrue(three.allowed());
    assertEquals(1, three.remaining(), "both gateways' requests counted, one token per run");
    assertTrue(a.spend().allowed(), "a batch of 2 arrives at a: its first token, none left");
    RateLimiter.Decision refused = a.spendMore(2);
    assertFalse(refused.allowed());
    assertEquals(0, refused.remaining());
    // A retry takes both again: 2 tokens of a bucket refilled one per 12 minutes.
    assertTrue(
        refused.retryAfterSeconds() > 12 * 60 && refused.retryAfterSeconds() <= 24 * 60,
        "the whole batch's wait, not only the rest's: " + refused.retryAfterSeconds());
  }

  @Test
  void aTenantsQuotaHoldsAcrossGatewaysAndComesBackOnRelease() {
    Gateway a = gateway("a");
    Gateway b = gateway("b");
    Optional<TenantGate.Permit> held = a.quota().tryEnter(ACME);
    assertTrue(held.isPresent());
    assertTrue(
        b.quota().tryEnter(ACME).isEmpty(),
        "max-concurrent 1: the other gateway refuses while a run holds it");
    held.get().close();
    PoolProbe.await(
        () ->
            b.quota()
                .tryEnter(ACME)
                .map(
                    p -> {
                      p.close();
                      return true;
                    })
                .orElse(false),
        "the released slot to be free on the other gateway");
  }

  @Test
  void withRedisStoppedEachGatewayKeepsItsOwnLimitsThenSharesThemAgain() throws Exception {
    Gateway a = gateway("a");
    Gateway b = gateway("b");
    assertTrue(a.spend().allowed());
    redis.stop();
    // Each gateway on its own: the tenant's limit per gateway, never unlimited, never refused
    // outright.
    for (Gateway g : List.of(a, b)) {
      int allowed = 0;
      for (int i = 0; i < 7; i++) {
        allowed += g.spend().allowed() ? 1 : 0;
      }
      assertEquals(5, allowed, "a gateway's own bucket while Redis is away");
      assertFalse(g.link().usable());
      Optional<TenantGate.Permit> local = g.quota().tryEnter(ACME);
      assertTrue(local.isPresent(), "a gateway's own slot while Redis is away");
      assertTrue(
          g.quota().tryEnter(ACME).isEmpty(), "and never more than the quota on one gateway");
      local.get().close();
    }
    assertTrue(
        meters.get("sandgate.limits.local.fallbacks").tag("limit", "rate").counter().count() >= 14);
    assertEquals(0.0, meters.get("sandgate.redis.up").gauge().value());

    redis.startAgain();
    PoolProbe.await(
        () -> a.link().usable() && b.link().usable(), "both gateways to see Redis back");
    int allowed = 0;
    for (int i = 0; i < 8; i++) {
      allowed += (i % 2 == 0 ? a : b).spend().allowed() ? 1 : 0;
    }
    assertEquals(
        5, allowed, "shared again, without a restart (a restarted Redis starts the bucket afresh)");
    assertEquals(1.0, meters.get("sandgate.redis.up").gauge().value());
  }
}
