package io.sandgate.compat.judge0;

import java.util.List;
import java.util.Map;

/** A submission that failed Judge0's checks: {@code 422 {"field": ["message", ...]}}. */
final class Judge0Invalid extends RuntimeException {

  final transient Map<String, List<String>> errors;

  Judge0Invalid(Map<String, List<String>> errors) {
    super("invalid submission: " + errors.keySet());
    this.errors = errors;
  }
}
