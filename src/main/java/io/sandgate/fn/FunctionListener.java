package io.sandgate.fn;

import io.quarkus.logging.Log;
import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.vertx.http.HttpServerStart;
import io.sandgate.edge.EdgeGuard;
import io.sandgate.framework.QuarkusRouter;
import io.sandgate.function.FunctionsConfig;
import io.vertx.core.AbstractVerticle;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
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
 * routes as the API port, with its options, opened once the API port listens — on as many event
 * loops as the API port has, sharing the port. {@link FunctionOrigins} lets nothing but function
 * calls through it.
 */
@ApplicationScoped
public class FunctionListener {

  private final Vertx vertx;
  private final EdgeGuard edge;
  private final int configuredPort;
  private volatile int actualPort = -1;
  private volatile String deployment;

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
    int maxConnections =
        ConfigProvider.getConfig()
            .getOptionalValue("quarkus.http.limits.max-connections", Integer.class)
            .orElse(Integer.MAX_VALUE);
    int loops =
        ConfigProvider.getConfig()
            .getOptionalValue("quarkus.http.io-threads", Integer.class)
            .orElse(2 * Runtime.getRuntime().availableProcessors());
    AtomicInteger open = new AtomicInteger();
    AtomicInteger bound = new AtomicInteger(configuredPort);
    try {
      deployment =
          vertx
              .deployVerticle(
                  () ->
                      new AbstractVerticle() {
                        @Override
                        public void start(Promise<Void> started) {
                          // A port of 0 is chosen by the first instance; the others share that one.
                          vertx
                              .createHttpServer(new HttpServerOptions(options).setPort(bound.get()))
                              .connectionHandler(
                                  connection -> {
                                    // The API port's global cap, kept here as Quarkus keeps it
                                    // there.
                                    if (open.incrementAndGet() > maxConnections) {
                                      connection.close();
                                    }
                                    connection.closeHandler(closed -> open.decrementAndGet());
                                  })
                              // Quarkus's own root handler (the router behind the request wrapper
                              // its
                              // route handlers expect), so that both ports serve requests alike.
                              .requestHandler(QuarkusRouter.rootHandler())
                              .listen()
                              .onSuccess(server -> bound.set(server.actualPort()))
                              .<Void>mapEmpty()
                              .onComplete(started);
                        }
                      },
                  new DeploymentOptions().setInstances(configuredPort == 0 ? 1 : loops))
              .toCompletionStage()
              .toCompletableFuture()
              .get(30, TimeUnit.SECONDS);
      actualPort = bound.get();
      Log.infof("functions listening on %s:%d", options.getHost(), actualPort);
      edge.probe(options.getHost(), actualPort);
    } catch (Exception e) {
      Log.errorf(
          e,
          "the functions' port %d could not be opened (sandgate.functions.origin.port)",
          configuredPort);
      Quarkus.asyncExit(1);
    }
  }

  void stop(@Observes ShutdownEvent event) {
    String id = deployment;
    if (id != null) {
      vertx.undeploy(id);
    }
  }

  /** The port functions are served on, once it listens. */
  public OptionalInt port() {
    int port = actualPort;
    return port < 0 ? OptionalInt.empty() : OptionalInt.of(port);
  }

  /**
   * Whether a connection to {@code local} came in on the functions' port (also while it is being
   * opened).
   */
  boolean serves(SocketAddress local) {
    int port = configuredPort > 0 ? configuredPort : actualPort;
    return local != null && port > 0 && local.port() == port;
  }
}
