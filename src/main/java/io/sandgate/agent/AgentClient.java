package io.sandgate.agent;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.sandgate.threads.GatewayThreads;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.UnixDomainSocketAddress;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;

/**
 * Typed client of the agent in each sandbox. Blocking calls: never use it on an event loop. A run
 * is never retried — it executes untrusted code and is not idempotent; only the readiness poll of a
 * fresh sandbox retries.
 */
@ApplicationScoped
public class AgentClient {

  private static final long POLL_MILLIS = 5;

  private final AgentConfig config;
  private final ObjectMapper json;

  /** Closes the socket of a call whose time is up. */
  private final ScheduledExecutorService deadlines;

  private final AnswerBudget answers;

  AgentClient(AgentConfig config, ObjectMapper json, MeterRegistry meters, GatewayThreads threads) {
    this.config = config;
    this.json = json;
    this.answers =
        new AnswerBudget(config.answerMemory().asLongValue(), AgentTransport.SMALL_ANSWER_BYTES);
    Gauge.builder("sandgate.agent.answer.bytes", answers, AnswerBudget::inUse)
        .description("Bytes of agent answers being read (bounded by sandgate.agent.answer-memory)")
        .baseUnit("bytes")
        .register(meters);
    this.deadlines = threads.timer("sandgate-agent-deadlines", GatewayThreads.Stage.LAST);
  }

  /** The agent's health; one attempt. */
  public AgentHealth health(AgentEndpoint endpoint) {
    return transport(endpoint).health();
  }

  /** Runs the program; one attempt, never retried. */
  public AgentRunResult run(AgentEndpoint endpoint, AgentRunRequest request) {
    return transport(endpoint).run(request);
  }

  /** Time past a program's own timeout that its agent has to answer. */
  public Duration runGrace() {
    return config.runGrace();
  }

  /**
   * Waits until a fresh sandbox's agent answers its health check, retrying until {@code timeout}.
   */
  public AgentHealth awaitReady(AgentEndpoint endpoint, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    AgentException last =
        new AgentException(AgentException.Reason.UNREACHABLE, "agent never answered");
    while (System.nanoTime() < deadline) {
      if (socketAppeared(endpoint)) {
        try {
          return health(endpoint);
        } catch (AgentException e) {
          if (e.reason() == AgentException.Reason.NOT_A_SOCKET) {
            throw e;
          }
          last = e;
        }
      }
      try {
        Thread.sleep(POLL_MILLIS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AgentException(AgentException.Reason.UNREACHABLE, "interrupted", e);
      }
    }
    throw last;
  }

  /** The agent renames its socket into place once it listens; a TCP agent is simply asked. */
  private static boolean socketAppeared(AgentEndpoint endpoint) {
    return !(endpoint instanceof AgentEndpoint.Unix unix)
        || Files.exists(unix.socket(), LinkOption.NOFOLLOW_LINKS);
  }

  private AgentTransport transport(AgentEndpoint endpoint) {
    SocketAddress agent;
    if (endpoint instanceof AgentEndpoint.Unix unix) {
      requireSocket(unix.socket());
      agent = UnixDomainSocketAddress.of(unix.socket());
    } else {
      AgentEndpoint.Tcp tcp = (AgentEndpoint.Tcp) endpoint;
      agent = new InetSocketAddress(tcp.url().getHost(), tcp.url().getPort());
    }
    return new AgentTransport(deadlines, answers, json, agent, config);
  }

  /** lstat, not stat: a link planted where the socket belongs must never be followed. */
  private static void requireSocket(Path path) {
    switch (SocketFile.at(path)) {
      case SOCKET -> {}
      case MISSING ->
          throw new AgentException(AgentException.Reason.NOT_CONNECTED, "no agent socket");
      case UNREADABLE ->
          throw new AgentException(AgentException.Reason.NOT_CONNECTED, "cannot stat agent socket");
      case NOT_A_SOCKET ->
          throw new AgentException(
              AgentException.Reason.NOT_A_SOCKET, "agent socket path is not a socket");
    }
  }
}
