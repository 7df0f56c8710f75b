package io.sandgate.api;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import io.sandgate.execution.ExecutionRequest;
import io.sandgate.execution.InvalidRequestException;
import io.sandgate.execution.ProgramFile;
import io.sandgate.execution.PythonRuntime;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** Reads an execution request from a JSON or a plain-text body, with a precise 400 for every mistake. */
@ApplicationScoped
class ExecutionRequestParser {

    private static final Set<String> FIELDS = Set.of("code", "runtime", "stdin", "args", "timeoutMs", "files");
    private static final Set<String> FILE_FIELDS = Set.of("name", "content", "encoding");

    /** Strict: a repeated key is a mistake, not a choice we make for the client. */
    private final ObjectReader json;

    ExecutionRequestParser(ObjectMapper json) {
        this.json = json.reader().with(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
    }

    /** A {@code text/plain} body is the program itself, run with every default. */
    ExecutionRequest fromText(byte[] body) {
        return new ExecutionRequest(utf8(body), PythonRuntime.PYPY3, "", List.of(), Optional.empty());
    }

    ExecutionRequest fromJson(byte[] body) {
        JsonNode root;
        try (JsonParser parser = json.createParser(body)) {
            root = json.readTree(parser);
            if (root != null && parser.nextToken() != null) {
                throw new InvalidRequestException("there is more after the JSON object" + where(parser.currentLocation()));
            }
        } catch (StreamConstraintsException e) {
            throw new InvalidRequestException("the body is JSON nested too deeply, or with a number or a name too"
                    + " long" + where(e.getLocation()));
        } catch (JsonProcessingException e) {
            throw new InvalidRequestException("the body is not valid JSON: " + e.getOriginalMessage()
                    + where(e.getLocation()));
        } catch (IOException e) {
            throw new InvalidRequestException("the body could not be read as JSON");
        }
        if (root == null || !root.isObject()) {
            throw new InvalidRequestException("the body must be a JSON object with at least 'code'");
        }
        for (Iterator<String> names = root.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!FIELDS.contains(name)) {
                throw new InvalidRequestException("unknown field '" + name + "'; the fields are code, runtime, stdin,"
                        + " args, timeoutMs and files");
            }
        }
        String code = text(root, "code").orElseThrow(
                () -> new InvalidRequestException("'code' is required: the program to run, as a string"));
        PythonRuntime runtime = text(root, "runtime").map(id -> PythonRuntime.byId(id).orElseThrow(
                () -> new InvalidRequestException("unknown runtime '" + id + "'; use pypy3 or python3")))
                .orElse(PythonRuntime.PYPY3);
        String stdin = text(root, "stdin").orElse("");
        return new ExecutionRequest(code, runtime, stdin, args(root), timeout(root), files(root));
    }

    /**
     * {@code files: [{name, content, encoding}]}: written beside the program ({@code encoding}
     * {@code utf8}, the default, or {@code base64}); names and sizes are the validator's to check.
     */
    private static List<ProgramFile> files(JsonNode root) {
        JsonNode node = root.get("files");
        if (node == null || node.isNull()) {
            return List.of();
        }
        if (!node.isArray()) {
            throw new InvalidRequestException("'files' must be an array of {name, content, encoding} objects");
        }
        List<ProgramFile> files = new ArrayList<>(node.size());
        for (int i = 0; i < node.size(); i++) {
            JsonNode file = node.get(i);
            String at = "'files[" + i + "]";
            if (!file.isObject()) {
                throw new InvalidRequestException(at + "' must be an object with name and content");
            }
            for (Iterator<String> names = file.fieldNames(); names.hasNext(); ) {
                String name = names.next();
                if (!FILE_FIELDS.contains(name)) {
                    throw new InvalidRequestException("unknown field " + at + "." + name + "'; the fields are name,"
                            + " content and encoding");
                }
            }
            String name = text(file, "name").orElseThrow(() -> new InvalidRequestException(at + ".name' is required"));
            String content = text(file, "content")
                    .orElseThrow(() -> new InvalidRequestException(at + ".content' is required"));
            String encoding = text(file, "encoding").orElse("utf8");
            byte[] bytes = switch (encoding) {
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
            ByteBuffer bytes = StandardCharsets.UTF_8.newEncoder()
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

    /** Jackson knows no location for some failures (a limit passed, the end of the input). */
    private static String where(JsonLocation location) {
        if (location == null || location.getLineNr() < 1) {
            return "";
        }
        return " (line " + location.getLineNr() + ", column " + location.getColumnNr() + ")";
    }

    private static Optional<String> text(JsonNode root, String field) {
        JsonNode node = root.get(field);
        if (node == null || node.isNull()) {
            return Optional.empty();
        }
        if (!node.isTextual()) {
            throw new InvalidRequestException("'" + field + "' must be a string");
        }
        return Optional.of(node.textValue());
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

    private static Optional<Duration> timeout(JsonNode root) {
        JsonNode node = root.get("timeoutMs");
        if (node == null || node.isNull()) {
            return Optional.empty();
        }
        if (!node.isIntegralNumber() || !node.canConvertToLong()) {
            throw new InvalidRequestException("'timeoutMs' must be an integer number of milliseconds");
        }
        long millis = node.longValue();
        if (millis < 1) {
            throw new InvalidRequestException("'timeoutMs' must be at least 1");
        }
        return Optional.of(Duration.ofMillis(millis));
    }

    private static String utf8(byte[] body) {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(body))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new InvalidRequestException("the program must be UTF-8 text");
        }
    }
}
