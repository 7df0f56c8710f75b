package io.sandgate.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sandgate.execution.ExecutionLimits;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * Refuses a body whose declared length is over the limit before a byte of it is read. (A chunked
 * body with no length is cut by {@code quarkus.http.limits.max-body-size} at the same limit.)
 */
@ApplicationScoped
class BodyLimitFilter {

    private final long maxBodyBytes;
    private final String tooLarge;

    BodyLimitFilter(ExecutionLimits limits, ObjectMapper json) throws JsonProcessingException {
        this.maxBodyBytes = limits.maxBodyBytes().asLongValue();
        this.tooLarge = json.writeValueAsString(ProblemType.PAYLOAD_TOO_LARGE.with(
                "the request body is over the limit of " + maxBodyBytes + " bytes"));
    }

    void register(@Observes Router router) {
        router.route("/v1/*").order(-100).handler(this::check);
    }

    private void check(RoutingContext ctx) {
        String length = ctx.request().getHeader(HttpHeaders.CONTENT_LENGTH);
        if (length != null && declaredOver(length)) {
            ctx.response()
                    .setStatusCode(413)
                    .putHeader(HttpHeaders.CONTENT_TYPE, Problem.MEDIA_TYPE)
                    .putHeader(HttpHeaders.CONNECTION, "close")
                    .end(tooLarge);
            return;
        }
        ctx.next();
    }

    private boolean declaredOver(String length) {
        try {
            return Long.parseLong(length.trim()) > maxBodyBytes;
        } catch (NumberFormatException e) {
            return false; // the HTTP layer rejects a malformed length itself
        }
    }
}
