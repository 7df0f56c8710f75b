package io.sandgate.api;

/** One runtime of {@code GET /v1/runtimes}. */
public record RuntimeInfo(String name, String version) {}
