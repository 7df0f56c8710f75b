package io.sandgate.cluster;

import io.vertx.redis.client.Command;
import io.vertx.redis.client.Request;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Concurrency slots shared by every gateway. Each name (a tenant) has one sorted set in Redis whose
 * members are the leases held, scored by when they expire on Redis's own clock — so the gateways'
 * clocks never matter. A gateway renews its leases every third of the TTL; one that dies stops
 * renewing, and its slots are free within the TTL. A renewal writes back what Redis lost — after a
 * restart, or an outage, every lease the gateway still holds (those taken on its own limits
 * meanwhile included) — so the count is right again within a third of the TTL, and at once when the
 * gateway sees Redis come back.
 */
public final class RedisSlots {

  /** KEYS[1] the set; ARGV: the lease, its TTL in ms, the most leases allowed. 1 when taken. */
  private static final String ACQUIRE =
      """
            local t = redis.call('TIME')
            local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
            redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
            if redis.call('ZCARD', KEYS[1]) >= tonumber(ARGV[3]) then return 0 end
            redis.call('ZADD', KEYS[1], now + tonumber(ARGV[2]), ARGV[1])
            redis.call('PEXPIRE', KEYS[1], ARGV[2])
            return 1""";

  /**
   * KEYS[1] the set; ARGV: the TTL in ms, then the leases, each written (back) with a new expiry.
   */
  private static final String RENEW =
      """
            local t = redis.call('TIME')
            local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
            local ttl = tonumber(ARGV[1])
            for i = 2, #ARGV do
              redis.call('ZADD', KEYS[1], now + ttl, ARGV[i])
            end
            redis.call('PEXPIRE', KEYS[1], ttl)
            return #ARGV - 1""";

  private final RedisLink link;
  private final String prefix;
  private final String instance;
  private final long ttlMillis;
  private final AtomicLong leases = new AtomicLong();
  private final Map<String, Set<String>> held = new ConcurrentHashMap<>();

  /**
   * Slots under {@code <key-prefix>slots:}, leases named after {@code instance}; renewal starts
   * here.
   */
  public RedisSlots(RedisLink link, String instance) {
    this.link = link;
    this.prefix = link.config().keyPrefix() + "slots:";
    this.instance = instance;
    this.ttlMillis = Math.max(1, link.config().leaseTtl().toMillis());
    link.every(link.config().leaseTtl().dividedBy(3), this::renew);
    link.onRecovery(this::renew);
  }

  /** A new lease on one of {@code name}'s slots, not taken yet. */
  public Lease lease(String name) {
    return new Lease(prefix + name, instance + ":" + leases.incrementAndGet());
  }

  /**
   * Takes {@code lease} if fewer than {@code max} are held cluster-wide: true when taken (and
   * renewed from then on), false when the slots are all held. Fails when Redis cannot be used.
   */
  public CompletableFuture<Boolean> tryAcquire(Lease lease, int max) {
    return link.send(
            Request.cmd(Command.EVAL)
                .arg(ACQUIRE)
                .arg(1)
                .arg(lease.key())
                .arg(lease.member())
                .arg(ttlMillis)
                .arg(max))
        .thenApply(
            taken -> {
              boolean ok = taken != null && taken.toInteger() == 1;
              if (ok) {
                hold(lease);
              }
              return ok;
            });
  }

  /**
   * Counts {@code lease} as held without asking Redis (taken on local limits); written back on
   * recovery.
   */
  public void hold(Lease lease) {
    held.computeIfAbsent(lease.key(), k -> ConcurrentHashMap.newKeySet()).add(lease.member());
  }

  /** Gives {@code lease} back; if Redis cannot hear it now, the TTL frees the slot. */
  public void release(Lease lease) {
    Set<String> members = held.get(lease.key());
    if (members == null || !members.remove(lease.member())) {
      return;
    }
    if (link.usable()) {
      link.send(Request.cmd(Command.ZREM).arg(lease.key()).arg(lease.member()))
          .exceptionally(failure -> null);
    }
  }

  /** Leases this gateway holds under {@code name}. */
  public int held(String name) {
    Set<String> members = held.get(prefix + name);
    return members == null ? 0 : members.size();
  }

  /**
   * Renews every lease held, writing back any Redis lost (a restart, an outage that outlasted the
   * TTL). A lease released while its renewal was on the way could come back that way, so once the
   * renewal is done each of those is removed again.
   */
  private void renew() {
    if (!link.usable()) {
      return;
    }
    held.forEach(
        (key, members) -> {
          List<String> renewed = List.copyOf(members);
          if (renewed.isEmpty()) {
            return;
          }
          Request renew = Request.cmd(Command.EVAL).arg(RENEW).arg(1).arg(key).arg(ttlMillis);
          renewed.forEach(renew::arg);
          link.send(renew)
              .whenComplete(
                  (count, failure) ->
                      renewed.stream()
                          .filter(member -> !members.contains(member))
                          .forEach(
                              member ->
                                  link.send(Request.cmd(Command.ZREM).arg(key).arg(member))
                                      .exceptionally(e -> null)));
        });
  }

  /**
   * One slot's lease.
   *
   * @param key the sorted set of the slots' name
   * @param member this lease in it
   */
  public record Lease(String key, String member) {}
}
