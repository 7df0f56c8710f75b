package io.sandgate.function;

import java.util.Map;

/** The HTTP answer a handler's return value maps to. */
public record FunctionResponse(int status, Map<String, String> headers, byte[] body) {}
