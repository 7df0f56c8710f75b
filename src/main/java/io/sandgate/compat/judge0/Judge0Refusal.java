package io.sandgate.compat.judge0;

/** A request Judge0 refuses with {@code {"error": "..."}} and this status. */
final class Judge0Refusal extends RuntimeException {

  final int status;

  Judge0Refusal(int status, String message) {
    super(message);
    this.status = status;
  }
}
