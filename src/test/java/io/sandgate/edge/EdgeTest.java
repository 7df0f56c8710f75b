package io.sandgate.edge;

import static io.sandgate.testing.Api.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.sandgate.testing.Api;
import io.sandgate.testing.DockerEngine;
import io.sandgate.testing.LogCapture;
import io.sandgate.testing.RawHttp;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The edge against slow and greedy clients, on real sockets: a request must arrive whole within the
 * request timeout (3 s here), however it trickles; a refusal does not wait for the body; one client
 * address holds at most its cap of connections (16 here), so a thousand trickling connections from
 * one client leave the gateway to everyone else. Each client of a test is a loopback address of its
 * own (127.0.0.x), so that they are separate clients to the gateway.
 */
@QuarkusTest
@QuarkusTestResource(DockerEngine.class)
@TestProfile(EdgeTest.TightEdge.class)
class EdgeTest {

  /** A short deadline and a small cap, so that the test does not wait long or open thousands. */
  public static class TightEdge implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      return Map.of(
          "sandgate.edge.request-timeout",
          "3s",
          "sandgate.edge.max-connections-per-client",
          "16",
          "sandgate.pool.size",
          "2");
    }
  }

  @Test
  void aBodyTrickledFasterThanTheIdleTimeoutIsCutAtTheDeadline() throws Exception {
    try (Socket socket = RawHttp.connectFrom("127.0.0.11");
        LogCapture log = LogCapture.start()) {
      OutputStream out = socket.getOutputStream();
      out.write(
          ("POST /v1/executions HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer "
                  + Api.KEY
                  + "\r\nContent-Type: application/json\r\nContent-Length: 100000\r\n\r\n{\"code\":\"")
              .getBytes(StandardCharsets.US_ASCII));
      assertTrue(
          trickleUntilClosed(socket, 120), "a body trickled a byte at a time must be cut off");
      Thread.sleep(500); // the REST layer learns of the cut after the socket closes
      assertEquals(List.of(), log.errors(), "a client cut off is not the gateway's error");
    }
  }

  @Test
  void aHeadTrickledFasterThanTheIdleTimeoutIsCutAtTheDeadline() throws Exception {
    try (Socket socket = RawHttp.connectFrom("127.0.0.12")) {
      socket
          .getOutputStream()
          .write("GET /v1/runtimes HTTP/1.1\r\nX-Slow: ".getBytes(StandardCharsets.US_ASCII));
      assertTrue(
          trickleUntilClosed(socket, 120), "a head trickled a byte at a time must be cut off");
    }
  }

  @Test
  void aRefusalDoesNotWaitForTheBody() throws Exception {
    try (Socket socket = RawHttp.connectFrom("127.0.0.13")) {
      socket
          .getOutputStream()
          .write(
              ("POST /fn/nosuchtenant/nosuch HTTP/1.1\r\nHost: x\r\n"
                      + "Content-Length: 1000000\r\n\r\n")
                  .getBytes(StandardCharsets.US_ASCII));
      String answer = readUntilClosed(socket, 60_000);
      assertTrue(answer.startsWith("HTTP/1.1 404"), answer);
    }
    try (Socket socket = RawHttp.connectFrom("127.0.0.13")) {
      socket
          .getOutputStream()
          .write(
              ("POST /v1/executions HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                      + "Content-Length: 100000\r\n\r\n")
                  .getBytes(StandardCharsets.US_ASCII));
      String answer = readUntilClosed(socket, 60_000);
      assertTrue(answer.startsWith("HTTP/1.1 401"), answer);
    }
  }

  @Test
  void aKeptAliveConnectionServesRequestAfterRequest() throws Exception {
    try (Socket socket = RawHttp.connectFrom("127.0.0.14")) {
      for (int i = 0; i < 3; i++) {
        socket
            .getOutputStream()
            .write(
                ("GET /v1/runtimes HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer "
                        + Api.KEY
                        + "\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
        String head = readHead(socket);
        assertTrue(head.startsWith("HTTP/1.1 200"), head);
        Thread.sleep(1_000); // each wait is within the deadline; together they pass it
      }
    }
  }

  @Test
  void oneClientOverItsCapIsRefusedAndOthersAreServed() throws Exception {
    List<Socket> held = new ArrayList<>();
    try {
      for (int i = 0; i < 16; i++) {
        held.add(RawHttp.connectFrom("127.0.0.15"));
      }
      try (Socket over = RawHttp.connectFrom("127.0.0.15")) {
        String answer = readUntilClosed(over, 60_000);
        assertTrue(answer.startsWith("HTTP/1.1 429"), answer);
        assertTrue(answer.contains("too-many-connections"), answer);
      }
      try (Socket other = RawHttp.connectFrom("127.0.0.16")) {
        other
            .getOutputStream()
            .write(
                ("GET /v1/runtimes HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer "
                        + Api.KEY
                        + "\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
        assertTrue(readUntilClosed(other, 60_000).startsWith("HTTP/1.1 200"));
      }
    } finally {
      for (Socket s : held) {
        s.close();
      }
    }
  }

  /**
   * The review's attack: 1,040 connections from one client, each with the head of a large body for
   * a public function, then a byte now and then. The client keeps its cap's worth, the rest are
   * refused at once; a fresh client is answered while they trickle; the deadline ends them.
   */
  @Test
  void aThousandTricklingConnectionsDoNotLockOthersOut() throws Exception {
    String name = "fn-" + UUID.randomUUID().toString().substring(0, 8);
    given()
        .contentType(ContentType.JSON)
        .body(
            Map.of(
                "code",
                "def handler(event):\n    return 'ok'\n",
                "runtime",
                "python3",
                "public",
                true))
        .put("/v1/functions/" + name)
        .then()
        .statusCode(201);
    List<Socket> attack = new ArrayList<>();
    int refused = 0;
    try {
      for (int i = 0; i < 1_040; i++) {
        Socket s = RawHttp.connectFrom("127.0.0.17");
        attack.add(s);
        try {
          s.getOutputStream()
              .write(
                  ("POST /fn/test/"
                          + name
                          + " HTTP/1.1\r\nHost: x\r\n"
                          + "Content-Length: 1000000\r\n\r\nx")
                      .getBytes(StandardCharsets.US_ASCII));
        } catch (IOException e) {
          refused++; // closed already: over the cap
        }
      }
      try (Socket fresh = RawHttp.connectFrom("127.0.0.18")) {
        fresh
            .getOutputStream()
            .write(
                ("GET /v1/runtimes HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer "
                        + Api.KEY
                        + "\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
        String answer = readUntilClosed(fresh, 60_000);
        assertTrue(
            answer.startsWith("HTTP/1.1 200"),
            "a fresh client is served during the attack: " + answer);
      }
      int over = 0;
      for (Socket s : attack) {
        // Long enough for a 429 already on its way on a slow day; the 16 kept ones each cost it.
        s.setSoTimeout(250);
        try {
          byte[] b = new byte[12];
          int n = s.getInputStream().read(b);
          if (n > 0 && new String(b, 0, n, StandardCharsets.US_ASCII).startsWith("HTTP/1.1 429")) {
            over++;
          }
        } catch (SocketTimeoutException e) {
          // still open: one of the client's 16
        } catch (IOException e) {
          over++;
        }
      }
      assertTrue(over + refused >= 1_040 - 16, "all but 16 are refused: " + over + " + " + refused);
      // The deadline ends those the client kept, however they trickle.
      for (Socket s : attack) {
        assertTrue(trickleUntilClosed(s, 120), "every trickling connection is cut");
      }
    } finally {
      for (Socket s : attack) {
        s.close();
      }
    }
    RestAssured.given().get("/fn/test/" + name).then().statusCode(200);
  }

  /**
   * Sends a byte every half second until the gateway closes; false if it is still open after {@code
   * seconds}.
   */
  private static boolean trickleUntilClosed(Socket socket, int seconds)
      throws InterruptedException {
    long end = System.nanoTime() + seconds * 1_000_000_000L;
    while (System.nanoTime() < end) {
      try {
        socket.getOutputStream().write('a');
        socket.getOutputStream().flush();
        socket.setSoTimeout(500);
        if (socket.getInputStream().read(new byte[4096]) < 0) {
          return true;
        }
      } catch (SocketTimeoutException e) {
        // still open: another byte
      } catch (IOException e) {
        return true; // reset: closed by the gateway
      }
    }
    return false;
  }

  private static String readUntilClosed(Socket socket, int millis) throws IOException {
    socket.setSoTimeout(millis);
    StringBuilder text = new StringBuilder();
    byte[] buffer = new byte[4096];
    try {
      InputStream in = socket.getInputStream();
      for (int n; (n = in.read(buffer)) >= 0; ) {
        text.append(new String(buffer, 0, n, StandardCharsets.ISO_8859_1));
      }
    } catch (SocketTimeoutException e) {
      assertFalse(true, "the gateway did not close the connection: " + text);
    } catch (IOException e) {
      // reset after the answer
    }
    return text.toString();
  }

  /**
   * Reads one answer with a Content-Length: its head, then its body, leaving the connection open.
   */
  private static String readHead(Socket socket) throws IOException {
    InputStream in = socket.getInputStream();
    StringBuilder head = new StringBuilder();
    while (!head.toString().endsWith("\r\n\r\n")) {
      int b = in.read();
      if (b < 0) {
        throw new IOException("closed after: " + head);
      }
      head.append((char) b);
    }
    java.util.regex.Matcher length =
        java.util.regex.Pattern.compile("(?im)^content-length: *(\\d+)").matcher(head);
    if (length.find()) {
      in.readNBytes(Integer.parseInt(length.group(1)));
    }
    return head.toString();
  }
}
