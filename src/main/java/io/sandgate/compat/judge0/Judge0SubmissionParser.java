package io.sandgate.compat.judge0;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A submission's JSON as Judge0 reads it: its fields (others are dropped, as Rails' strong
 * parameters drop them), its defaults, and its checks with its messages, every failing field listed
 * at once ({@code 422 {"field": ["message"]}}). Sandgate's own limits come in as Judge0's maximums:
 * a time limit above the tenant's longest run is refused as one above Judge0's maximum is.
 */
final class Judge0SubmissionParser {

  /** What the parse found: the submission, or the errors by field. */
  record Parsed(Judge0Submission submission, Map<String, List<String>> errors) {
    boolean valid() {
      return errors.isEmpty();
    }
  }

  /**
   * Judge0's maximums, with Sandgate's limits inside them: the tenant's longest run, and an
   * expected output no longer than the output a run may have.
   */
  record Limits(
      double maxCpuTimeSeconds,
      double maxWallTimeSeconds,
      long maxExpectedOutputChars,
      CallbackTargets callbacks) {

    /** Judge0's own maximums (15 s CPU, 20 s wall clock), lowered to the tenant's longest run. */
    static Limits of(double tenantMaxSeconds, long maxOutputBytes, CallbackTargets callbacks) {
      return new Limits(
          Math.min(15.0, tenantMaxSeconds),
          Math.min(20.0, tenantMaxSeconds),
          maxOutputBytes,
          callbacks);
    }
  }

  private static final int MAX_OPTION_CHARS = 512;
  private static final BigDecimal INT_MIN = BigDecimal.valueOf(Integer.MIN_VALUE);
  private static final BigDecimal INT_MAX = BigDecimal.valueOf(Integer.MAX_VALUE);

  private final Map<String, List<String>> errors = new LinkedHashMap<>();
  private final JsonNode node;
  private final Judge0Text text;

  private Judge0SubmissionParser(JsonNode node, Judge0Text text) {
    this.node = node;
    this.text = text;
  }

  static Parsed parse(JsonNode node, Judge0Text text, Limits limits) {
    return new Judge0SubmissionParser(node == null || !node.isObject() ? null : node, text)
        .read(limits);
  }

  private Parsed read(Limits limits) {
    String source = content("source_code");
    if (source == null || source.isBlank()) {
      error("source_code", "can't be blank");
    }
    Integer languageId = languageId();
    int runs = positiveInteger("number_of_runs", 1, 20);
    double cpu = decimal("cpu_time_limit", 5.0, 0, limits.maxCpuTimeSeconds());
    double extra = decimal("cpu_extra_time", 1.0, 0, 5.0);
    double wall = decimal("wall_time_limit", 10.0, 1, limits.maxWallTimeSeconds());
    int memory = integer("memory_limit", 128000, 2048, 512000);
    int stack = integer("stack_limit", 64000, 0, 128000);
    int processes = positiveInteger("max_processes_and_or_threads", 60, 120);
    int fileSize = integer("max_file_size", 1024, 0, 4096);
    boolean perProcessTime = bool("enable_per_process_and_thread_time_limit");
    boolean perProcessMemory = bool("enable_per_process_and_thread_memory_limit");
    boolean redirect = bool("redirect_stderr_to_stdout");
    String compilerOptions = text("compiler_options");
    if (compilerOptions != null && !compilerOptions.isEmpty()) {
      error("compiler_options", "setting compiler options is only allowed for compiled languages");
    }
    String arguments = text("command_line_arguments");
    if (arguments != null && arguments.length() > MAX_OPTION_CHARS) {
      error(
          "command_line_arguments", "is too long (maximum is " + MAX_OPTION_CHARS + " characters)");
    }
    String callback = text("callback_url");
    if (callback != null && !callback.isEmpty()) {
      limits.callbacks().refusal(callback).ifPresent(reason -> error("callback_url", reason));
    }
    if (present("additional_files")) {
      error("additional_files", "setting additional files is not allowed");
    }
    boolean network = bool("enable_network");
    if (network) {
      error("enable_network", "enabling network is not allowed");
    }
    String stdin = content("stdin");
    String expected = content("expected_output");
    if (expected != null && expected.length() > limits.maxExpectedOutputChars()) {
      error(
          "expected_output",
          "is too long (maximum is " + limits.maxExpectedOutputChars() + " characters)");
    }
    if (!errors.isEmpty()) {
      return new Parsed(null, Collections.unmodifiableMap(errors));
    }
    return new Parsed(
        new Judge0Submission(
            source,
            languageId,
            stdin,
            expected,
            runs,
            cpu,
            extra,
            wall,
            memory,
            stack,
            processes,
            perProcessTime,
            perProcessMemory,
            fileSize,
            compilerOptions,
            arguments,
            redirect,
            callback == null || callback.isEmpty() ? null : callback,
            network),
        Map.of());
  }

  /**
   * Judge0 checks the id twice when it is missing: present, then known (with an empty id in the
   * message).
   */
  private Integer languageId() {
    JsonNode value = field("language_id");
    if (value == null) {
      error("language_id", "can't be blank");
      error("language_id", "language with id  doesn't exist");
      return null;
    }
    BigDecimal number = number(value);
    int id = number == null || number.abs().compareTo(INT_MAX) > 0 ? 0 : number.intValue();
    if (Judge0Language.byId(id).isEmpty()) {
      error("language_id", "language with id " + id + " doesn't exist");
      return null;
    }
    return id;
  }

  private double decimal(String name, double fallback, double min, double max) {
    BigDecimal number = numeric(name);
    if (number == null) {
      return fallback;
    }
    double d = number.doubleValue();
    if (d < min) {
      error(name, "must be greater than or equal to " + (min == Math.rint(min) ? (long) min : min));
    } else if (d > max) {
      error(name, "must be less than or equal to " + max);
    }
    return d;
  }

  private int integer(String name, int fallback, int min, int max) {
    Integer n = integer(name);
    if (n == null) {
      return fallback;
    }
    if (n < min) {
      error(name, "must be greater than or equal to " + min);
    } else if (n > max) {
      error(name, "must be less than or equal to " + max);
    }
    return n;
  }

  /** An integer Judge0 refuses at 0 or below as "must be greater than 0". */
  private int positiveInteger(String name, int fallback, int max) {
    Integer n = integer(name);
    if (n == null) {
      return fallback;
    }
    if (n <= 0) {
      error(name, "must be greater than 0");
    } else if (n > max) {
      error(name, "must be less than or equal to " + max);
    }
    return n;
  }

  /** The field as an int; null when it is absent or not a number. */
  private Integer integer(String name) {
    BigDecimal number = numeric(name);
    // Clamped before narrowing: a huge number must not wrap into the range.
    return number == null ? null : number.max(INT_MIN).min(INT_MAX).intValue();
  }

  /** The field's number; null when it is absent, or not a number (then an error is recorded). */
  private BigDecimal numeric(String name) {
    JsonNode value = field(name);
    if (value == null) {
      return null;
    }
    BigDecimal number = number(value);
    if (number == null) {
      error(name, "is not a number");
    }
    return number;
  }

  private boolean bool(String name) {
    JsonNode value = field(name);
    if (value == null) {
      return false;
    }
    return value.isBoolean() ? value.booleanValue() : "true".equals(value.asText());
  }

  /** A text field as sent. */
  private String text(String name) {
    JsonNode value = field(name);
    if (value == null) {
      return null;
    }
    return value.isTextual() ? value.textValue() : value.toString();
  }

  /** A field of the program's text, in the request's encoding. */
  private String content(String name) {
    return text.read(text(name));
  }

  /** A number as Rails casts one: a JSON number, or a string that holds one. */
  private static BigDecimal number(JsonNode value) {
    if (value.isNumber()) {
      return value.decimalValue();
    }
    if (value.isTextual()) {
      try {
        return new BigDecimal(value.textValue().trim());
      } catch (NumberFormatException e) {
        return null;
      }
    }
    return null;
  }

  /** A field that is there and not null (an empty string counts as absent, as Rails casts it). */
  private JsonNode field(String name) {
    JsonNode value = node == null ? null : node.get(name);
    if (value == null
        || value.isNull()
        || (value.isTextual()
            && value.textValue().isEmpty()
            && !name.equals("source_code")
            && !name.equals("stdin")
            && !name.equals("expected_output"))) {
      return null;
    }
    return value;
  }

  private boolean present(String name) {
    return field(name) != null;
  }

  private void error(String field, String message) {
    errors.computeIfAbsent(field, f -> new ArrayList<>()).add(message);
  }
}
