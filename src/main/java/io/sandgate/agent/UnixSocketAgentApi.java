package io.sandgate.agent;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
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

    private final HttpClient http;
    private final ObjectMapper json;
    private final Path socket;
    private final AgentConfig config;

    private UnixSocketAgentApi(HttpClient http, ObjectMapper json, Path socket, AgentConfig config) {
        this.http = http;
        this.json = json;
        this.socket = socket;
        this.config = config;
    }

    static AgentApi create(HttpClient http, ObjectMapper json, Path socket, AgentConfig config) {
        return (AgentApi) Proxy.newProxyInstance(AgentApi.class.getClassLoader(), new Class<?>[] {AgentApi.class},
                new UnixSocketAgentApi(http, json, socket, config));
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
        HttpMethod verb = method.isAnnotationPresent(POST.class) ? HttpMethod.POST : HttpMethod.GET;
        String uri = "/" + method.getAnnotation(jakarta.ws.rs.Path.class).value();
        Class<?> type = (Class<?>) ((ParameterizedType) method.getGenericReturnType()).getActualTypeArguments()[0];
        return call(verb, uri, body, timeoutMs, type);
    }

    private <T> CompletionStage<T> call(HttpMethod method, String uri, Object body, long timeoutMs, Class<T> type) {
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
                .compose(resp -> resp.body()
                        .map(bytes -> AgentResponses.decode(json, resp.statusCode(), bytes.getBytes(), type)))
                .toCompletionStage();
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
