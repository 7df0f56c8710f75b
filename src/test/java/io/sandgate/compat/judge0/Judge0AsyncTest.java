package io.sandgate.compat.judge0;

import static io.sandgate.testing.Api.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.sandgate.testing.AdjustableClock;
import io.sandgate.testing.DockerEngine;
import io.sandgate.testing.PoolProbe;
import jakarta.inject.Inject;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Judge0's asynchronous path: callbacks (delivered after the result is stored, tried again when no
 * answer comes), the bounded queue, and the retention. Callbacks to this host are allowed here; by
 * default they are refused (Judge0ApiTest).
 */
@QuarkusTest
@QuarkusTestResource(DockerEngine.class)
@TestProfile(Judge0AsyncTest.SmallQueue.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class Judge0AsyncTest {

  /** One worker and a queue of one: two submissions fit, a third is refused. */
  public static class SmallQueue implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      return Map.of(
          "sandgate.judge0.allow-private-callbacks",
          "true",
          "sandgate.judge0.workers",
          "1",
          "sandgate.judge0.queue-size",
          "1",
          "sandgate.judge0.callback-timeout",
          "3s");
    }
  }

  @Inject AdjustableClock clock;

  @Test
  @Order(1)
  void theResultIsStoredThenPutToTheCallbackInBase64() throws Exception {
    BlockingQueue<String> received = new LinkedBlockingQueue<>();
    List<Integer> statusSeenByTheCallback = new ArrayList<>();
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext(
        "/done",
        exchange -> {
          String body =
              new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
          String token = JsonPath.from(body).getString("token");
          statusSeenByTheCallback.add(
              given().get("/submissions/" + token).then().extract().path("status.id"));
          exchange.sendResponseHeaders(204, -1);
          exchange.close();
          received.add(
              exchange.getRequestMethod()
                  + " "
                  + exchange.getRequestHeaders().getFirst("Host")
                  + " "
                  + body);
        });
    server.start();
    given()
        .get("/statuses")
        .then()
        .statusCode(200); // the client is warm before the callback needs it
    try {
      String token =
          given()
              .contentType(ContentType.JSON)
              .body(
                  Map.of(
                      "source_code",
                      "print('hi')",
                      "language_id",
                      71,
                      "callback_url",
                      "http://localhost:" + server.getAddress().getPort() + "/done"))
              .post("/submissions")
              .then()
              .statusCode(201)
              .extract()
              .path("token");
      String callback = received.poll(60, TimeUnit.SECONDS);
      String sentTo = "PUT localhost:" + server.getAddress().getPort() + " ";
      assertTrue(
          callback != null && callback.startsWith(sentTo),
          "a PUT arrived, named for the URL's host though sent to the address checked: "
              + callback);
      JsonPath body = JsonPath.from(callback.substring(sentTo.length()));
      assertEquals(token, body.getString("token"));
      assertEquals("aGkK\n", body.getString("stdout"), "Judge0's callbacks are in base64");
      assertEquals(3, body.getInt("status.id"));
      assertEquals(List.of(3), statusSeenByTheCallback, "stored before the callback was sent");
    } finally {
      server.stop(0);
    }
  }

  @Test
  @Order(2)
  void aCallbackWithoutAnswerIsTriedThreeTimes() throws Exception {
    AtomicInteger connections = new AtomicInteger();
    List<Socket> held = new ArrayList<>();
    try (ServerSocket silent = new ServerSocket(0, 10, java.net.InetAddress.getLoopbackAddress())) {
      Thread acceptor =
          new Thread(
              () -> {
                while (!silent.isClosed()) {
                  try {
                    held.add(silent.accept()); // accepted, never answered
                    connections.incrementAndGet();
                  } catch (IOException e) {
                    return;
                  }
                }
              });
      acceptor.start();
      given()
          .contentType(ContentType.JSON)
          .body(
              Map.of(
                  "source_code",
                  "print(1)",
                  "language_id",
                  71,
                  "callback_url",
                  "http://127.0.0.1:" + silent.getLocalPort() + "/cb"))
          .post("/submissions")
          .then()
          .statusCode(201);
      PoolProbe.await(() -> connections.get() >= 3, "three tries of the callback");
      Thread.sleep(4000); // past one more timeout
      assertEquals(3, connections.get(), "no fourth try");
    }
    for (Socket socket : held) {
      socket.close();
    }
  }

  @Test
  @Order(3)
  void pastTheQueueJudge0sQueueIsFull() {
    List<String> tokens = new ArrayList<>();
    for (int i = 0; i < 2; i++) {
      tokens.add(
          given()
              .contentType(ContentType.JSON)
              .body(Map.of("source_code", "import time\ntime.sleep(2)", "language_id", 71))
              .post("/submissions")
              .then()
              .statusCode(201)
              .extract()
              .path("token"));
    }
    given()
        .contentType(ContentType.JSON)
        .body(Map.of("source_code", "print(1)", "language_id", 71))
        .post("/submissions")
        .then()
        .statusCode(503)
        .body("error", equalTo("queue is full"));
    given()
        .contentType(ContentType.JSON)
        .body(Map.of("submissions", List.of(Map.of("source_code", "print(1)", "language_id", 71))))
        .post("/submissions/batch")
        .then()
        .statusCode(503)
        .body("error", equalTo("queue is full"));
    for (String token : tokens) {
      assertEquals(3, Judge0ApiTest.finished(token, "").getInt("status.id"), "the queued ones ran");
    }
    given()
        .contentType(ContentType.JSON)
        .body(Map.of("source_code", "print(1)", "language_id", 71))
        .post("/submissions")
        .then()
        .statusCode(201);
  }

  @Test
  @Order(4)
  void aResultIsGoneAfterTheRetention() {
    String token =
        given()
            .contentType(ContentType.JSON)
            .queryParam("wait", "true")
            .body(Map.of("source_code", "print(1)", "language_id", 71))
            .post("/submissions")
            .then()
            .statusCode(201)
            .extract()
            .path("token");
    given().get("/submissions/" + token).then().statusCode(200);
    clock.advance(Duration.ofHours(1).plusSeconds(1));
    given().get("/submissions/" + token).then().statusCode(404);
  }
}
