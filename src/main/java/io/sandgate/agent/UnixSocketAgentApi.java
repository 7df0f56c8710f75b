package io.sandgate.agent;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.netty.buffer.ByteBufInputStream;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.net.SocketAddress;
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
import java.util.concurrent.CompletionStage;

/**
 * {@link AgentApi} over the agent's Unix socket, on Quarkus's managed Vert.x HTTP client.
 * A dynamic proxy that reads the interface's own JAX-RS annotations, so both transports share
 * one contract (and no class here implements the interface, which REST would serve as a resource).
 */
final class UnixSocketAgentApi implements InvocationHandler {

    private static final int S_IFMT = 0170000;
    private static final int S_IFSOCK = 0140000;
    /** Bound on a health answer or an error: they are a few hundred bytes. */
    private static final long SMALL_ANSWER_BYTES = 64 * 1024;

    private final HttpClient http;
    private final AnswerBudget budget;
    private final ObjectMapper json;
    private final Path socket;
    private final AgentConfig config;

    private UnixSocketAgentApi(HttpClient http, AnswerBudget budget, ObjectMapper json, Path socket,
            AgentConfig config) {
        this.http = http;
        this.budget = budget;
        this.json = json;
        this.socket = socket;
        this.config = config;
    }

    static AgentApi create(HttpClient http, AnswerBudget budget, ObjectMapper json, Path socket,
            AgentConfig config) {
        return (AgentApi) Proxy.newProxyInstance(AgentApi.class.getClassLoader(), new Class<?>[] {AgentApi.class},
                new UnixSocketAgentApi(http, budget, json, socket, config));
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
        HttpMethod verb = method.isAnnotationPresent(POST.class) ? HttpMethod.POST : HttpMethod.GET;
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

    private <T> CompletionStage<T> call(HttpMethod method, String uri, Object body, long timeoutMs, long maxAnswer,
            Class<T> type) {
        Buffer payload;
        try {
            requireSocket(socket);
            payload = body == null ? null : Buffer.buffer(json.writeValueAsBytes(body));
        } catch (AgentException e) {
            return Future.<T>failedFuture(e).toCompletionStage();
        } catch (JsonProcessingException e) {
            return Future.<T>failedFuture(new AgentException(AgentException.Reason.FAILED, "encoding", e))
                    .toCompletionStage();
        }
        RequestOptions options = new RequestOptions()
                .setServer(SocketAddress.domainSocketAddress(socket.toString()))
                .setHost("localhost")
                .setMethod(method)
                .setURI(uri)
                .setConnectTimeout(config.connectTimeout().toMillis())
                .setIdleTimeout(timeoutMs);
        if (payload != null) {
            options.putHeader(HttpHeaders.CONTENT_TYPE, "application/json");
        }
        return http.request(options)
                .recover(e -> Future.failedFuture(
                        new AgentException(AgentException.Reason.NOT_CONNECTED, "cannot connect to the agent", e)))
                .compose(req -> payload == null ? req.send() : req.send(payload))
                .compose(resp -> readAnswer(resp, maxAnswer, type))
                .toCompletionStage();
    }

    /**
     * Reads the answer once the budget holds its bytes: until then it waits unread in the socket.
     * It lands in one buffer sized from its Content-Length, so a large answer is not copied again
     * and again while it grows, and never more than {@code maxAnswer} bytes: an agent lives inside
     * the sandbox, so its answer is not trusted to be small. The bytes are given back once decoded.
     */
    private <T> Future<T> readAnswer(HttpClientResponse resp, long maxAnswer, Class<T> type) {
        Promise<Buffer> done = Promise.promise();
        resp.pause();
        resp.exceptionHandler(done::tryFail);
        long declared;
        try {
            declared = Long.parseLong(resp.getHeader(HttpHeaders.CONTENT_LENGTH));
        } catch (NumberFormatException e) {
            declared = maxAnswer; // absent (chunked) or garbled: hold the most it may be
        }
        if (declared > maxAnswer) {
            return Future.failedFuture(tooLarge(resp, maxAnswer));
        }
        int initialCapacity = (int) Math.max(declared, 256);
        return Future.fromCompletionStage(budget.acquire(declared), Vertx.currentContext())
                .compose(grant -> {
                    Buffer answer = Buffer.buffer(initialCapacity);
                    resp.handler(chunk -> {
                        if (answer.length() + chunk.length() > maxAnswer) {
                            done.tryFail(tooLarge(resp, maxAnswer));
                            return;
                        }
                        try {
                            answer.appendBuffer(chunk);
                        } catch (OutOfMemoryError e) { // fail this run, and still give the bytes back
                            done.tryFail(e);
                            resp.request().connection().close();
                        }
                    });
                    resp.endHandler(v -> done.tryComplete(answer));
                    resp.resume();
                    return done.future()
                            .map(body -> AgentResponses.decode(json, resp.statusCode(),
                                    new ByteBufInputStream(body.getByteBuf()), type))
                            .onComplete(ignored -> grant.close());
                });
    }

    /** Drops the connection of an answer over its bound, unread. */
    private static AgentException tooLarge(HttpClientResponse resp, long maxAnswer) {
        resp.request().connection().close();
        return new AgentException(AgentException.Reason.FAILED, "agent answer is over " + maxAnswer + " bytes");
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
