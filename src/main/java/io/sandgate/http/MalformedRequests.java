package io.sandgate.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.logging.Log;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpVersion;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * Requests the router refuses before any resource sees them — no {@code Host} header, or the h2c
 * preface ({@code PRI * HTTP/2.0}) that the HTTP/1 parser takes for a request while HTTP/2 is off —
 * are client mistakes: a 400 problem and one log line, not the framework's error page with a stack
 * trace at ERROR.
 */
@ApplicationScoped
class MalformedRequests {

  private final String notHttp11;
  private final String noHost;
  private final String malformed;

  MalformedRequests(ObjectMapper json) throws JsonProcessingException {
    this.notHttp11 =
        json.writeValueAsString(
            ProblemType.INVALID_REQUEST.with("this port speaks HTTP/1.1 (HTTP/2 is off)"));
    this.noHost =
        json.writeValueAsString(
            ProblemType.INVALID_REQUEST.with(
                "the request is not valid HTTP/1.1: it needs a Host header"));
    this.malformed =
        json.writeValueAsString(
            ProblemType.INVALID_REQUEST.with("the request is not valid HTTP/1.1"));
  }

  void register(@Observes Router router) {
    router.route().order(-200).failureHandler(this::refuse);
  }

  private void refuse(RoutingContext ctx) {
    if (ctx.statusCode() != 400 || ctx.response().headWritten()) {
      ctx.next();
      return;
    }
    HttpVersion version = ctx.request().version();
    boolean http1 = version == HttpVersion.HTTP_1_1 || version == HttpVersion.HTTP_1_0;
    Log.infof("refused 400 malformed %s request", version);
    RouteProblems.refuse(
        ctx,
        400,
        !http1
            ? notHttp11
            : ctx.request().getHeader(HttpHeaders.HOST) == null ? noHost : malformed);
  }
}
