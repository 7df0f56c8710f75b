package io.sandgate.http;

import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.Json;
import io.vertx.ext.web.RoutingContext;

/**
 * A problem answered on the router, before any resource sees the request; the connection is closed
 * after it, since the rest of what the client sent is not read.
 */
public final class RouteProblems {

  private RouteProblems() {}

  static void refuse(RoutingContext ctx, int status, String problemJson) {
    ctx.response()
        .setStatusCode(status)
        .putHeader(HttpHeaders.CONTENT_TYPE, Problem.MEDIA_TYPE)
        .putHeader(HttpHeaders.CONNECTION, "close")
        .end(problemJson);
  }

  /**
   * Answers {@code type} with {@code detail}; the connection stays open when the request was read
   * in full.
   */
  public static void answer(RoutingContext ctx, ProblemType type, String detail) {
    ctx.response()
        .setStatusCode(type.status)
        .putHeader(HttpHeaders.CONTENT_TYPE, Problem.MEDIA_TYPE)
        .end(Json.encode(type.with(detail)));
  }
}
