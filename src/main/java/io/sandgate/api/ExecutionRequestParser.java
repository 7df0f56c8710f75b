package io.sandgate.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.sandgate.execution.ExecutionRequest;
import io.sandgate.execution.InvalidRequestException;
import io.sandgate.execution.ProgramFile;
import io.sandgate.http.StrictJson;
import io.sandgate.http.Utf8;
import io.sandgate.runtime.PythonRuntime;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Reads an execution request from a JSON or a plain-text body, with a precise 400 for every
 * mistake. The JSON body is described in {@code META-INF/openapi.yaml} ({@code ExecutionRequest}),
 * which {@code ExecutionRequestSchemaTest} holds this parser to.
 */
@ApplicationScoped
class ExecutionRequestParser {

  static final Set<String> FIELDS =
      Set.of("code", "runtime", "stdin", "args", "timeoutMs", "files");
  static final Set<String> FILE_FIELDS = Set.of("name", "content", "encoding");

  private final StrictJson json;

  ExecutionRequestParser(StrictJson json) {
    this.json = json;
  }

  /** A {@code text/plain} body is the program itself, run with every default. */
  ExecutionRequest fromText(byte[] body) {
    return new ExecutionRequest(utf8(body), PythonRuntime.DEFAULT, "", List.of(), Optional.empty());
  }

  ExecutionRequest fromJson(byte[] body) {
    JsonNode root = json.object(body, FIELDS, "a JSON object with at least 'code'");
    String code =
        StrictJson.text(root, "code")
            .orElseThrow(
                () ->
                    new InvalidRequestException(
                        "'code' is required: the program to run, as a string"));
    PythonRuntime runtime = runtime(root);
    String stdin = StrictJson.text(root, "stdin").orElse("");
    return new ExecutionRequest(
        code, runtime, stdin, args(root), StrictJson.millis(root, "timeoutMs"), files(root));
  }

  /**
   * {@code files: [{name, content, encoding}]}: written beside the program ({@code encoding} {@code
   * utf8}, the default, or {@code base64}); names and sizes are the validator's to check.
   */
  private static List<ProgramFile> files(JsonNode root) {
    JsonNode node = root.get("files");
    if (node == null || node.isNull()) {
      return List.of();
    }
    if (!node.isArray()) {
      throw new InvalidRequestException(
          "'files' must be an array of {name, content, encoding} objects");
    }
    List<ProgramFile> files = new ArrayList<>(node.size());
    for (int i = 0; i < node.size(); i++) {
      JsonNode file = node.get(i);
      String at = "'files[" + i + "]";
      if (!file.isObject()) {
        throw new InvalidRequestException(at + "' must be an object with name and content");
      }
      StrictJson.onlyFields(file, FILE_FIELDS, "files[" + i + "].");
      String name =
          StrictJson.text(file, "name")
              .orElseThrow(() -> new InvalidRequestException(at + ".name' is required"));
      String content =
          StrictJson.text(file, "content")
              .orElseThrow(() -> new InvalidRequestException(at + ".content' is required"));
      String encoding = StrictJson.text(file, "encoding").orElse("utf8");
      byte[] bytes =
          switch (encoding) {
            case "utf8" -> encodeUtf8(content, at + ".content'");
            case "base64" -> decodeBase64(content, at + ".content'");
            default -> throw new InvalidRequestException(at + ".encoding' must be utf8 or base64");
          };
      files.add(new ProgramFile(name, bytes));
    }
    return List.copyOf(files);
  }

  private static byte[] encodeUtf8(String text, String field) {
    try {
      ByteBuffer bytes =
          StandardCharsets.UTF_8
              .newEncoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT)
              .encode(CharBuffer.wrap(text));
      byte[] out = new byte[bytes.remaining()];
      bytes.get(out);
      return out;
    } catch (CharacterCodingException e) {
      throw new InvalidRequestException(field + " is not valid Unicode text (a lone surrogate)");
    }
  }

  private static byte[] decodeBase64(String text, String field) {
    try {
      return Base64.getDecoder().decode(text);
    } catch (IllegalArgumentException e) {
      throw new InvalidRequestException(field + " is not valid base64");
    }
  }

  private static final String RUNTIME_NAMES =
      Arrays.stream(PythonRuntime.values())
          .map(PythonRuntime::id)
          .collect(Collectors.joining(", "));

  /** The body's {@code runtime}, the default when it names none; an unknown one is a 400. */
  static PythonRuntime runtime(JsonNode root) {
    return StrictJson.text(root, "runtime")
        .map(ExecutionRequestParser::runtime)
        .orElse(PythonRuntime.DEFAULT);
  }

  private static PythonRuntime runtime(String id) {
    return PythonRuntime.byId(id)
        .orElseThrow(
            () ->
                new InvalidRequestException(
                    "unknown runtime '" + id + "'; use one of " + RUNTIME_NAMES));
  }

  private static List<String> args(JsonNode root) {
    JsonNode node = root.get("args");
    if (node == null || node.isNull()) {
      return List.of();
    }
    if (!node.isArray()) {
      throw new InvalidRequestException("'args' must be an array of strings");
    }
    List<String> args = new ArrayList<>(node.size());
    for (JsonNode item : node) {
      if (!item.isTextual()) {
        throw new InvalidRequestException("'args' must be an array of strings");
      }
      args.add(item.textValue());
    }
    return List.copyOf(args);
  }

  private static String utf8(byte[] body) {
    String text = Utf8.decodeOrNull(body);
    if (text == null) {
      throw new InvalidRequestException("the program must be UTF-8 text");
    }
    return text;
  }
}
