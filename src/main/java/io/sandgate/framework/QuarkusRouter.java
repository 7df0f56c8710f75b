package io.sandgate.framework;

import io.quarkus.vertx.http.runtime.VertxHttpRecorder;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpServerRequest;

/**
 * Quarkus's root HTTP handler: the router behind the request wrapper that its route handlers
 * expect. Quarkus offers no API to serve its routes on a port of one's own; the handler is reached
 * through its recorder, {@code io.quarkus.vertx.http.runtime.VertxHttpRecorder}. Written for
 * Quarkus 3.33.2; {@code FrameworkHooksTest} checks the method.
 */
public final class QuarkusRouter {

  private QuarkusRouter() {}

  /** The handler Quarkus's own HTTP server uses, once the server has started. */
  public static Handler<HttpServerRequest> rootHandler() {
    return VertxHttpRecorder.getRootHandler();
  }
}
