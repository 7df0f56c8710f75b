package io.sandgate.function;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sandgate.testing.GatewayProcess;
import io.sandgate.testing.PostgresServer;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Functions outlive the gateway, on both stores: deployed through one gateway process, stopped,
 * then read and called through the next one on the same store — the embedded SQLite file under
 * sandgate.data-dir, or a real PostgreSQL server.
 */
class FunctionStoreIT {

  private static final String V1 =
      "{\"code\": \"def handler(event):\\n    return 'first'\\n\", \"runtime\": \"python3\"}";
  private static final String V2 =
      "{\"code\": \"def handler(event):\\n    return 'second'\\n\", \"runtime\": \"python3\"}";

  @Test
  void theEmbeddedStoreKeepsFunctionsAcrossARestart() throws Exception {
    Path dataDir = Path.of("target", "it-data", "store-" + UUID.randomUUID()).toAbsolutePath();
    survivesARestart(Map.of("sandgate.data-dir", dataDir.toString()));
    assertTrue(
        Files.isRegularFile(dataDir.resolve("sandgate.db")),
        "one SQLite file under sandgate.data-dir");
    Path library = dataDir.resolve("sqlite-native").resolve("libsqlitejdbc.so");
    assertTrue(
        Files.isRegularFile(library),
        "SQLite's library is kept beside the store, not copied out at every start");
  }

  @Test
  void postgresqlKeepsFunctionsAcrossARestart() throws Exception {
    survivesARestart(
        Map.of(
            "sandgate.store.url",
            PostgresServer.get().newDatabase(),
            "sandgate.store.username",
            PostgresServer.user()));
  }

  private static void survivesARestart(Map<String, String> store) throws Exception {
    String name = "kept-" + UUID.randomUUID().toString().substring(0, 8);
    Map<String, String> config = new java.util.HashMap<>(store);
    config.put("sandgate.pool.size", "1");
    try (GatewayProcess first = GatewayProcess.start("it-store-a-" + name, 18185, 19195, config)) {
      assertEquals(201, first.send("PUT", "/v1/functions/" + name, V1).statusCode());
      assertEquals(200, first.send("PUT", "/v1/functions/" + name, V2).statusCode());
      assertEquals("second", first.send("GET", "/fn/it/" + name, null).body());
    }
    try (GatewayProcess next = GatewayProcess.start("it-store-b-" + name, 18186, 19196, config)) {
      HttpResponse<String> function = next.send("GET", "/v1/functions/" + name, null);
      assertEquals(200, function.statusCode(), function.body());
      assertTrue(function.body().contains("\"versions\":[1,2]"), function.body());
      assertEquals("first", next.send("GET", "/fn/it/" + name + "@1", null).body());
      assertEquals("second", next.send("GET", "/fn/it/" + name + "/x", null).body());
      HttpResponse<String> logs = next.send("GET", "/v1/functions/" + name + "/logs", null);
      assertEquals(
          3,
          logs.body().split("\"requestId\"", -1).length - 1,
          "the calls through both gateways are in the logs: " + logs.body());
      assertEquals(204, next.send("DELETE", "/v1/functions/" + name, null).statusCode());
    }
  }
}
