package io.sandgate.testing;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.Map;

/** A Quarkus test profile whose store is a fresh database on the test PostgreSQL server. */
public class OnPostgres implements QuarkusTestProfile {

  @Override
  public Map<String, String> getConfigOverrides() {
    return Map.of(
        "sandgate.store.url",
        PostgresServer.get().newDatabase(),
        "sandgate.store.username",
        PostgresServer.user());
  }
}
