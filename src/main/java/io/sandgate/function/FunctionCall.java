package io.sandgate.function;

/** A call that produced an answer, with what the handler printed (for the function's logs). */
public record FunctionCall(
    FunctionResponse response, String stdout, String stderr, long durationMs) {}
