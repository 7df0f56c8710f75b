package io.sandgate.store;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

/** The store's database: where it is, who connects, how many connections at once. */
@ConfigMapping(prefix = "sandgate.store")
public interface StoreConfig {

  /**
   * The JDBC URL: {@code jdbc:sqlite:<file>} (the embedded default, under {@code
   * sandgate.data-dir}) or {@code jdbc:postgresql://host:port/db}.
   */
  String url();

  /** The user to connect as (PostgreSQL). Default {@code sandgate}. */
  @WithDefault("sandgate")
  String username();

  /** That user's password (PostgreSQL). Default none. */
  Optional<String> password();

  /** Connections held open at most. Default 8. */
  @WithDefault("8")
  int maxConnections();

  /** How long a caller waits for a free connection before the store answers 503. Default 5 s. */
  @WithDefault("5s")
  Duration acquisitionTimeout();

  /** Whether the URL names the embedded SQLite store, which no other gateway shares. */
  default boolean embedded() {
    return url().startsWith(StoreDriver.SQLITE);
  }
}
