package io.sandgate.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sandgate.testing.PoolProbe;
import io.sandgate.testing.RedisServer;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Concurrency slots in a real Redis, held by two gateways' worth of links. */
class RedisSlotsTest {

  private final RedisServer redis = RedisServer.start();
  private final Redises links = new Redises();

  @AfterEach
  void stop() throws InterruptedException {
    links.close();
    redis.close();
  }

  private RedisSlots gateway(String name, Duration ttl) {
    return new RedisSlots(links.link(redis.url(), ttl), name);
  }

  @Test
  void theQuotaHoldsForBothGatewaysTogether() {
    RedisSlots a = gateway("a", Duration.ofSeconds(30));
    RedisSlots b = gateway("b", Duration.ofSeconds(30));
    RedisSlots.Lease first = a.lease("acme");
    assertTrue(a.tryAcquire(first, 2).join());
    assertTrue(b.tryAcquire(b.lease("acme"), 2).join());
    assertFalse(
        a.tryAcquire(a.lease("acme"), 2).join(),
        "two held, one on each gateway: the third is refused");
    assertFalse(b.tryAcquire(b.lease("acme"), 2).join());
    assertTrue(a.tryAcquire(a.lease("other"), 2).join(), "another tenant's slots are its own");

    a.release(first);
    PoolProbe.await(
        () -> "1".equals(redis.command("ZCARD", "sandgate-test:slots:acme")),
        "the release to reach Redis");
    assertTrue(
        b.tryAcquire(b.lease("acme"), 2).join(), "a released slot is free for the other gateway");
    assertEquals(1, a.held("other"));
  }

  @Test
  void aDeadGatewaysSlotIsFreeAfterTheTtlAndALiveOneKeepsItsSlot() throws Exception {
    Duration ttl = Duration.ofMillis(900);
    RedisSlots live = gateway("live", ttl);
    RedisSlots other = gateway("other", ttl);
    assertTrue(live.tryAcquire(live.lease("kept"), 1).join());
    RedisLink dyingLink = links.link(redis.url(), ttl);
    RedisSlots dead = new RedisSlots(dyingLink, "dead");
    assertTrue(dead.tryAcquire(dead.lease("freed"), 1).join());
    long killedAt = System.nanoTime();
    Redises.kill(dyingLink);
    boolean stillHeld = !other.tryAcquire(other.lease("freed"), 1).join();
    if (Duration.ofNanos(System.nanoTime() - killedAt).compareTo(ttl) < 0) {
      assertTrue(stillHeld, "within the TTL the dead gateway's slot still counts");
    }
    PoolProbe.await(
        () -> other.tryAcquire(other.lease("freed"), 1).join(),
        "the dead gateway's slot to expire");

    Thread.sleep(3 * ttl.toMillis());
    assertFalse(
        other.tryAcquire(other.lease("kept"), 1).join(),
        "a live gateway renews its lease: after three TTLs the slot is still taken");
  }

  @Test
  void afterRedisComesBackEmptyEveryHeldLeaseIsWrittenBack() throws Exception {
    RedisSlots a = gateway("a", Duration.ofSeconds(3));
    RedisSlots b = gateway("b", Duration.ofSeconds(3));
    assertTrue(a.tryAcquire(a.lease("acme"), 1).join());
    RedisSlots.Lease released = a.lease("acme-released");
    assertTrue(a.tryAcquire(released, 1).join());
    a.release(released);
    redis.stop();
    redis.startAgain();
    assertEquals(
        "0",
        redis.command("EXISTS", "sandgate-test:slots:acme"),
        "a restarted Redis holds nothing");
    PoolProbe.await(
        () -> "1".equals(redis.command("ZCARD", "sandgate-test:slots:acme")),
        "gateway a to write its held lease back");
    PoolProbe.await(
        () -> b.tryAcquire(b.lease("other"), 1).exceptionally(e -> false).join(),
        "gateway b to reach Redis again");
    assertFalse(
        b.tryAcquire(b.lease("acme"), 1).join(),
        "the written-back lease counts for the other gateway");
    assertEquals(
        "0",
        redis.command("EXISTS", "sandgate-test:slots:acme-released"),
        "a released lease stays released");
  }
}
