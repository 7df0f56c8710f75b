package io.sandgate.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.sandgate.execution.InvalidRequestException;
import io.sandgate.function.FunctionDraft;
import io.sandgate.function.FunctionVersion;
import io.sandgate.http.StrictJson;
import io.sandgate.runtime.PythonRuntime;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Reads the body of {@code PUT /v1/functions/{name}}, with a precise 400 for every mistake. */
@ApplicationScoped
class FunctionDeployParser {

  private static final Set<String> FIELDS =
      Set.of("code", "runtime", "handler", "timeoutMs", "public", "env", "description", "rate");

  private final StrictJson json;

  FunctionDeployParser(StrictJson json) {
    this.json = json;
  }

  FunctionDraft parse(byte[] body) {
    JsonNode root = json.object(body, FIELDS, "a JSON object with at least 'code'");
    String code =
        StrictJson.text(root, "code")
            .orElseThrow(
                () ->
                    new InvalidRequestException(
                        "'code' is required: the function's module, as a string"));
    PythonRuntime runtime = ExecutionRequestParser.runtime(root);
    return new FunctionDraft(
        code,
        runtime,
        StrictJson.text(root, "handler").orElse("handler"),
        StrictJson.millis(root, "timeoutMs"),
        StrictJson.bool(root, "public").orElse(false),
        env(root),
        StrictJson.text(root, "description"),
        rate(root));
  }

  private static Map<String, String> env(JsonNode root) {
    JsonNode node = root.get("env");
    Map<String, String> env = new LinkedHashMap<>();
    if (node == null || node.isNull()) {
      return env;
    }
    if (!node.isObject()) {
      throw new InvalidRequestException("'env' must be an object of strings");
    }
    for (Map.Entry<String, JsonNode> e : node.properties()) {
      if (!e.getValue().isTextual()) {
        throw new InvalidRequestException(
            "'env' must be an object of strings; '" + e.getKey() + "' is not");
      }
      env.put(e.getKey(), e.getValue().textValue());
    }
    return env;
  }

  private static Optional<FunctionVersion.Rate> rate(JsonNode root) {
    JsonNode node = root.get("rate");
    if (node == null || node.isNull()) {
      return Optional.empty();
    }
    JsonNode limit = node.get("limit");
    JsonNode period = node.get("period");
    if (!node.isObject()
        || node.size() != 2
        || limit == null
        || !limit.isIntegralNumber()
        || !limit.canConvertToInt()
        || limit.intValue() < 1
        || period == null
        || !period.isTextual()) {
      throw new InvalidRequestException(
          "'rate' must be {\"limit\": calls (at least 1), \"period\": a duration such"
              + " as \"1s\", \"1m\" or \"PT1H\"}");
    }
    return Optional.of(new FunctionVersion.Rate(limit.intValue(), duration(period.textValue())));
  }

  /** "10s", "5m", "1h", "250ms" or ISO-8601 ("PT1M"). */
  static Duration duration(String text) {
    try {
      Duration d;
      if (text.startsWith("P") || text.startsWith("p")) {
        d = Duration.parse(text);
      } else if (text.endsWith("ms")) {
        d = Duration.ofMillis(Long.parseLong(text.substring(0, text.length() - 2)));
      } else {
        d = Duration.parse("PT" + text.toUpperCase(java.util.Locale.ROOT));
      }
      if (d.isNegative() || d.isZero()) {
        throw new InvalidRequestException("'rate.period' must be positive");
      }
      return d;
    } catch (DateTimeParseException | NumberFormatException e) {
      throw new InvalidRequestException(
          "'rate.period' is not a duration: '" + text + "' (e.g. \"1s\", \"1m\")");
    }
  }
}
