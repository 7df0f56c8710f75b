package io.sandgate.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.logging.Log;
import io.sandgate.execution.ExecutionLimits;
import io.sandgate.function.FunctionsConfig;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * Keeps request bodies within their limit — {@code max-body-bytes} for the API, the functions'
 * {@code max-body-bytes} for a call under {@code /fn/}, which may come without any key — with a
 * problem answer either way: a body whose declared length is over is refused before a byte of it is
 * read; a chunked body (no length) is read here up to the limit and refused as soon as it passes
 * it.
 */
@ApplicationScoped
class BodyLimitFilter {

  /** One route's limit and its refusal. */
  private record Limit(long maxBytes, String tooLarge, BodyHandler chunkedBodies) {

    static Limit of(long maxBytes, String what, ObjectMapper json) throws JsonProcessingException {
      return new Limit(
          maxBytes,
          json.writeValueAsString(
              ProblemType.PAYLOAD_TOO_LARGE.with(
                  "the request body is over the limit of " + maxBytes + " bytes" + what)),
          BodyHandler.create(false).setBodyLimit(maxBytes));
    }
  }

  private final Limit api;
  private final Limit functionCalls;

  BodyLimitFilter(ExecutionLimits limits, FunctionsConfig functions, ObjectMapper json)
      throws JsonProcessingException {
    this.api = Limit.of(limits.maxBodyBytes().asLongValue(), "", json);
    this.functionCalls = Limit.of(functions.maxBodyBytes(), " for a function call", json);
  }

  void register(@Observes Router router) {
    router
        .route(Routes.API + "/*")
        .order(-100)
        .handler(ctx -> check(ctx, api))
        .failureHandler(ctx -> failed(ctx, api));
    router
        .route(Routes.FUNCTIONS + "/*")
        .order(-100)
        .handler(ctx -> check(ctx, functionCalls))
        .failureHandler(ctx -> failed(ctx, functionCalls));
  }

  private void check(RoutingContext ctx, Limit limit) {
    String length = ctx.request().getHeader(HttpHeaders.CONTENT_LENGTH);
    if (length != null) {
      if (declaredOver(length, limit.maxBytes())) {
        RouteProblems.refuse(ctx, 413, limit.tooLarge());
        return;
      }
      ctx.next();
    } else if (ctx.request().headers().contains(HttpHeaders.TRANSFER_ENCODING)) {
      // The REST layer takes the body read here; past the limit this fails the route with 413.
      limit.chunkedBodies().handle(ctx);
    } else {
      ctx.next();
    }
  }

  private void failed(RoutingContext ctx, Limit limit) {
    if (ctx.statusCode() == 413 && !ctx.response().headWritten()) {
      Log.infof("refused 413 %s", ProblemType.PAYLOAD_TOO_LARGE.type);
      RouteProblems.refuse(ctx, 413, limit.tooLarge());
      return;
    }
    ctx.next();
  }

  private static boolean declaredOver(String length, long maxBytes) {
    try {
      return Long.parseLong(length.trim()) > maxBytes;
    } catch (NumberFormatException e) {
      return false; // the HTTP layer rejects a malformed length itself
    }
  }
}
