package io.sandgate.agent;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.ws.rs.POST;
import java.io.IOException;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ScheduledExecutorService;

/**
 * {@link AgentApi} over the agent's Unix socket. A dynamic proxy that reads the interface's own
 * JAX-RS annotations, so both transports share one contract (and no class here implements the
 * interface, which REST would serve as a resource). A call is made on the caller's thread, with
 * no hand-over to an event loop and back, so the stage it returns is already complete.
 */
final class UnixSocketAgentApi implements InvocationHandler {

    private static final int S_IFMT = 0170000;
    private static final int S_IFSOCK = 0140000;
    /** Bound on a health answer or an error: they are a few hundred bytes. */
    private static final long SMALL_ANSWER_BYTES = 64 * 1024;

    private final ScheduledExecutorService deadlines;
    private final AnswerBudget budget;
    private final ObjectMapper json;
    private final Path socket;
    private final AgentConfig config;

    private UnixSocketAgentApi(ScheduledExecutorService deadlines, AnswerBudget budget, ObjectMapper json,
            Path socket, AgentConfig config) {
        this.deadlines = deadlines;
        this.budget = budget;
        this.json = json;
        this.socket = socket;
        this.config = config;
    }

    static AgentApi create(ScheduledExecutorService deadlines, AnswerBudget budget, ObjectMapper json, Path socket,
            AgentConfig config) {
        return (AgentApi) Proxy.newProxyInstance(AgentApi.class.getClassLoader(), new Class<?>[] {AgentApi.class},
                new UnixSocketAgentApi(deadlines, budget, json, socket, config));
    }

    @Override
    public Object invoke(Object proxy, Method method, Object[] args) {
        if (method.getDeclaringClass() == Object.class) {
            return switch (method.getName()) {
                case "hashCode" -> System.identityHashCode(proxy);
                case "equals" -> proxy == args[0];
                default -> "UnixSocketAgentApi[" + socket + "]";
            };
        }
        Object body = args == null || args.length == 0 ? null : args[0];
        // A run's answer comes only when the program ends: its own timeout plus grace.
        long timeoutMs = body instanceof AgentRunRequest run
                ? run.timeoutMs() + config.runGrace().toMillis()
                : config.healthTimeout().toMillis();
        long maxAnswer = body instanceof AgentRunRequest run ? maxAnswerBytes(run) : SMALL_ANSWER_BYTES;
        String verb = method.isAnnotationPresent(POST.class) ? "POST" : "GET";
        String uri = "/" + method.getAnnotation(jakarta.ws.rs.Path.class).value();
        Class<?> type = (Class<?>) ((ParameterizedType) method.getGenericReturnType()).getActualTypeArguments()[0];
        return call(verb, uri, body, timeoutMs, maxAnswer, type);
    }

    /**
     * The largest answer a run can honestly produce: stdout, stderr and both again in combined,
     * each at most maxOutputBytes of UTF-8, every byte at worst a six-byte JSON escape.
     */
    static long maxAnswerBytes(AgentRunRequest run) {
        return 4 * 6 * run.maxOutputBytes() + SMALL_ANSWER_BYTES;
    }

    private <T> CompletionStage<T> call(String method, String uri, Object body, long timeoutMs, long maxAnswer,
            Class<T> type) {
        try {
            return CompletableFuture.completedFuture(exchange(method, uri, body, timeoutMs, maxAnswer, type));
        } catch (AgentException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    /**
     * The answer is decoded straight from the socket once the budget holds its declared bytes;
     * until then it waits unread. Never more than {@code maxAnswer} bytes: an agent lives inside
     * the sandbox, so its answer is not trusted to be small.
     */
    private <T> T exchange(String method, String uri, Object body, long timeoutMs, long maxAnswer, Class<T> type) {
        requireSocket(socket);
        byte[] payload;
        try {
            payload = body == null ? null : json.writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            throw new AgentException(AgentException.Reason.FAILED, "encoding", e);
        }
        try (UnixSocketExchange exchange = UnixSocketExchange.connect(socket, config.connectTimeout().toMillis(),
                deadlines)) {
            UnixSocketExchange.Head head = exchange.send(method, uri, payload, timeoutMs);
            if (head.contentLength() > maxAnswer) {
                throw new AgentException(AgentException.Reason.FAILED, "agent answer is over " + maxAnswer + " bytes");
            }
            try (AnswerBudget.Grant grant = budget.acquire(head.contentLength(), exchange.deadlineNanos())) {
                return AgentResponses.decode(json, head.status(), exchange.body(head.contentLength()), type);
            } catch (IOException e) {
                throw exchange.unreachable(e);
            }
        }
    }

    /** lstat, not stat: a link planted where the socket belongs must never be followed. */
    static void requireSocket(Path path) {
        int mode;
        try {
            mode = (Integer) Files.getAttribute(path, "unix:mode", LinkOption.NOFOLLOW_LINKS);
        } catch (NoSuchFileException e) {
            throw new AgentException(AgentException.Reason.NOT_CONNECTED, "no agent socket");
        } catch (IOException | UnsupportedOperationException e) {
            throw new AgentException(AgentException.Reason.NOT_CONNECTED, "cannot stat agent socket", e);
        }
        if ((mode & S_IFMT) != S_IFSOCK) {
            throw new AgentException(AgentException.Reason.NOT_A_SOCKET, "agent socket path is not a socket");
        }
    }
}
