package io.sandgate.http;

import io.sandgate.function.FunctionFailedException;

/** Every problem the API answers with: a stable type URI, a status and a title. */
public enum ProblemType {
  INVALID_REQUEST(400, "invalid-request", "The request is not valid"),
  UNAUTHORIZED(401, "unauthorized", "A valid API key is required"),
  NOT_FOUND(404, "not-found", "No such resource"),
  METHOD_NOT_ALLOWED(405, "method-not-allowed", "Method not allowed"),
  FUNCTION_QUOTA(
      409, "function-quota-exceeded", "The tenant holds its maximum number of functions"),
  NOT_ACCEPTABLE(406, "not-acceptable", "Cannot answer in the accepted media type"),
  PAYLOAD_TOO_LARGE(413, "payload-too-large", "The request is too large"),
  UNSUPPORTED_MEDIA_TYPE(415, "unsupported-media-type", "Unsupported content type"),
  RATE_LIMITED(429, "rate-limited", "Request rate limit reached"),
  CONCURRENCY_LIMITED(429, "concurrency-limited", "Too many executions at once"),
  INTERNAL(500, "internal", "Internal error"),
  FUNCTION_ERROR(500, "function-error", "The function failed"),
  FUNCTION_OUT_OF_MEMORY(500, "function-out-of-memory", "The function ran out of memory"),
  FUNCTION_TIMEOUT(504, "function-timeout", "The function ran past its timeout"),
  SANDBOX_FAILED(502, "sandbox-failed", "The sandbox failed"),
  NO_SANDBOX(503, "no-sandbox-available", "No sandbox available"),
  STORE_UNAVAILABLE(503, "store-unavailable", "The function store is unavailable");

  private static final String BASE = "https://sandgate.io/problems/";

  public final int status;
  public final String type;
  public final String title;

  public final String slug;

  ProblemType(int status, String slug, String title) {
    this.status = status;
    this.slug = slug;
    this.type = BASE + slug;
    this.title = title;
  }

  /** The problem of a function call that gave no answer. */
  public static ProblemType of(FunctionFailedException.Kind kind) {
    return switch (kind) {
      case TIMEOUT -> FUNCTION_TIMEOUT;
      case OUT_OF_MEMORY -> FUNCTION_OUT_OF_MEMORY;
      case ERROR -> FUNCTION_ERROR;
    };
  }

  public Problem with(String detail) {
    return new Problem(type, title, status, detail);
  }
}
