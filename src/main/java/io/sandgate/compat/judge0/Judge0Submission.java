package io.sandgate.compat.judge0;

import io.quarkus.runtime.annotations.RegisterForReflection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A submission as Judge0 keeps it: the program and every limit field with Judge0's defaults
 * applied, echoed by {@code fields=*}. Component names are Judge0's wire names.
 */
@RegisterForReflection
record Judge0Submission(
    String source_code,
    int language_id,
    String stdin,
    String expected_output,
    int number_of_runs,
    double cpu_time_limit,
    double cpu_extra_time,
    double wall_time_limit,
    int memory_limit,
    int stack_limit,
    int max_processes_and_or_threads,
    boolean enable_per_process_and_thread_time_limit,
    boolean enable_per_process_and_thread_memory_limit,
    int max_file_size,
    String compiler_options,
    String command_line_arguments,
    boolean redirect_stderr_to_stdout,
    String callback_url,
    boolean enable_network) {

  Judge0Language language() {
    return Judge0Language.byId(language_id).orElseThrow();
  }

  /**
   * The run's wall-clock timeout: Sandgate bounds a run by the wall clock only, so the tighter of
   * {@code wall_time_limit} and the CPU budget ({@code cpu_time_limit + cpu_extra_time}), which a
   * busy single-threaded program spends at wall-clock speed. A CPU limit of 0 is none, as in
   * isolate.
   */
  Duration timeout() {
    double cpu = cpu_time_limit + cpu_extra_time;
    double seconds = cpu_time_limit == 0 ? wall_time_limit : Math.min(wall_time_limit, cpu);
    return Duration.ofMillis(Math.max(1, (long) Math.ceil(seconds * 1000)));
  }

  /**
   * {@code command_line_arguments} as Judge0's run script hands them on: without the characters
   * Judge0 strips ({@code $&;<>|`}), split into words at whitespace, quotes grouping.
   */
  List<String> args() {
    List<String> words = new ArrayList<>();
    if (command_line_arguments == null) {
      return words;
    }
    StringBuilder word = new StringBuilder();
    boolean inWord = false;
    char quote = 0;
    for (char c : command_line_arguments.replaceAll("[$&;<>|`]", "").toCharArray()) {
      if (quote != 0) {
        if (c == quote) {
          quote = 0;
        } else {
          word.append(c);
        }
      } else if (c == '\'' || c == '"') {
        quote = c;
        inWord = true;
      } else if (Character.isWhitespace(c)) {
        if (inWord) {
          words.add(word.toString());
          word.setLength(0);
          inWord = false;
        }
      } else {
        word.append(c);
        inWord = true;
      }
    }
    if (inWord) {
      words.add(word.toString());
    }
    return words;
  }
}
