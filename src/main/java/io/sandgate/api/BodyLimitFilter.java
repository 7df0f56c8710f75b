package io.sandgate.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.logging.Log;
import io.sandgate.execution.ExecutionLimits;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * Keeps request bodies within {@code max-body-bytes}, with a problem answer either way: a body
 * whose declared length is over is refused before a byte of it is read; a chunked body (no
 * length) is read here up to the limit and refused as soon as it passes it.
 */
@ApplicationScoped
class BodyLimitFilter {

    private final long maxBodyBytes;
    private final String tooLarge;
    private final BodyHandler chunkedBodies;

    BodyLimitFilter(ExecutionLimits limits, ObjectMapper json) throws JsonProcessingException {
        this.maxBodyBytes = limits.maxBodyBytes().asLongValue();
        this.tooLarge = json.writeValueAsString(ProblemType.PAYLOAD_TOO_LARGE.with(
                "the request body is over the limit of " + maxBodyBytes + " bytes"));
        this.chunkedBodies = BodyHandler.create(false).setBodyLimit(maxBodyBytes);
    }

    void register(@Observes Router router) {
        router.route("/v1/*").order(-100).handler(this::check).failureHandler(this::failed);
    }

    private void check(RoutingContext ctx) {
        String length = ctx.request().getHeader(HttpHeaders.CONTENT_LENGTH);
        if (length != null) {
            if (declaredOver(length)) {
                refuse(ctx);
                return;
            }
            ctx.next();
        } else if (ctx.request().headers().contains(HttpHeaders.TRANSFER_ENCODING)) {
            // The REST layer takes the body read here; past the limit this fails the route with 413.
            chunkedBodies.handle(ctx);
        } else {
            ctx.next();
        }
    }

    private void failed(RoutingContext ctx) {
        if (ctx.statusCode() == 413 && !ctx.response().headWritten()) {
            Log.infof("refused 413 %s", ProblemType.PAYLOAD_TOO_LARGE.type);
            refuse(ctx);
            return;
        }
        ctx.next();
    }

    private void refuse(RoutingContext ctx) {
        RouteProblems.refuse(ctx, 413, tooLarge);
    }

    private boolean declaredOver(String length) {
        try {
            return Long.parseLong(length.trim()) > maxBodyBytes;
        } catch (NumberFormatException e) {
            return false; // the HTTP layer rejects a malformed length itself
        }
    }
}
