package io.sandgate.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.sandgate.sandbox.Sandbox;
import io.sandgate.testing.DockerEngine;
import io.sandgate.testing.Sandboxes;
import jakarta.inject.Inject;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The agent's HTTP edge, spoken raw over its socket: every malformed or unexpected request gets a
 * clear status, and none of them spends the sandbox's one run.
 */
@QuarkusTest
@QuarkusTestResource(DockerEngine.class)
class AgentHttpTest {

  @Inject Sandboxes sandboxes;

  @Inject AgentClient agent;

  @Test
  void badRequestsAreAnsweredAndTheRunIsStillThere() {
    sandboxes.with(
        sandbox -> {
          assertEquals(404, status(sandbox, "GET /nope HTTP/1.1\r\nHost: x\r\n\r\n"));
          assertEquals(405, status(sandbox, "GET /run HTTP/1.1\r\nHost: x\r\n\r\n"));
          assertEquals(405, status(sandbox, "DELETE /health HTTP/1.1\r\nHost: x\r\n\r\n"));
          assertEquals(400, status(sandbox, "garbage\r\n\r\n"));
          assertEquals(400, status(sandbox, "POST /run HTTP/1.1\r\nno colon here\r\n\r\n"));
          assertEquals(411, status(sandbox, "POST /run HTTP/1.1\r\nHost: x\r\n\r\n"));
          assertEquals(
              411,
              status(
                  sandbox,
                  "POST /run HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n1\r\n{\r\n0\r\n\r\n"));
          assertEquals(400, status(sandbox, "POST /run HTTP/1.1\r\nContent-Length: -1\r\n\r\n"));
          // Refused by its declared length, before a byte of it is sent.
          assertEquals(
              413, status(sandbox, "POST /run HTTP/1.1\r\nContent-Length: 99999999\r\n\r\n"));
          assertEquals(
              431,
              status(sandbox, "GET /health HTTP/1.1\r\nX-Big: " + "a".repeat(20_000) + "\r\n\r\n"));
          assertEquals(400, status(sandbox, post("{\"code\": 1}")));
          assertEquals(
              400, status(sandbox, post("{\"code\": \"print(1)\", \"args\": [\"\\ud800\"]}")));
          assertEquals(400, status(sandbox, post("not json")));
          hangUpMidRequest(sandbox);

          AgentHealth health = agent.health(Sandboxes.endpoint(sandbox));
          assertEquals("UP", health.status());
          assertTrue(!health.used(), "a refused request must not spend the sandbox");
          AgentRunResult result =
              agent.run(
                  Sandboxes.endpoint(sandbox),
                  new AgentRunRequest(
                      "print('still here')", "python3", "", List.of(), 5_000, 1000));
          assertEquals("still here\n", result.stdout());
        });
  }

  @Test
  void answersSayWhatTheyAreAndCloseTheConnection() {
    sandboxes.with(
        sandbox -> {
          String answer = exchange(sandbox, "GET /health HTTP/1.1\r\nHost: x\r\n\r\n");
          assertTrue(answer.startsWith("HTTP/1.1 200 OK\r\n"), answer);
          assertTrue(answer.contains("\r\nContent-Type: application/json\r\n"), answer);
          assertTrue(answer.contains("\r\nConnection: close\r\n"), answer);
          String body = answer.substring(answer.indexOf("\r\n\r\n") + 4);
          assertTrue(
              answer.contains(
                  "\r\nContent-Length: " + body.getBytes(StandardCharsets.UTF_8).length + "\r\n"),
              answer);
        });
  }

  private static String post(String json) {
    return "POST /run HTTP/1.1\r\nContent-Type: application/json\r\nContent-Length: "
        + json.getBytes(StandardCharsets.UTF_8).length
        + "\r\n\r\n"
        + json;
  }

  private static int status(Sandbox sandbox, String request) {
    String answer = exchange(sandbox, request);
    return Integer.parseInt(answer.substring("HTTP/1.1 ".length(), "HTTP/1.1 ".length() + 3));
  }

  /** Sends {@code request} as is and reads until the agent closes the connection. */
  private static String exchange(Sandbox sandbox, String request) {
    try (SocketChannel channel = connect(sandbox)) {
      channel.write(ByteBuffer.wrap(request.getBytes(StandardCharsets.UTF_8)));
      ByteArrayOutputStream answer = new ByteArrayOutputStream();
      ByteBuffer buffer = ByteBuffer.allocate(8192);
      try {
        while (channel.read(buffer) >= 0) {
          answer.write(buffer.array(), 0, buffer.position());
          buffer.clear();
        }
      } catch (IOException e) {
        // Closing on a request it did not read whole resets the connection after the answer.
        if (answer.size() == 0) {
          throw e;
        }
      }
      return answer.toString(StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void hangUpMidRequest(Sandbox sandbox) {
    try (SocketChannel channel = connect(sandbox)) {
      String truncated = "POST /run HTTP/1.1\r\nContent-Length: 100\r\n\r\n{\"code\": ";
      channel.write(ByteBuffer.wrap(truncated.getBytes(StandardCharsets.UTF_8)));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static SocketChannel connect(Sandbox sandbox) throws IOException {
    SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX);
    channel.connect(UnixDomainSocketAddress.of(sandbox.socketPath()));
    return channel;
  }
}
