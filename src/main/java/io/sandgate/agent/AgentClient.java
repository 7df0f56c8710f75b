package io.sandgate.agent;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.function.Function;

/**
 * Typed client of the agent in each sandbox. Blocking calls: never use it on an event loop.
 * A run is never retried — it executes untrusted code and is not idempotent; only the
 * readiness poll of a fresh sandbox retries.
 */
@ApplicationScoped
public class AgentClient {

    private static final long POLL_MILLIS = 5;

    private final AgentConfig config;
    private final ObjectMapper json;
    /** Closes the socket of a call whose time is up. */
    private final ScheduledExecutorService deadlines;
    private final AnswerBudget answers;

    AgentClient(AgentConfig config, ObjectMapper json, MeterRegistry meters) {
        this.config = config;
        this.json = json;
        this.answers = new AnswerBudget(config.answerMemory().asLongValue(), UnixSocketTransport.SMALL_ANSWER_BYTES);
        Gauge.builder("sandgate.agent.answer.bytes", answers, AnswerBudget::inUse)
                .description("Bytes of agent answers being read (bounded by sandgate.agent.answer-memory)")
                .baseUnit("bytes")
                .register(meters);
        ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(1, runnable -> {
            Thread thread = new Thread(runnable, "sandgate-agent-deadlines");
            thread.setDaemon(true);
            return thread;
        });
        timer.setRemoveOnCancelPolicy(true); // most deadlines are cancelled: the answer came first
        this.deadlines = timer;
    }

    /** The agent's health; one attempt. */
    public AgentHealth health(AgentEndpoint endpoint) {
        return call(endpoint, config.healthTimeout().toMillis(), AgentTransport::health);
    }

    /** Runs the program; one attempt, never retried. */
    public AgentRunResult run(AgentEndpoint endpoint, AgentRunRequest request) {
        return call(endpoint, request.timeoutMs() + config.runGrace().toMillis(), t -> t.run(request));
    }

    /** Time past a program's own timeout that its agent has to answer. */
    public Duration runGrace() {
        return config.runGrace();
    }

    /** Waits until a fresh sandbox's agent answers its health check, retrying until {@code timeout}. */
    public AgentHealth awaitReady(AgentEndpoint endpoint, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        AgentException last = new AgentException(AgentException.Reason.UNREACHABLE, "agent never answered");
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
        return !(endpoint instanceof AgentEndpoint.Unix unix) || Files.exists(unix.socket(), LinkOption.NOFOLLOW_LINKS);
    }

    private <T> T call(AgentEndpoint endpoint, long timeoutMs, Function<AgentTransport, T> call) {
        try (AgentTransport transport = transport(endpoint, timeoutMs)) {
            return call.apply(transport);
        }
    }

    private AgentTransport transport(AgentEndpoint endpoint, long timeoutMs) {
        if (endpoint instanceof AgentEndpoint.Unix unix) {
            return new UnixSocketTransport(deadlines, answers, json, unix.socket(), config);
        }
        AgentEndpoint.Tcp tcp = (AgentEndpoint.Tcp) endpoint;
        return new TcpTransport(tcp.url(), config.connectTimeout().toMillis(), timeoutMs);
    }

    @PreDestroy
    void close() {
        deadlines.shutdownNow();
    }
}
