package io.sandgate.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.runtime.configuration.MemorySize;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The gateway's side of the agent protocol against an agent that misbehaves, as one could if the
 * code in its sandbox ever took it over: every answer it can send ends in a clear failure, in time,
 * holding no answer memory. (The real agent is tested in AgentHttpTest.)
 */
class AgentTransportTest {

  private static final String HEALTH_JSON =
      "{\"status\":\"ok\",\"runtimes\":{\"python3\":\"3.11\"},\"used\":false}";

  private final ScheduledExecutorService deadlines = Executors.newSingleThreadScheduledExecutor();
  private final AnswerBudget budget = new AnswerBudget(1024 * 1024, 0);
  private Path dir;
  private Path socket;

  @BeforeEach
  void socketDir() throws IOException {
    dir = Files.createTempDirectory("agent-api-test");
    socket = dir.resolve("agent.sock");
  }

  @AfterEach
  void cleanUp() throws IOException {
    deadlines.shutdownNow();
    Files.deleteIfExists(socket);
    Files.deleteIfExists(dir);
  }

  @Test
  void readsAnAnswerThatArrivesInPieces() throws Exception {
    String head =
        "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: "
            + HEALTH_JSON.length()
            + "\r\nConnection: close\r\n\r\n";
    try (FakeAgent agent =
        new FakeAgent(socket, head + HEALTH_JSON.substring(0, 10), HEALTH_JSON.substring(10))) {
      AgentHealth health = api(Duration.ofSeconds(5)).health();
      assertEquals("3.11", health.runtimes().get("python3"));
      assertTrue(agent.request().startsWith("GET /health HTTP/1.1\r\n"), agent.request());
    }
    assertEquals(0, budget.inUse());
  }

  @Test
  void anAnswerDeclaringMoreThanItsBoundIsNotRead() throws Exception {
    assertFails(
        AgentException.Reason.FAILED,
        "over",
        "HTTP/1.1 200 OK\r\nContent-Length: 10000000\r\n\r\n" + HEALTH_JSON);
  }

  @Test
  void anAnswerWithoutADeclaredLengthIsRefused() throws Exception {
    assertFails(
        AgentException.Reason.FAILED, "Content-Length", "HTTP/1.1 200 OK\r\n\r\n" + HEALTH_JSON);
    assertFails(
        AgentException.Reason.FAILED,
        "transfer encoding",
        "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n");
  }

  @Test
  void anEndlessHeadIsCutOff() throws Exception {
    assertFails(
        AgentException.Reason.FAILED,
        "head over",
        "HTTP/1.1 200 OK\r\nX-Flood: " + "a".repeat(AgentExchange.MAX_HEAD_BYTES) + "\r\n\r\n");
  }

  @Test
  void garbageIsNotAnAnswer() throws Exception {
    assertFails(AgentException.Reason.FAILED, "status line", "SSH-2.0-OpenSSH\r\n\r\n");
    assertFails(
        AgentException.Reason.FAILED,
        "not valid",
        "HTTP/1.1 200 OK\r\nContent-Length: 3\r\n\r\n{{{");
    assertFails(
        AgentException.Reason.ALREADY_USED,
        "already",
        "HTTP/1.1 409 Conflict\r\nContent-Length: 0\r\n\r\n");
  }

  @Test
  void anAnswerCutShortIsAnUnreachableAgent() throws Exception {
    assertFails(
        AgentException.Reason.UNREACHABLE,
        "EOFException",
        "HTTP/1.1 200 OK\r\nContent-Length: 500\r\n\r\n" + HEALTH_JSON);
    assertFails(AgentException.Reason.UNREACHABLE, "EOFException", "");
  }

  @Test
  void anAgentThatNeverAnswersIsGivenUpOnAtTheDeadline() throws Exception {
    try (FakeAgent agent = new FakeAgent(socket, (String) null)) {
      AgentException e = failure(api(Duration.ofMillis(300)));
      assertEquals(AgentException.Reason.UNREACHABLE, e.reason());
      assertTrue(e.getMessage().contains("in time"), e.getMessage());
    }
  }

  @Test
  void aSocketNobodyListensOnIsNotConnected() throws Exception {
    new FakeAgent(socket, "").close(); // leaves the socket file behind, with no listener
    assertEquals(AgentException.Reason.NOT_CONNECTED, failure(api(Duration.ofSeconds(5))).reason());
  }

  @Test
  void overTcpAnAnswerIsReadAndBoundedAlike() throws Exception {
    String head = "HTTP/1.1 200 OK\r\nContent-Length: " + HEALTH_JSON.length() + "\r\n\r\n";
    try (FakeAgent agent =
        new FakeAgent(head + HEALTH_JSON.substring(0, 10), HEALTH_JSON.substring(10))) {
      assertEquals(
          "3.11", api(agent.address(), Duration.ofSeconds(5)).health().runtimes().get("python3"));
      assertTrue(agent.request().startsWith("GET /health HTTP/1.1\r\n"), agent.request());
    }
    try (FakeAgent agent =
        new FakeAgent("HTTP/1.1 200 OK\r\nContent-Length: 10000000\r\n\r\n" + HEALTH_JSON)) {
      AgentException e = failure(api(agent.address(), Duration.ofSeconds(5)));
      assertEquals(AgentException.Reason.FAILED, e.reason());
      assertTrue(e.getMessage().contains("over"), e.getMessage());
    }
    try (FakeAgent agent = new FakeAgent((String) null)) {
      AgentException e = failure(api(agent.address(), Duration.ofMillis(300)));
      assertEquals(AgentException.Reason.UNREACHABLE, e.reason());
      assertTrue(e.getMessage().contains("in time"), e.getMessage());
    }
    assertEquals(0, budget.inUse(), "no answer memory is kept");
  }

  @Test
  void aTcpPortNobodyListensOnIsNotConnected() throws Exception {
    SocketAddress closed;
    try (ServerSocketChannel server = ServerSocketChannel.open()) {
      closed =
          server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0)).getLocalAddress();
    }
    assertEquals(
        AgentException.Reason.NOT_CONNECTED, failure(api(closed, Duration.ofSeconds(5))).reason());
  }

  private void assertFails(AgentException.Reason reason, String message, String answer)
      throws Exception {
    try (FakeAgent agent = new FakeAgent(socket, answer)) {
      AgentException e = failure(api(Duration.ofSeconds(5)));
      assertEquals(reason, e.reason(), e.getMessage());
      String text = e.getMessage() + (e.getCause() == null ? "" : " " + e.getCause());
      assertTrue(text.contains(message), text);
    }
    assertEquals(0, budget.inUse(), "no answer memory is kept");
  }

  private static AgentException failure(AgentTransport transport) {
    return assertThrows(AgentException.class, transport::health);
  }

  private AgentTransport api(Duration healthTimeout) {
    return api(UnixDomainSocketAddress.of(socket), healthTimeout);
  }

  private AgentTransport api(SocketAddress agent, Duration healthTimeout) {
    return new AgentTransport(
        deadlines,
        budget,
        new ObjectMapper(),
        agent,
        new AgentConfig() {
          @Override
          public Transport transport() {
            return Transport.UNIX;
          }

          @Override
          public Duration connectTimeout() {
            return Duration.ofSeconds(2);
          }

          @Override
          public Duration healthTimeout() {
            return healthTimeout;
          }

          @Override
          public Duration runGrace() {
            return Duration.ofSeconds(1);
          }

          @Override
          public MemorySize answerMemory() {
            return new MemorySize(java.math.BigInteger.valueOf(1024 * 1024));
          }
        });
  }

  /**
   * Accepts one connection, reads the request head, sends the given pieces (or nothing) and hangs
   * up.
   */
  private static final class FakeAgent implements AutoCloseable {

    private final ServerSocketChannel server;
    private final Thread thread;
    private volatile String request = "";

    FakeAgent(Path socket, String... pieces) throws IOException {
      this(unixServer(socket), pieces);
    }

    /** Listens on TCP, on a free loopback port. */
    FakeAgent(String... pieces) throws IOException {
      this(
          ServerSocketChannel.open()
              .bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0)),
          pieces);
    }

    private FakeAgent(ServerSocketChannel server, String... pieces) {
      this.server = server;
      thread = new Thread(() -> serve(pieces));
      thread.setDaemon(true);
      thread.start();
    }

    private static ServerSocketChannel unixServer(Path socket) throws IOException {
      Files.deleteIfExists(socket);
      return ServerSocketChannel.open(StandardProtocolFamily.UNIX)
          .bind(UnixDomainSocketAddress.of(socket));
    }

    String request() {
      return request;
    }

    SocketAddress address() throws IOException {
      return server.getLocalAddress();
    }

    private void serve(String[] pieces) {
      try (SocketChannel client = server.accept()) {
        ByteBuffer in = ByteBuffer.allocate(64 * 1024);
        while (!new String(in.array(), 0, in.position(), StandardCharsets.ISO_8859_1)
                .contains("\r\n\r\n")
            && client.read(in) > 0) {
          // the whole head
        }
        request = new String(in.array(), 0, in.position(), StandardCharsets.ISO_8859_1);
        if (pieces.length == 1 && pieces[0] == null) {
          Thread.sleep(60_000); // never answers
        }
        for (String piece : pieces) {
          client.write(ByteBuffer.wrap(piece.getBytes(StandardCharsets.ISO_8859_1)));
          Thread.sleep(20);
        }
      } catch (IOException | InterruptedException e) {
        // the test is over or the client hung up
      }
    }

    @Override
    public void close() throws IOException {
      server.close();
      thread.interrupt();
    }
  }
}
