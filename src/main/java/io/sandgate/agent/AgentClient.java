package io.sandgate.agent;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.rest.client.reactive.QuarkusRestClientBuilder;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.WebApplicationException;
import java.net.ConnectException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
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
        this.answers = new AnswerBudget(config.answerMemory().asLongValue());
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
        return await(endpoint, AgentApi::health, config.healthTimeout().toMillis());
    }

    /** Runs the program; one attempt, never retried. */
    public AgentRunResult run(AgentEndpoint endpoint, AgentRunRequest request) {
        return await(endpoint, api -> api.run(request), request.timeoutMs() + config.runGrace().toMillis());
    }

    /** Waits until a fresh sandbox's agent answers its health check, retrying until {@code timeout}. */
    public AgentHealth awaitReady(AgentEndpoint endpoint, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        AgentException last = new AgentException(AgentException.Reason.UNREACHABLE, "agent never answered");
        while (System.nanoTime() < deadline) {
            if (endpoint.socket().isEmpty() || socketAppeared(endpoint.socket().get())) {
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

    private static boolean socketAppeared(Path socket) {
        return Files.exists(socket, LinkOption.NOFOLLOW_LINKS);
    }

    private <T> T await(AgentEndpoint endpoint, Function<AgentApi, CompletionStage<T>> call, long timeoutMs) {
        AgentApi api = api(endpoint, timeoutMs);
        try {
            // The transports time out on their own; this bound only guards against a lost callback.
            return call.apply(api).toCompletableFuture().get(timeoutMs + 5_000, TimeUnit.MILLISECONDS);
        } catch (ExecutionException | CompletionException e) {
            throw translate(e.getCause() == null ? e : e.getCause());
        } catch (TimeoutException e) {
            throw new AgentException(AgentException.Reason.UNREACHABLE, "agent did not answer in time", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AgentException(AgentException.Reason.UNREACHABLE, "interrupted", e);
        } finally {
            if (api instanceof AutoCloseable closeable) {
                closeQuietly(closeable);
            }
        }
    }

    private AgentApi api(AgentEndpoint endpoint, long timeoutMs) {
        if (endpoint.socket().isPresent()) {
            return UnixSocketAgentApi.create(deadlines, answers, json, endpoint.socket().get(), config);
        }
        return QuarkusRestClientBuilder.newBuilder()
                .baseUri(endpoint.url().orElseThrow())
                .connectTimeout(config.connectTimeout().toMillis(), TimeUnit.MILLISECONDS)
                .readTimeout(timeoutMs, TimeUnit.MILLISECONDS)
                .build(AgentApi.class);
    }

    private static AgentException translate(Throwable cause) {
        if (cause instanceof AgentException e) {
            return e;
        }
        if (cause instanceof WebApplicationException e) {
            int status = e.getResponse().getStatus();
            return status == 409
                    ? new AgentException(AgentException.Reason.ALREADY_USED, "the sandbox has already run a program")
                    : new AgentException(AgentException.Reason.FAILED, "agent answered HTTP " + status);
        }
        if (cause instanceof ProcessingException && cause.getCause() instanceof com.fasterxml.jackson.core.JacksonException) {
            return new AgentException(AgentException.Reason.FAILED, "agent answer is not valid", cause);
        }
        for (Throwable t = cause; t != null; t = t.getCause()) {
            if (t instanceof ConnectException) {
                return new AgentException(AgentException.Reason.NOT_CONNECTED, "cannot connect to the agent", cause);
            }
        }
        return new AgentException(AgentException.Reason.UNREACHABLE,
                "agent unreachable: " + cause.getClass().getSimpleName(), cause);
    }

    private static void closeQuietly(AutoCloseable closeable) {
        try {
            closeable.close();
        } catch (Exception e) {
            // nothing to do: the client held no sandbox state
        }
    }

    @PreDestroy
    void close() {
        deadlines.shutdownNow();
    }
}
