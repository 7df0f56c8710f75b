package io.sandgate.api;

import io.quarkus.logging.Log;
import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.vertx.http.HttpServerStart;
import io.quarkus.vertx.http.runtime.VertxHttpRecorder;
import io.sandgate.edge.EdgeGuard;
import io.sandgate.function.FunctionsConfig;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.net.SocketAddress;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.ObservesAsync;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * The functions' own port ({@code sandgate.functions.origin.port}): a second listener on the same
 * routes as the API port, with its options, opened once the API port listens. {@link FunctionOrigins}
 * lets nothing but function calls through it.
 */
@ApplicationScoped
public class FunctionListener {

    private final Vertx vertx;
    private final EdgeGuard edge;
    private final int configuredPort;
    private volatile HttpServer server;

    FunctionListener(Vertx vertx, EdgeGuard edge, FunctionsConfig functions) {
        this.vertx = vertx;
        this.edge = edge;
        this.configuredPort = functions.origin().port();
    }

    void start(@ObservesAsync HttpServerStart start) {
        if (configuredPort < 0) {
            return;
        }
        HttpServerOptions options = new HttpServerOptions(start.options()).setPort(configuredPort);
        int maxConnections = ConfigProvider.getConfig().getOptionalValue("quarkus.http.limits.max-connections",
                Integer.class).orElse(Integer.MAX_VALUE);
        AtomicInteger open = new AtomicInteger();
        try {
            HttpServer listening = vertx.createHttpServer(options)
                    .connectionHandler(connection -> {
                        // The API port's global cap, kept here as Quarkus keeps it there.
                        if (open.incrementAndGet() > maxConnections) {
                            connection.close();
                        }
                        connection.closeHandler(closed -> open.decrementAndGet());
                    })
                    // Quarkus's own root handler (the router behind the request wrapper its route
                    // handlers expect), so that both ports serve requests alike.
                    .requestHandler(VertxHttpRecorder.getRootHandler())
                    .listen().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
            server = listening;
            Log.infof("functions listening on %s:%d", options.getHost(), listening.actualPort());
            edge.probe(options.getHost(), listening.actualPort());
        } catch (Exception e) {
            Log.errorf(e, "the functions' port %d could not be opened (sandgate.functions.origin.port)", configuredPort);
            Quarkus.asyncExit(1);
        }
    }

    void stop(@Observes ShutdownEvent event) {
        HttpServer listening = server;
        if (listening != null) {
            listening.close();
        }
    }

    /** The port functions are served on, once it listens. */
    public OptionalInt port() {
        HttpServer listening = server;
        return listening == null ? OptionalInt.empty() : OptionalInt.of(listening.actualPort());
    }

    boolean serves(SocketAddress local) {
        HttpServer listening = server;
        return listening != null && local != null && local.port() == listening.actualPort();
    }
}
