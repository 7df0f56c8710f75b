package io.sandgate.api;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.sandgate.testing.DockerEngine;
import io.sandgate.testing.RawHttp;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Past {@code quarkus.http.limits.max-connections}, a new connection is closed at once; room frees
 * as others go.
 */
@QuarkusTest
@QuarkusTestResource(DockerEngine.class)
@TestProfile(ConnectionCapTest.ThreeConnections.class)
class ConnectionCapTest {

  /** Room for three connections. */
  public static class ThreeConnections implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      return Map.of("quarkus.http.limits.max-connections", "3", "sandgate.pool.size", "1");
    }
  }

  @Test
  void aConnectionPastTheCapIsClosedAndRoomComesBack() throws Exception {
    List<Socket> held = new ArrayList<>();
    try {
      for (int i = 0; i < 3; i++) {
        held.add(RawHttp.connect());
      }
      for (Socket s : held) {
        assertFalse(RawHttp.closedWithin(s, 300), "a connection within the cap stays open");
      }
      try (Socket extra = RawHttp.connect()) {
        assertTrue(RawHttp.closedWithin(extra, 10_000), "the fourth connection must be refused");
      }
    } finally {
      for (Socket s : held) {
        s.close();
      }
    }
    // Once those are gone, a request goes through again.
    io.sandgate.testing.PoolProbe.await(
        () -> {
          try {
            return RawHttp.send("GET /v1/runtimes HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
                    .status()
                == 401;
          } catch (java.io.IOException e) {
            return false;
          }
        },
        "room for a new connection");
  }
}
