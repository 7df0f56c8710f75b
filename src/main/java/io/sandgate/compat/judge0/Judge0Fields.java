package io.sandgate.compat.judge0;

import io.sandgate.runtime.PythonRuntime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * A submission as Judge0 renders it: the fields asked for ({@code fields=a,b}, {@code *}, or the
 * default set), always in Judge0's own order (its table's), text fields in base64 when asked.
 */
final class Judge0Fields {

  /** Every field, in Judge0's order. */
  static final List<String> ALL =
      List.of(
          "source_code",
          "language_id",
          "stdin",
          "expected_output",
          "stdout",
          "status_id",
          "created_at",
          "finished_at",
          "time",
          "memory",
          "stderr",
          "token",
          "number_of_runs",
          "cpu_time_limit",
          "cpu_extra_time",
          "wall_time_limit",
          "memory_limit",
          "stack_limit",
          "max_processes_and_or_threads",
          "enable_per_process_and_thread_time_limit",
          "enable_per_process_and_thread_memory_limit",
          "max_file_size",
          "compile_output",
          "exit_code",
          "exit_signal",
          "message",
          "wall_time",
          "compiler_options",
          "command_line_arguments",
          "redirect_stderr_to_stdout",
          "callback_url",
          "additional_files",
          "enable_network",
          "status",
          "language");

  /** What a submission shows when no fields are asked for (and what a callback carries). */
  static final List<String> DEFAULT =
      List.of("stdout", "time", "memory", "stderr", "token", "compile_output", "message", "status");

  private static final Set<String> TEXT =
      Set.of(
          "source_code",
          "stdin",
          "expected_output",
          "stdout",
          "stderr",
          "compile_output",
          "message");
  private static final DateTimeFormatter TIMESTAMP =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'", Locale.ROOT)
          .withZone(ZoneOffset.UTC);

  private Judge0Fields() {}

  /**
   * The fields {@code param} asks for, in Judge0's order: split at commas as Judge0 splits them
   * (untrimmed: {@code "stdout, stderr"} asks for {@code " stderr"}).
   *
   * @throws Judge0Refusal 400 {@code invalid fields: [...]} for names Judge0 does not know
   */
  static List<String> parse(String param) {
    if (param == null || param.isEmpty()) {
      return DEFAULT;
    }
    List<String> asked = List.of(param.split(","));
    if (asked.contains("*")) {
      return ALL;
    }
    List<String> unknown = asked.stream().filter(f -> !ALL.contains(f)).toList();
    if (!unknown.isEmpty()) {
      throw new Judge0Refusal(400, "invalid fields: [" + String.join(", ", unknown) + "]");
    }
    return ALL.stream().filter(asked::contains).toList();
  }

  static Map<String, Object> render(
      Judge0Record record,
      List<String> fields,
      Judge0Text text,
      Map<PythonRuntime, String> versions) {
    Map<String, Object> out = new LinkedHashMap<>();
    for (String field : fields) {
      Object value = value(record, field, versions);
      out.put(field, TEXT.contains(field) ? text.write((String) value) : value);
    }
    return out;
  }

  static List<Map<String, Object>> render(
      List<Judge0Record> records,
      List<String> fields,
      Judge0Text text,
      Map<PythonRuntime, String> versions) {
    List<Map<String, Object>> out = new ArrayList<>(records.size());
    for (Judge0Record record : records) {
      out.add(record == null ? null : render(record, fields, text, versions));
    }
    return out;
  }

  private static Object value(Judge0Record r, String field, Map<PythonRuntime, String> versions) {
    Judge0Submission s = r.submission();
    Judge0Result result = r.result();
    return switch (field) {
      case "source_code" -> s.source_code();
      case "language_id" -> s.language_id();
      case "stdin" -> s.stdin();
      case "expected_output" -> s.expected_output();
      case "status_id" -> r.status().id;
      case "created_at" -> TIMESTAMP.format(r.createdAt());
      case "finished_at" -> r.finishedAt() == null ? null : TIMESTAMP.format(r.finishedAt());
      case "token" -> r.token();
      case "number_of_runs" -> s.number_of_runs();
      case "cpu_time_limit" -> decimal(s.cpu_time_limit());
      case "cpu_extra_time" -> decimal(s.cpu_extra_time());
      case "wall_time_limit" -> decimal(s.wall_time_limit());
      case "memory_limit" -> s.memory_limit();
      case "stack_limit" -> s.stack_limit();
      case "max_processes_and_or_threads" -> s.max_processes_and_or_threads();
      case "enable_per_process_and_thread_time_limit" ->
          s.enable_per_process_and_thread_time_limit();
      case "enable_per_process_and_thread_memory_limit" ->
          s.enable_per_process_and_thread_memory_limit();
      case "max_file_size" -> s.max_file_size();
      case "compiler_options" -> s.compiler_options();
      case "command_line_arguments" -> s.command_line_arguments();
      case "redirect_stderr_to_stdout" -> s.redirect_stderr_to_stdout();
      case "callback_url" -> s.callback_url();
      case "additional_files", "compile_output" -> null;
      case "enable_network" -> s.enable_network();
      case "status" -> r.status().view();
      case "language" -> s.language().summary(versions);
      default -> result == null ? null : resultValue(result, field);
    };
  }

  private static Object resultValue(Judge0Result r, String field) {
    return switch (field) {
      case "stdout" -> r.stdout();
      case "stderr" -> r.stderr();
      case "time" -> seconds(r.time());
      case "wall_time" -> seconds(r.wall_time());
      case "memory" -> r.memory();
      case "exit_code" -> r.exit_code();
      case "exit_signal" -> r.exit_signal();
      case "message" -> r.message();
      default -> throw new IllegalArgumentException(field);
    };
  }

  /** Judge0's decimals are strings: {@code "0.012"}. */
  private static String seconds(Double value) {
    return value == null ? null : String.format(Locale.ROOT, "%.3f", value);
  }

  /** A limit as Judge0 prints its decimal columns: {@code "5.0"}. */
  private static String decimal(double value) {
    return Double.toString(value);
  }
}
