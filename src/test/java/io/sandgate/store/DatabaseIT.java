package io.sandgate.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sandgate.testing.GatewayProcess;
import java.time.Duration;
import java.util.Map;
import java.util.OptionalInt;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The packaged gateway opens its store beside its start, and a store it cannot open still stops it,
 * with the reason in its log, as when the store was opened before the gateway listened.
 */
class DatabaseIT {

  @Test
  void aStoreThatCannotBeOpenedStopsTheGateway() throws Exception {
    // Nothing listens on the discard port: the connection is refused at once.
    try (GatewayProcess gateway =
        GatewayProcess.launch(
            "it-store-down-" + UUID.randomUUID().toString().substring(0, 8),
            18190,
            19200,
            Map.of(
                "sandgate.pool.size",
                "1",
                "sandgate.store.url",
                "jdbc:postgresql://127.0.0.1:9/sandgate"))) {
      OptionalInt exit = gateway.awaitExit(Duration.ofSeconds(120));
      assertTrue(exit.isPresent(), "the gateway still runs without its store: " + gateway.log());
      assertEquals(1, exit.getAsInt(), gateway.log());
      assertTrue(gateway.log().contains("the store could not be opened"), gateway.log());
    }
  }
}
