package io.sandgate.fn;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * The problem of a call that gave no answer; {@code traceback} only for callers with the tenant's
 * key.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@RegisterForReflection
public record FunctionProblem(
    String type, String title, int status, String detail, String traceback) {}
