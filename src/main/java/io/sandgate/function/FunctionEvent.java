package io.sandgate.function;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.quarkus.runtime.annotations.RegisterForReflection;
import java.util.List;
import java.util.Map;

/**
 * The HTTP request as the handler sees it. Header names are lower-case; the body is text when it is
 * UTF-8, otherwise base64 with {@code isBase64Encoded}.
 */
@RegisterForReflection
public record FunctionEvent(
    String method,
    String path,
    String rawQuery,
    Map<String, List<String>> query,
    Map<String, String> headers,
    String body,
    @JsonProperty("isBase64Encoded") boolean isBase64Encoded,
    String requestId,
    Function function) {

  /** Which function and version the event is for. */
  @RegisterForReflection
  public record Function(String name, int version) {}
}
