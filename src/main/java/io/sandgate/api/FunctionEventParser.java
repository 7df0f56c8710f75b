package io.sandgate.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.sandgate.execution.InvalidRequestException;
import io.sandgate.function.FunctionEvent;
import io.sandgate.function.FunctionVersion;
import io.sandgate.http.StrictJson;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Reads the event of a test call ({@code POST /v1/functions/{name}/invoke}): every field optional.
 */
@ApplicationScoped
class FunctionEventParser {

  private static final Set<String> FIELDS =
      Set.of("method", "path", "rawQuery", "query", "headers", "body", "isBase64Encoded");

  private final StrictJson json;

  FunctionEventParser(StrictJson json) {
    this.json = json;
  }

  FunctionEvent parse(byte[] body, FunctionVersion function, String requestId) {
    JsonNode root =
        body.length == 0
            ? com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode()
            : json.object(body, FIELDS, "a JSON object: the event (every field optional)");
    Map<String, String> headers = new LinkedHashMap<>();
    JsonNode h = root.get("headers");
    if (h != null && !h.isNull()) {
      if (!h.isObject()) {
        throw new InvalidRequestException("'headers' must be an object of strings");
      }
      for (Map.Entry<String, JsonNode> e : h.properties()) {
        if (!e.getValue().isTextual()) {
          throw new InvalidRequestException("'headers' must be an object of strings");
        }
        headers.put(e.getKey().toLowerCase(Locale.ROOT), e.getValue().textValue());
      }
    }
    return new FunctionEvent(
        StrictJson.text(root, "method").orElse("POST").toUpperCase(Locale.ROOT),
        StrictJson.text(root, "path").orElse("/"),
        StrictJson.text(root, "rawQuery").orElse(""),
        query(root),
        headers,
        StrictJson.text(root, "body").orElse(""),
        StrictJson.bool(root, "isBase64Encoded").orElse(false),
        requestId,
        new FunctionEvent.Function(function.name(), function.version()));
  }

  private static Map<String, List<String>> query(JsonNode root) {
    JsonNode q = root.get("query");
    Map<String, List<String>> query = new LinkedHashMap<>();
    if (q == null || q.isNull()) {
      return query;
    }
    if (!q.isObject()) {
      throw new InvalidRequestException("'query' must be an object of string arrays");
    }
    for (Map.Entry<String, JsonNode> e : q.properties()) {
      List<String> values = new ArrayList<>();
      if (!e.getValue().isArray()) {
        throw new InvalidRequestException("'query' must be an object of string arrays");
      }
      for (JsonNode v : e.getValue()) {
        if (!v.isTextual()) {
          throw new InvalidRequestException("'query' must be an object of string arrays");
        }
        values.add(v.textValue());
      }
      query.put(e.getKey(), values);
    }
    return query;
  }
}
