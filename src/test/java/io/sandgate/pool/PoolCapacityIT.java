package io.sandgate.pool;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sandgate.testing.GatewayProcess;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The packaged gateway (the jar, or the native binary under -Dnative) sizes its pool from the
 * engine's machine as the engine reports it, not from its own: the engine may run elsewhere.
 */
class PoolCapacityIT {

  @Test
  void theCapacityComesFromTheEnginesOwnReport() throws Exception {
    try (GatewayProcess gateway =
        GatewayProcess.start(
            "it-capacity-" + UUID.randomUUID().toString().substring(0, 8),
            18189,
            19199,
            Map.of("sandgate.pool.size", "1"))) {
      assertEquals(200, gateway.execute("print(1)").statusCode());
      assertTrue(gateway.log().contains("derived from the Docker engine ("), gateway.log());
    }
  }
}
