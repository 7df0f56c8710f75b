package io.sandgate.compat.piston;

import com.fasterxml.jackson.databind.JsonNode;
import io.sandgate.execution.ExecutionRequest;
import io.sandgate.execution.ProgramFile;
import io.sandgate.runtime.PythonRuntime;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * A {@code POST /api/v2/execute} body read as Piston reads it, checked in Piston's order with
 * Piston's messages, and turned into a Sandgate run: the first UTF-8 file is the program, every
 * other file is written beside it under its name.
 */
record PistonJob(PistonLanguage language, String version, ExecutionRequest request) {

  /** Piston's own default for {@code run_timeout}. */
  static final long DEFAULT_RUN_TIMEOUT_MS = 3000;

  /**
   * Piston's own limit on {@code compile_timeout} and {@code compile_cpu_time}: Python has no
   * compile stage.
   */
  static final long COMPILE_LIMIT_MS = 10000;

  /**
   * What a stage may ask for: the run's {@code timeout} and {@code cpu_time} up to the tenant's
   * longest run (ms), the compile stage's up to Piston's own 10 s (accepted, never used), {@code
   * memory_limit} up to a sandbox's memory (bytes).
   */
  record Limits(long maxTimeoutMs, long memoryBytes) {

    long of(String stage, String constraint) {
      if (constraint.equals("memory_limit")) {
        return memoryBytes;
      }
      return stage.equals("compile") ? COMPILE_LIMIT_MS : maxTimeoutMs;
    }
  }

  /**
   * {@code versions} is asked only once the body has passed Piston's checks before the runtime
   * lookup.
   */
  static PistonJob parse(
      JsonNode body, Supplier<Map<PythonRuntime, String>> runtimeVersions, Limits limits) {
    String language = requiredString(body, "language");
    String version = requiredString(body, "version");
    JsonNode files = body.path("files");
    if (!files.isArray()) {
      throw new PistonRefusal("files is required as an array");
    }
    for (int i = 0; i < files.size(); i++) {
      if (!files.get(i).path("content").isTextual()) {
        throw new PistonRefusal("files[" + i + "].content is required as a string");
      }
    }
    Map<PythonRuntime, String> versions = runtimeVersions.get();
    PistonLanguage match =
        PistonLanguage.named(language)
            .filter(l -> versions.containsKey(l.runtime))
            .filter(
                l ->
                    SemverRange.parse(version)
                        .map(r -> r.admits(versions.get(l.runtime)))
                        .orElse(false))
            .orElseThrow(() -> new PistonRefusal(language + "-" + version + " runtime is unknown"));
    // As Piston: the check reads the encoding as sent; the program is then the first file read as
    // UTF-8.
    boolean anyUtf8 = false;
    for (JsonNode file : files) {
      JsonNode encoding = file.path("encoding");
      anyUtf8 |= falsy(encoding) || encoding.asText().equals("utf8");
    }
    if (!anyUtf8) {
      throw new PistonRefusal("files must include at least one utf8 encoded file");
    }
    int main = 0;
    while (!encoding(files.get(main)).equals("utf8")) {
      main++;
    }
    for (String constraint : List.of("memory_limit", "timeout", "cpu_time")) {
      for (String stage : List.of("compile", "run")) {
        checkConstraint(body, stage + "_" + constraint, limits.of(stage, constraint));
      }
    }
    List<ProgramFile> beside = new ArrayList<>();
    for (int i = 0; i < files.size(); i++) {
      if (i != main) {
        JsonNode file = files.get(i);
        String name =
            file.path("name").isTextual() && !file.path("name").asText().isEmpty()
                ? file.path("name").asText()
                : "file" + i + ".code";
        beside.add(new ProgramFile(name, content(file)));
      }
    }
    JsonNode runTimeout = body.path("run_timeout");
    long timeoutMs =
        runTimeout.isNumber() && runTimeout.asLong() > 0
            ? runTimeout.asLong()
            : Math.min(DEFAULT_RUN_TIMEOUT_MS, limits.maxTimeoutMs());
    String code = files.get(main).path("content").asText();
    ExecutionRequest request =
        new ExecutionRequest(
            code,
            match.runtime,
            stdin(body),
            args(body),
            Optional.of(Duration.ofMillis(timeoutMs)),
            beside);
    return new PistonJob(match, versions.get(match.runtime), request);
  }

  private static String requiredString(JsonNode body, String field) {
    JsonNode value = body.path(field);
    if (!value.isTextual() || value.asText().isEmpty()) {
      throw new PistonRefusal(field + " is required as a string");
    }
    return value.asText();
  }

  /**
   * As Piston: unset, zero, false or empty means "the default"; otherwise a number within the
   * limit. A memory limit of -1 is Piston's "no limit of its own" (piston-client sends it by
   * default): the sandbox's memory applies.
   */
  private static void checkConstraint(JsonNode body, String name, long limit) {
    JsonNode value = body.path(name);
    if (falsy(value)
        || (name.endsWith("memory_limit") && value.isNumber() && value.asDouble() == -1)) {
      return;
    }
    if (!value.isNumber()) {
      throw new PistonRefusal("If specified, " + name + " must be a number");
    }
    if (value.asDouble() > limit) {
      throw new PistonRefusal(name + " cannot exceed the configured limit of " + limit);
    }
    if (value.asDouble() < 0) {
      throw new PistonRefusal(name + " must be non-negative");
    }
  }

  /** JavaScript's falsy, which Piston's checks test: absent, null, false, 0 or "". */
  private static boolean falsy(JsonNode value) {
    return value.isMissingNode()
        || value.isNull()
        || (value.isBoolean() && !value.asBoolean())
        || (value.isNumber() && value.asDouble() == 0)
        || (value.isTextual() && value.asText().isEmpty());
  }

  private static String encoding(JsonNode file) {
    String encoding = file.path("encoding").asText("utf8");
    return encoding.equals("base64") || encoding.equals("hex") ? encoding : "utf8";
  }

  /**
   * The file's bytes; like Node's Buffer.from, base64 may be line-wrapped and hex stops at the
   * first bad pair.
   */
  private static byte[] content(JsonNode file) {
    String text = file.path("content").asText();
    return switch (encoding(file)) {
      case "base64" -> {
        try {
          yield Base64.getMimeDecoder().decode(text);
        } catch (IllegalArgumentException e) {
          throw new PistonRefusal("a file's content is not valid base64");
        }
      }
      case "hex" -> {
        int pairs = 0;
        while (pairs * 2 + 1 < text.length()
            && HexFormat.isHexDigit(text.charAt(pairs * 2))
            && HexFormat.isHexDigit(text.charAt(pairs * 2 + 1))) {
          pairs++;
        }
        yield HexFormat.of().parseHex(text, 0, pairs * 2);
      }
      default -> text.getBytes(StandardCharsets.UTF_8);
    };
  }

  /** Piston ends stdin with a newline when it has none. */
  private static String stdin(JsonNode body) {
    JsonNode stdin = body.path("stdin");
    if (stdin.isMissingNode() || stdin.isNull()) {
      return "\n";
    }
    if (!stdin.isTextual()) {
      throw new PistonRefusal("If specified, stdin must be a string");
    }
    String text = stdin.asText();
    return text.endsWith("\n") ? text : text + "\n";
  }

  private static List<String> args(JsonNode body) {
    JsonNode args = body.path("args");
    if (args.isMissingNode() || args.isNull()) {
      return List.of();
    }
    if (!args.isArray() || !args.valueStream().allMatch(JsonNode::isTextual)) {
      throw new PistonRefusal("If specified, args must be an array of strings");
    }
    return args.valueStream().map(JsonNode::asText).toList();
  }
}
