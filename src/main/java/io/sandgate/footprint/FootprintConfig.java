package io.sandgate.footprint;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** The native gateway's memory after its start. */
@ConfigMapping(prefix = "sandgate")
public interface FootprintConfig {

  /** Give the kernel back the binary's pages once the start is over (native only). Default true. */
  @WithDefault("true")
  boolean releaseStartPages();
}
