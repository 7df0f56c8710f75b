package io.sandgate.agent;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.SocketAddress;
import java.util.concurrent.ScheduledExecutorService;

/**
 * One call to one sandbox's agent, over its Unix socket or TCP, with a JDK {@code SocketChannel} on
 * the caller's thread: no hand-over to an event loop and back. Answers are decoded straight from
 * the socket within the gateway-wide {@link AnswerBudget}; every failure is an {@link
 * AgentException} with a reason the caller can act on.
 */
final class AgentTransport {

  /** Bound on a health answer or an error: they are a few hundred bytes. */
  static final long SMALL_ANSWER_BYTES = 64 * 1024;

  /** An output file's path (8 names of 255 bytes, each byte at worst escaped) and its fields. */
  private static final long OUTPUT_FILE_ENVELOPE_BYTES =
      6L * AgentLimits.MAX_FILE_DEPTH * (AgentLimits.MAX_FILE_NAME + 1) + 128;

  private final ScheduledExecutorService deadlines;
  private final AnswerBudget budget;
  private final ObjectMapper json;
  private final SocketAddress agent;
  private final AgentConfig config;

  AgentTransport(
      ScheduledExecutorService deadlines,
      AnswerBudget budget,
      ObjectMapper json,
      SocketAddress agent,
      AgentConfig config) {
    this.deadlines = deadlines;
    this.budget = budget;
    this.json = json;
    this.agent = agent;
    this.config = config;
  }

  /** Runtime versions; answers once the agent is ready. */
  AgentHealth health() {
    return exchange(
        "GET",
        "/health",
        null,
        config.healthTimeout().toMillis(),
        SMALL_ANSWER_BYTES,
        AgentHealth.class);
  }

  /** Runs the one program this sandbox will ever run. */
  AgentRunResult run(AgentRunRequest request) {
    // A run's answer comes only when the program ends: its own timeout plus grace.
    return exchange(
        "POST",
        "/run",
        request,
        request.timeoutMs() + config.runGrace().toMillis(),
        maxAnswerBytes(request),
        AgentRunResult.class);
  }

  /**
   * The largest answer a run can honestly produce: stdout, stderr and both again in combined, each
   * at most maxOutputBytes of UTF-8, and the result channel's bytes, every byte at worst a six-byte
   * JSON escape; output files' contents in base64 and each file's path and fields.
   */
  static long maxAnswerBytes(AgentRunRequest run) {
    long result = run.result() ? 6 * run.maxResultBytes() : 0;
    long files =
        run.outputFiles()
            ? (run.maxOutputFileBytes() + 2) / 3 * 4
                + run.maxOutputFiles() * OUTPUT_FILE_ENVELOPE_BYTES
            : 0;
    return 4 * 6 * run.maxOutputBytes() + result + files + SMALL_ANSWER_BYTES;
  }

  /**
   * The answer is decoded straight from the socket once the budget holds its declared bytes; until
   * then it waits unread. Never more than {@code maxAnswer} bytes: an agent lives inside the
   * sandbox, so its answer is not trusted to be small.
   */
  private <T> T exchange(
      String method, String uri, Object body, long timeoutMs, long maxAnswer, Class<T> type) {
    byte[] payload;
    try {
      payload = body == null ? null : json.writeValueAsBytes(body);
    } catch (JsonProcessingException e) {
      throw new AgentException(AgentException.Reason.FAILED, "encoding", e);
    }
    try (AgentExchange exchange =
        AgentExchange.connect(agent, config.connectTimeout().toMillis(), deadlines)) {
      AgentExchange.Head head = exchange.send(method, uri, payload, timeoutMs);
      if (head.contentLength() > maxAnswer) {
        throw new AgentException(
            AgentException.Reason.FAILED, "agent answer is over " + maxAnswer + " bytes");
      }
      try (AnswerBudget.Grant grant =
          budget.acquire(head.contentLength(), exchange.deadlineNanos())) {
        return AgentResponses.decode(
            json, head.status(), exchange.body(head.contentLength()), type);
      } catch (IOException e) {
        throw exchange.unreachable(e);
      }
    }
  }
}
