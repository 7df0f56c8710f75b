package io.sandgate.api;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.sandgate.agent.AgentLimits;
import io.sandgate.execution.ExecutionRequest;
import io.sandgate.execution.InvalidRequestException;
import io.sandgate.http.StrictJson;
import io.sandgate.runtime.PythonRuntime;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.BiConsumer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The body of {@code POST /v1/executions} is described once, in {@code META-INF/openapi.yaml}; the
 * parser is held to that description here, property by property, so that neither can change alone.
 */
class ExecutionRequestSchemaTest {

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  /** Reads as UTF-8 text and as base64 alike, so it suits content in either encoding. */
  private static final String TEXT = "aGk=";

  private static JsonNode schemas;
  private static JsonNode request;
  private static JsonNode file;
  private final ObjectMapper json = new ObjectMapper();
  private final ExecutionRequestParser parser = new ExecutionRequestParser(new StrictJson(json));

  @BeforeAll
  static void readSchema() throws Exception {
    try (InputStream in =
        ExecutionRequestSchemaTest.class.getResourceAsStream("/META-INF/openapi.yaml")) {
      schemas = new YAMLMapper().readTree(in).path("components").path("schemas");
    }
    request = schemas.get("ExecutionRequest");
    file = schemas.get("ExecutionFile");
  }

  @Test
  void thePropertiesAreThoseTheParserReads() {
    assertEquals(ExecutionRequestParser.FIELDS, names(request.get("properties")));
    assertEquals(ExecutionRequestParser.FILE_FIELDS, names(file.get("properties")));
    assertEquals(
        "#/components/schemas/ExecutionFile", request.at("/properties/files/items/$ref").asText());
  }

  @Test
  void everyPropertyIsAcceptedWithEveryValueOfItsType() {
    eachProperty(
        request,
        (name, property) -> {
          for (JsonNode value : validValues(property)) {
            ObjectNode body = required(request).set(name, value);
            assertDoesNotThrow(() -> parse(body), body.toString());
          }
        });
    eachProperty(
        file,
        (name, property) -> {
          for (JsonNode value : validValues(property)) {
            ObjectNode body = withFile(required(file).set(name, value));
            assertDoesNotThrow(() -> parse(body), body.toString());
          }
        });
  }

  @Test
  void aValueOfAnotherTypeIsRefused() {
    eachProperty(
        request,
        (name, property) -> {
          refused(required(request).set(name, otherType(property)));
          if (property.has("items")) {
            JsonNode item = otherType(property.get("items"));
            refused(required(request).set(name, NODES.arrayNode().add(item)));
          }
        });
    eachProperty(
        file, (name, property) -> refused(withFile(required(file).set(name, otherType(property)))));
  }

  @Test
  void boundsAndEnumerationsAreTheParsers() {
    eachProperty(
        request,
        (name, property) -> {
          if (property.has("minimum")) {
            refused(
                required(request)
                    .set(name, NODES.numberNode(property.get("minimum").asLong() - 1)));
          }
          if (property.has("enum")) {
            refused(required(request).set(name, NODES.textNode("not-one-of-them")));
          }
        });
    eachProperty(
        file,
        (name, property) -> {
          if (property.has("enum")) {
            refused(withFile(required(file).set(name, NODES.textNode("not-one-of-them"))));
          }
        });
    assertEquals(
        Arrays.stream(PythonRuntime.values()).map(PythonRuntime::id).toList(),
        strings(request.at("/properties/runtime/enum")));
    assertEquals(PythonRuntime.DEFAULT.id(), request.at("/properties/runtime/default").asText());
    assertEquals(PythonRuntime.DEFAULT, parse(required(request)).runtime());
    assertEquals("utf8", file.at("/properties/encoding/default").asText());
    ObjectNode utf8 = required(file).put("encoding", "utf8");
    assertTrue(
        Arrays.equals(
            parse(withFile(utf8)).files().get(0).content(),
            parse(withFile(required(file))).files().get(0).content()),
        "a file without an encoding is utf8");
    assertTrue(
        file.at("/properties/name/description")
            .asText()
            .contains("at most " + AgentLimits.MAX_FILE_DEPTH + " deep"),
        "the depth the validator allows");
  }

  @Test
  void theRequiredPropertiesAreRequired() {
    assertDoesNotThrow(() -> parse(required(request)));
    assertDoesNotThrow(() -> parse(withFile(required(file))));
    for (JsonNode name : request.get("required")) {
      ObjectNode body = required(request);
      body.remove(name.asText());
      refused(body);
    }
    for (JsonNode name : file.get("required")) {
      ObjectNode entry = required(file);
      entry.remove(name.asText());
      refused(withFile(entry));
    }
  }

  @Test
  void anUnknownPropertyIsRefused() {
    refused(required(request).put("unknown", TEXT));
    refused(withFile(required(file).put("unknown", TEXT)));
  }

  private ExecutionRequest parse(JsonNode body) {
    try {
      return parser.fromJson(json.writeValueAsBytes(body));
    } catch (JsonProcessingException e) {
      throw new AssertionError(e);
    }
  }

  private void refused(JsonNode body) {
    assertThrows(InvalidRequestException.class, () -> parse(body), body.toString());
  }

  /** An object with only the schema's required properties, each at a valid value. */
  private static ObjectNode required(JsonNode schema) {
    ObjectNode object = NODES.objectNode();
    for (JsonNode name : schema.path("required")) {
      object.set(name.asText(), validValues(schema.get("properties").get(name.asText())).get(0));
    }
    return object;
  }

  private static ObjectNode withFile(ObjectNode entry) {
    ObjectNode body = required(request);
    body.set("files", NODES.arrayNode().add(entry));
    return body;
  }

  /** Values the schema allows: each of an enumeration, else one of the type. */
  private static List<JsonNode> validValues(JsonNode property) {
    if (property.has("$ref")) {
      return List.of(required(resolve(property)));
    }
    if (property.has("enum")) {
      List<JsonNode> values = new ArrayList<>();
      property.get("enum").forEach(values::add);
      return values;
    }
    return switch (property.get("type").asText()) {
      case "string" -> List.of(NODES.textNode(TEXT));
      case "integer" -> List.of(NODES.numberNode(property.path("minimum").asLong(1)));
      case "array" -> {
        ArrayNode array = NODES.arrayNode().add(validValues(property.get("items")).get(0));
        yield List.of(array, NODES.arrayNode());
      }
      default -> throw new AssertionError("a type the test does not know: " + property);
    };
  }

  /** A value of a type the property does not have. */
  private static JsonNode otherType(JsonNode property) {
    if (property.has("$ref")) {
      return NODES.textNode(TEXT);
    }
    return switch (property.get("type").asText()) {
      case "string" -> NODES.numberNode(1);
      case "integer" -> NODES.textNode("1");
      case "array" -> NODES.textNode(TEXT);
      default -> throw new AssertionError("a type the test does not know: " + property);
    };
  }

  private static JsonNode resolve(JsonNode reference) {
    String ref = reference.get("$ref").asText();
    return schemas.get(ref.substring(ref.lastIndexOf('/') + 1));
  }

  private static void eachProperty(JsonNode schema, BiConsumer<String, JsonNode> check) {
    schema.get("properties").fields().forEachRemaining(e -> check.accept(e.getKey(), e.getValue()));
  }

  private static Set<String> names(JsonNode properties) {
    Set<String> names = new HashSet<>();
    properties.fieldNames().forEachRemaining(names::add);
    return names;
  }

  private static List<String> strings(JsonNode array) {
    List<String> values = new ArrayList<>();
    array.forEach(v -> values.add(v.asText()));
    return values;
  }
}
