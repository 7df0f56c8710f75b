package io.sandgate.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.sandgate.execution.ExecutionRequest;
import io.sandgate.execution.InvalidRequestException;
import io.sandgate.execution.PythonRuntime;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** Reads an execution request from a JSON or a plain-text body, with a precise 400 for every mistake. */
@ApplicationScoped
class ExecutionRequestParser {

    private static final Set<String> FIELDS = Set.of("code", "runtime", "stdin", "args", "timeoutMs");

    private final StrictJson json;

    ExecutionRequestParser(StrictJson json) {
        this.json = json;
    }

    /** A {@code text/plain} body is the program itself, run with every default. */
    ExecutionRequest fromText(byte[] body) {
        return new ExecutionRequest(utf8(body), PythonRuntime.PYPY3, "", List.of(), Optional.empty());
    }

    ExecutionRequest fromJson(byte[] body) {
        JsonNode root = json.object(body, FIELDS, "a JSON object with at least 'code'");
        String code = StrictJson.text(root, "code").orElseThrow(
                () -> new InvalidRequestException("'code' is required: the program to run, as a string"));
        PythonRuntime runtime = StrictJson.text(root, "runtime").map(ExecutionRequestParser::runtime)
                .orElse(PythonRuntime.PYPY3);
        String stdin = StrictJson.text(root, "stdin").orElse("");
        return new ExecutionRequest(code, runtime, stdin, args(root), StrictJson.millis(root, "timeoutMs"));
    }

    static PythonRuntime runtime(String id) {
        return PythonRuntime.byId(id).orElseThrow(
                () -> new InvalidRequestException("unknown runtime '" + id + "'; use pypy3 or python3"));
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
