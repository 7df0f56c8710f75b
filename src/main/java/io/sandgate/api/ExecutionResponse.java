package io.sandgate.api;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.sandgate.execution.ExecutionResult;

/** The body of a finished run, field for field as the API contract names them. */
public record ExecutionResponse(
        String stdout,
        String stderr,
        String combined,
        Integer exitCode,
        @JsonProperty("isError") boolean isError,
        boolean timedOut,
        boolean oomKilled,
        boolean outputTruncated,
        long durationMs,
        String runtime) {

    static ExecutionResponse of(ExecutionResult r) {
        return new ExecutionResponse(r.stdout(), r.stderr(), r.combined(), r.exitCode(), r.isError(), r.timedOut(),
                r.oomKilled(), r.outputTruncated(), r.durationMs(), r.runtime().id());
    }
}
