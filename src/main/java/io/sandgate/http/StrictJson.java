package io.sandgate.http;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import io.sandgate.execution.InvalidRequestException;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.time.Duration;
import java.util.Iterator;
import java.util.Optional;
import java.util.Set;

/**
 * Reads a JSON object body strictly, with a precise 400 for every mistake: a repeated key, content
 * after the object, nesting or numbers past the limits, a field the API does not know, a value of
 * the wrong type.
 */
@ApplicationScoped
public class StrictJson {

  /** Strict: a repeated key is a mistake, not a choice we make for the client. */
  private final ObjectReader json;

  public StrictJson(ObjectMapper json) {
    this.json = json.reader().with(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
  }

  /**
   * The body as a JSON object whose fields are all among {@code fields}.
   *
   * @param what how a message names what the body must be ("a JSON object with at least 'code'")
   */
  public JsonNode object(byte[] body, Set<String> fields, String what) {
    JsonNode root;
    try (JsonParser parser = json.createParser(body)) {
      root = json.readTree(parser);
      if (root != null && parser.nextToken() != null) {
        throw new InvalidRequestException(
            "there is more after the JSON object" + where(parser.currentLocation()));
      }
    } catch (StreamConstraintsException e) {
      throw new InvalidRequestException(
          "the body is JSON nested too deeply, or with a number or a name too"
              + " long"
              + where(e.getLocation()));
    } catch (JsonProcessingException e) {
      throw new InvalidRequestException(
          "the body is not valid JSON: " + e.getOriginalMessage() + where(e.getLocation()));
    } catch (IOException e) {
      throw new InvalidRequestException("the body could not be read as JSON");
    }
    if (root == null || !root.isObject()) {
      throw new InvalidRequestException("the body must be " + what);
    }
    onlyFields(root, fields, "");
    return root;
  }

  /**
   * Refuses a field of {@code node} that is not among {@code fields}; {@code prefix} names where
   * node is.
   */
  public static void onlyFields(JsonNode node, Set<String> fields, String prefix) {
    for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
      String name = names.next();
      if (!fields.contains(name)) {
        throw new InvalidRequestException(
            "unknown field '"
                + prefix
                + name
                + "'; the fields are "
                + String.join(", ", fields.stream().sorted().toList()));
      }
    }
  }

  /** Jackson knows no location for some failures (a limit passed, the end of the input). */
  private static String where(JsonLocation location) {
    if (location == null || location.getLineNr() < 1) {
      return "";
    }
    return " (line " + location.getLineNr() + ", column " + location.getColumnNr() + ")";
  }

  public static Optional<String> text(JsonNode root, String field) {
    JsonNode node = root.get(field);
    if (node == null || node.isNull()) {
      return Optional.empty();
    }
    if (!node.isTextual()) {
      throw new InvalidRequestException("'" + field + "' must be a string");
    }
    return Optional.of(node.textValue());
  }

  public static Optional<Boolean> bool(JsonNode root, String field) {
    JsonNode node = root.get(field);
    if (node == null || node.isNull()) {
      return Optional.empty();
    }
    if (!node.isBoolean()) {
      throw new InvalidRequestException("'" + field + "' must be true or false");
    }
    return Optional.of(node.booleanValue());
  }

  /** A positive whole number of milliseconds. */
  public static Optional<Duration> millis(JsonNode root, String field) {
    JsonNode node = root.get(field);
    if (node == null || node.isNull()) {
      return Optional.empty();
    }
    if (!node.isIntegralNumber() || !node.canConvertToLong()) {
      throw new InvalidRequestException(
          "'" + field + "' must be an integer number of milliseconds");
    }
    long millis = node.longValue();
    if (millis < 1) {
      throw new InvalidRequestException("'" + field + "' must be at least 1");
    }
    return Optional.of(Duration.ofMillis(millis));
  }
}
