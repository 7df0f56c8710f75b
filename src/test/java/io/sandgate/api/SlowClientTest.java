package io.sandgate.api;

import static io.sandgate.testing.Api.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.sandgate.testing.Api;
import io.sandgate.testing.DockerEngine;
import io.sandgate.testing.LogCapture;
import io.sandgate.testing.RawHttp;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Slow and idle clients lose their connection after the idle timeout (2 s here, 30 s by default); a
 * run longer than that still gets its answer, since the timeout is lifted while it runs.
 */
@QuarkusTest
@QuarkusTestResource(DockerEngine.class)
@TestProfile(SlowClientTest.ShortIdleTimeout.class)
class SlowClientTest {

  /** A short idle timeout, so that the test does not wait the default's 30 s. */
  public static class ShortIdleTimeout implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      return Map.of("quarkus.http.idle-timeout", "2s", "sandgate.pool.size", "2");
    }
  }

  @Test
  void theShippedIdleTimeoutCutsAHalfSentRequestWithinAMinute() throws Exception {
    // The value this profile overrides, as the gateway ships it.
    java.util.Properties shipped = new java.util.Properties();
    try (InputStream in = getClass().getResourceAsStream("/application.properties")) {
      shipped.load(in);
    }
    String value = shipped.getProperty("quarkus.http.idle-timeout");
    assertTrue(java.time.Duration.parse("PT" + value.toUpperCase()).getSeconds() <= 60, value);
  }

  @Test
  void halfARequestLineIsCutOff() throws Exception {
    try (Socket socket = RawHttp.connect()) {
      socket.getOutputStream().write("POST /v1/execu".getBytes(StandardCharsets.US_ASCII));
      assertTrue(
          RawHttp.closedWithin(socket, 60_000), "the gateway must close a half-sent request");
    }
  }

  @Test
  void aConnectionThatSendsNothingIsCutOff() throws Exception {
    try (Socket socket = RawHttp.connect()) {
      assertTrue(RawHttp.closedWithin(socket, 60_000));
    }
  }

  @Test
  void headersWithoutTheirBodyAreCutOff() throws Exception {
    try (Socket socket = RawHttp.connect();
        LogCapture log = LogCapture.start()) {
      socket
          .getOutputStream()
          .write(
              ("POST /v1/executions HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer "
                      + Api.KEY
                      + "\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{\"code\":")
                  .getBytes(StandardCharsets.US_ASCII));
      assertTrue(RawHttp.closedWithin(socket, 60_000));
      Thread.sleep(500); // the REST layer learns of the cut after the socket closes
      assertEquals(
          List.of(), log.errors(), "a client that never sends its body is not the gateway's error");
    }
  }

  @Test
  void aRunLongerThanTheIdleTimeoutIsAnswered() {
    given()
        .contentType("application/json")
        .body(Map.of("runtime", "python3", "code", "import time; time.sleep(4); print('done')"))
        .when()
        .post("/v1/executions")
        .then()
        .statusCode(200)
        .body("stdout", equalTo("done\n"));
  }

  @Test
  void aKeptAliveConnectionIsCutOffOnceIdleAgainAfterALongRun() throws Exception {
    String body = "{\"runtime\": \"python3\", \"code\": \"import time; time.sleep(3); print(1)\"}";
    try (Socket socket = RawHttp.connect()) {
      OutputStream out = socket.getOutputStream();
      out.write(
          ("POST /v1/executions HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer "
                  + Api.KEY
                  + "\r\nContent-Type: application/json\r\nContent-Length: "
                  + body.length()
                  + "\r\n\r\n"
                  + body)
              .getBytes(StandardCharsets.US_ASCII));
      InputStream in = socket.getInputStream();
      byte[] head = new byte[12];
      assertEquals(12, in.readNBytes(head, 0, 12));
      assertEquals("HTTP/1.1 200", new String(head, StandardCharsets.US_ASCII));
      assertFalse(socket.isClosed());
      // The lifted timeout is put back: idle again, the connection goes.
      assertTrue(RawHttp.closedWithin(socket, 60_000));
    }
  }
}
