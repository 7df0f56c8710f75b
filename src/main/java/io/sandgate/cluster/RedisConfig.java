package io.sandgate.cluster;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

/** Redis, where several gateways keep the limits they share. */
@ConfigMapping(prefix = "sandgate.redis")
public interface RedisConfig {

  /**
   * The shared Redis, e.g. {@code redis://127.0.0.1:6379} (with a password: {@code
   * redis://:password@host:6379/0}). Unset (the default): every limit is this gateway's own.
   */
  Optional<String> url();

  /**
   * How long one Redis command may take before this gateway stops waiting and uses its own limits
   * until Redis answers a probe again. Default 250ms.
   */
  @WithDefault("250ms")
  Duration timeout();

  /** How often an unreachable Redis is probed, to go back to the shared limits. Default 1s. */
  @WithDefault("1s")
  Duration probeInterval();

  /**
   * Lifetime of a concurrency slot in Redis; the gateway holding it renews it every third of this,
   * so the slots of a gateway that dies free themselves within it. Default 15s.
   */
  @WithDefault("15s")
  Duration leaseTtl();

  /**
   * Prefix of every key this gateway writes, so several deployments can share one Redis. Default
   * "sandgate:".
   */
  @WithDefault("sandgate:")
  String keyPrefix();
}
