package io.sandgate.api;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.quarkus.runtime.annotations.RegisterForReflection;
import io.sandgate.function.FunctionCall;
import io.sandgate.function.FunctionFailedException;
import java.util.Base64;
import java.util.Map;

/**
 * A test call's answer: what the HTTP caller would get, and what the handler printed. {@code error}
 * is set (and the status is 500 or 504) when the call gave no answer that can be sent.
 */
@RegisterForReflection
public record InvokeResult(int status, Map<String, String> headers, String body,
        @JsonProperty("isBase64Encoded") boolean isBase64Encoded, String stdout, String stderr, long durationMs,
        int version, Error error) {

    /** Why the call failed: its problem type's slug, the detail, and the handler's traceback. */
    public record Error(String type, String detail, String traceback) {
    }

    static InvokeResult of(FunctionCall call, int version) {
        byte[] body = call.response().body();
        String text = Utf8.decodeOrNull(body);
        return new InvokeResult(call.response().status(), call.response().headers(),
                text != null ? text : Base64.getEncoder().encodeToString(body), text == null, call.stdout(),
                call.stderr(), call.durationMs(), version, null);
    }

    static InvokeResult of(FunctionFailedException e, int version) {
        int status = e.kind() == FunctionFailedException.Kind.TIMEOUT ? 504 : 500;
        String type = switch (e.kind()) {
            case TIMEOUT -> "function-timeout";
            case OUT_OF_MEMORY -> "function-out-of-memory";
            case ERROR -> "function-error";
        };
        return new InvokeResult(status, Map.of(), "", false, e.stdout(), e.stderr(), 0, version,
                new Error(type, e.getMessage(), e.traceback()));
    }
}
