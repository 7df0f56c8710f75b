package io.sandgate.api;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.quarkus.runtime.annotations.RegisterForReflection;
import io.sandgate.function.FunctionCall;
import io.sandgate.function.FunctionFailedException;
import io.sandgate.http.ProblemType;
import io.sandgate.http.Utf8;
import java.util.Map;

/**
 * A test call's answer: what the HTTP caller would get, and what the handler printed. {@code error}
 * is set (and the status is 500 or 504) when the call gave no answer that can be sent.
 */
@RegisterForReflection
public record InvokeResult(
    int status,
    Map<String, String> headers,
    String body,
    @JsonProperty("isBase64Encoded") boolean isBase64Encoded,
    String stdout,
    String stderr,
    long durationMs,
    int version,
    Error error) {

  /** Why the call failed: its problem type's slug, the detail, and the handler's traceback. */
  public record Error(String type, String detail, String traceback) {}

  static InvokeResult of(FunctionCall call, int version) {
    Utf8.TextOrBase64 body = Utf8.textOrBase64(call.response().body());
    return new InvokeResult(
        call.response().status(),
        call.response().headers(),
        body.text(),
        body.isBase64(),
        call.stdout(),
        call.stderr(),
        call.durationMs(),
        version,
        null);
  }

  static InvokeResult of(FunctionFailedException e, int version) {
    ProblemType problem = ProblemType.of(e.kind());
    return new InvokeResult(
        problem.status,
        Map.of(),
        "",
        false,
        e.stdout(),
        e.stderr(),
        0,
        version,
        new Error(problem.slug, e.getMessage(), e.traceback()));
  }
}
