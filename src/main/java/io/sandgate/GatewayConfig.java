package io.sandgate;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** The settings at the root of {@code sandgate.*}, which belong to no one capability. */
@ConfigMapping(prefix = "sandgate")
public interface GatewayConfig {

  /**
   * Where the embedded store keeps its SQLite file ({@code sandgate.store.url}'s default), created
   * on first start. Default ./data.
   */
  @WithDefault("./data")
  String dataDir();

  /** Give the kernel back the binary's pages once the start is over (native only). Default true. */
  @WithDefault("true")
  boolean releaseStartPages();
}
