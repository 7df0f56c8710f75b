package io.sandgate.edge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.sandgate.testing.Api;
import io.sandgate.testing.DockerEngine;
import io.sandgate.testing.RawHttp;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Behind a trusted proxy (127.0.0.20 here) the proxy's connections are not capped, and the cap (2
 * here) holds per forwarded client for its requests under way; a client cannot escape it by writing
 * its own X-Forwarded-For, and an untrusted peer's forwarding headers are ignored.
 */
@QuarkusTest
@QuarkusTestResource(DockerEngine.class)
@TestProfile(TrustedProxyTest.BehindAProxy.class)
class TrustedProxyTest {

  /** One trusted proxy, a cap of two. */
  public static class BehindAProxy implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      return Map.of(
          "sandgate.edge.trusted-proxies",
          "127.0.0.20",
          "sandgate.edge.max-connections-per-client",
          "2",
          "sandgate.pool.size",
          "4");
    }
  }

  private static final String SLOW =
      "{\"runtime\":\"python3\",\"code\":\"import time; time.sleep(4)\"}";

  @Test
  void theProxyIsNotCappedButEachClientBehindItIs() throws Exception {
    List<Socket> sockets = new ArrayList<>();
    try {
      // Three requests under way for one forwarded client (whatever it wrote on the left), through
      // the proxy.
      for (int i = 0; i < 3; i++) {
        sockets.add(send("127.0.0.20", "9.9.9." + i + ", 203.0.113.5"));
        Thread.sleep(300);
      }
      // And another client behind the same proxy.
      Socket other = send("127.0.0.20", "198.51.100.7");
      assertEquals(200, status(sockets.get(0)));
      assertEquals(200, status(sockets.get(1)));
      assertEquals(429, status(sockets.get(2)), "the forwarded client's third request under way");
      assertEquals(200, status(other));
      other.close();
    } finally {
      for (Socket s : sockets) {
        s.close();
      }
    }
  }

  @Test
  void anUntrustedPeersForwardingHeadersAreIgnored() throws Exception {
    List<Socket> sockets = new ArrayList<>();
    try {
      // Its connections count for itself, whatever client each claims to forward for.
      sockets.add(send("127.0.0.21", "203.0.113.1"));
      sockets.add(send("127.0.0.21", "203.0.113.2"));
      try (Socket third = RawHttp.connectFrom("127.0.0.21")) {
        third.setSoTimeout(60_000);
        String answer =
            new String(third.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
        assertTrue(answer.startsWith("HTTP/1.1 429"), answer);
      }
    } finally {
      for (Socket s : sockets) {
        s.close();
      }
    }
  }

  private static Socket send(String from, String forwardedFor) throws IOException {
    Socket socket = RawHttp.connectFrom(from);
    socket
        .getOutputStream()
        .write(
            ("POST /v1/executions HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer "
                    + Api.KEY
                    + "\r\nX-Forwarded-For: "
                    + forwardedFor
                    + "\r\nContent-Type: application/json\r\nContent-Length: "
                    + SLOW.length()
                    + "\r\nConnection: close\r\n\r\n"
                    + SLOW)
                .getBytes(StandardCharsets.US_ASCII));
    return socket;
  }

  private static int status(Socket socket) throws IOException {
    socket.setSoTimeout(60_000);
    InputStream in = socket.getInputStream();
    byte[] head = in.readNBytes(12);
    String line = new String(head, StandardCharsets.US_ASCII);
    assertTrue(line.startsWith("HTTP/1.1 "), line);
    return Integer.parseInt(line.substring(9, 12));
  }
}
