package io.sandgate.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.quarkus.runtime.annotations.RegisterForReflection;
import io.sandgate.function.FunctionVersion;
import java.util.List;
import java.util.Map;

/**
 * A function version's metadata; with {@code code} (and {@code versions}) when one function is
 * read.
 */
@RegisterForReflection
@JsonInclude(JsonInclude.Include.NON_NULL)
public record FunctionInfo(
    String name,
    int version,
    String runtime,
    String handler,
    long timeoutMs,
    @JsonProperty("public") boolean isPublic,
    String sha256,
    String createdAt,
    String url,
    String description,
    Map<String, Object> rate,
    Map<String, String> env,
    String code,
    List<Integer> versions) {

  /** {@code url}: the function's URL on its own origin ({@link FunctionUrls}). */
  static FunctionInfo of(FunctionVersion v, String url) {
    return new FunctionInfo(
        v.name(),
        v.version(),
        v.runtime().id(),
        v.handler(),
        v.timeoutMs(),
        v.isPublic(),
        v.sha256(),
        v.createdAt().toString(),
        url,
        v.description().orElse(null),
        v.rate()
            .map(r -> Map.<String, Object>of("limit", r.limit(), "period", r.period().toString()))
            .orElse(null),
        null,
        null,
        null);
  }

  FunctionInfo withCode(FunctionVersion v, List<Integer> versions) {
    return new FunctionInfo(
        name,
        version,
        runtime,
        handler,
        timeoutMs,
        isPublic,
        sha256,
        createdAt,
        url,
        description,
        rate,
        v.env(),
        v.code(),
        versions);
  }
}
