package io.sandgate.footprint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sandgate.testing.GatewayProcess;
import io.sandgate.testing.PoolProbe;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The packaged native gateway gives back its start's pages once the pool is full, and serves runs
 * afterwards from the pages it reads back; the JVM gateway leaves its memory alone.
 */
class StartPagesIT {

  private static final Pattern RELEASED = Pattern.compile("resident file pages (\\d+) → (\\d+) MB");

  @Test
  void theNativeGatewayReleasesItsStartPagesAndGoesOnServing() throws Exception {
    boolean nativeGateway = GatewayProcess.Artifact.built().isNative();
    try (GatewayProcess gateway =
        GatewayProcess.start(
            "it-pages-" + UUID.randomUUID().toString().substring(0, 8),
            18191,
            19201,
            Map.of("sandgate.pool.size", "1"))) {
      if (nativeGateway) {
        PoolProbe.await(
            () -> gateway.log().contains("start pages"), "the start pages to be released");
        Matcher m = RELEASED.matcher(gateway.log());
        assertTrue(m.find(), gateway.log());
        assertTrue(Long.parseLong(m.group(2)) < Long.parseLong(m.group(1)), m.group());
      }
      for (int i = 0; i < 3; i++) {
        var run = gateway.execute("print(6 * 7)");
        assertEquals(200, run.statusCode(), run.body());
        assertTrue(run.body().contains("42"), run.body());
      }
      assertTrue(gateway.send("GET", "/v1/runtimes", null).body().contains("pypy3"));
      if (!nativeGateway) {
        assertFalse(gateway.log().contains("start pages"), gateway.log());
      }
    }
  }
}
