package io.sandgate.function;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Maps what the bootstrap wrote to the result channel (the handler's return value by kind, read
 * from marshal: bytes are binary nodes) to an HTTP answer, refusing what cannot be sent: a status
 * outside 200–599, headers that are not strings, carry CR/LF, or are hop-by-hop, framing or
 * Sandgate's own, a body of the wrong type or invalid base64. A handler may not reach past its own
 * tenant in a browser either: no {@code Service-Worker-Allowed} (a worker for paths beyond its
 * own), no {@code Clear-Site-Data} (the whole origin's storage), no cookie with a {@code Domain} or
 * a path outside its tenant's.
 */
final class FunctionAnswers {

  private static final String TEXT = "text/plain; charset=utf-8";
  private static final String JSON = "application/json";
  private static final String BINARY = "application/octet-stream";
  private static final Pattern TOKEN = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]+");

  /** Set by the gateway itself, per connection or per answer: never by a handler. */
  private static final Set<String> FORBIDDEN =
      Set.of(
          "connection",
          "keep-alive",
          "proxy-connection",
          "transfer-encoding",
          "te",
          "trailer",
          "upgrade",
          "content-length",
          "proxy-authenticate",
          "proxy-authorization",
          "service-worker-allowed",
          "clear-site-data",
          // These act on a whole host, which on the functions' port other tenants share.
          "strict-transport-security",
          "nel",
          "report-to",
          "reporting-endpoints",
          "alt-svc");

  private static final String RESERVED_PREFIX = "sandgate-";

  private final ObjectMapper json;

  FunctionAnswers(ObjectMapper json) {
    this.json = json;
  }

  /**
   * @throws Unsendable when the handler's answer cannot be sent, naming why
   */
  FunctionResponse map(JsonNode answer, String cookiePath) {
    String kind = answer.path("kind").asText();
    return switch (kind) {
      case "none" -> new FunctionResponse(204, Map.of(), new byte[0]);
      case "text" -> ok(TEXT, answer.path("body").asText().getBytes(StandardCharsets.UTF_8));
      case "json" -> ok(JSON, serialise(answer.path("body")));
      case "bytes" -> ok(BINARY, binary(answer.path("body")));
      case "http" -> http(answer, cookiePath);
      default ->
          throw new Unsendable(
              "the function's bootstrap wrote an answer of unknown kind '" + kind + "'");
    };
  }

  private static FunctionResponse ok(String contentType, byte[] body) {
    return new FunctionResponse(200, Map.of("content-type", contentType), body);
  }

  private FunctionResponse http(JsonNode answer, String cookiePath) {
    JsonNode status = answer.get("statusCode");
    if (status == null
        || !status.isIntegralNumber()
        || !status.canConvertToInt()
        || status.intValue() < 200
        || status.intValue() > 599) {
      throw new Unsendable("statusCode must be an integer from 200 to 599, not " + status);
    }
    Map<String, String> headers = headers(answer.get("headers"));
    String cookie = headers.get("set-cookie");
    if (cookie != null) {
      checkCookie(cookie, cookiePath);
    }
    JsonNode base64Flag = answer.get("isBase64Encoded");
    if (base64Flag != null && !base64Flag.isBoolean()) {
      throw new Unsendable("isBase64Encoded must be a boolean");
    }
    boolean binary = base64Flag != null && base64Flag.booleanValue();
    JsonNode body = answer.get("body");
    byte[] bytes;
    String contentType;
    if (body == null || body.isNull()) {
      bytes = new byte[0];
      contentType = null;
    } else if (body.isBinary()) {
      bytes = binary(body);
      contentType = BINARY;
    } else if (body.isTextual()) {
      bytes = binary ? base64(body.textValue()) : body.textValue().getBytes(StandardCharsets.UTF_8);
      contentType = binary ? BINARY : TEXT;
    } else if (body.isObject() || body.isArray()) {
      bytes = serialise(body);
      contentType = JSON;
    } else {
      throw new Unsendable(
          "body must be a string, a dict or a list, not "
              + body.getNodeType().name().toLowerCase(Locale.ROOT));
    }
    int code = status.intValue();
    if (bytes.length > 0 && (code == 204 || code == 304)) {
      throw new Unsendable("a " + code + " answer cannot have a body");
    }
    if (contentType != null && !headers.containsKey("content-type")) {
      headers.put("content-type", contentType);
    }
    return new FunctionResponse(code, headers, bytes);
  }

  private static Map<String, String> headers(JsonNode node) {
    Map<String, String> headers = new LinkedHashMap<>();
    if (node == null || node.isNull()) {
      return headers;
    }
    if (!node.isObject()) {
      throw new Unsendable("headers must be a dict of strings");
    }
    Set<String> seen = new HashSet<>();
    for (Map.Entry<String, JsonNode> e : node.properties()) {
      String name = e.getKey();
      String lower = name.toLowerCase(Locale.ROOT);
      if (!TOKEN.matcher(name).matches()) {
        throw new Unsendable("header name " + quoted(name) + " is not a valid HTTP header name");
      }
      if (FORBIDDEN.contains(lower) || lower.startsWith(RESERVED_PREFIX)) {
        throw new Unsendable("header " + name + " is set by the gateway, not by a handler");
      }
      if (!seen.add(lower)) {
        throw new Unsendable("header " + name + " is given twice");
      }
      if (!e.getValue().isTextual()) {
        throw new Unsendable("header " + name + " must be a string");
      }
      String value = e.getValue().textValue();
      if (!validValue(value)) {
        throw new Unsendable(
            "header " + name + " holds a line break, NUL or a character beyond Latin-1");
      }
      headers.put(lower, value);
    }
    return headers;
  }

  /**
   * A cookie stays on its tenant's host (no {@code Domain}) and, where tenants share a host, under
   * its tenant's path: cookies ignore ports, and one scoped to {@code /} would reach every other
   * tenant's functions. Without a {@code Path} a browser scopes it to the request's own.
   */
  private static void checkCookie(String cookie, String cookiePath) {
    String[] parts = cookie.split(";");
    if (parts[0].strip().startsWith("__Host-") && !cookiePath.equals("/")) {
      throw new Unsendable(
          "a __Host- cookie needs Path=/, which would reach other tenants' functions here");
    }
    for (int i = 1; i < parts.length; i++) {
      String attribute = parts[i].strip();
      int eq = attribute.indexOf('=');
      String name =
          (eq < 0 ? attribute : attribute.substring(0, eq)).strip().toLowerCase(Locale.ROOT);
      String value = eq < 0 ? "" : attribute.substring(eq + 1).strip();
      if (name.equals("domain")) {
        throw new Unsendable(
            "Set-Cookie may not name a Domain: a function's cookies stay on its own host");
      }
      if (name.equals("path")
          && !cookiePath.equals("/")
          && !(value.equals(cookiePath) || value.startsWith(cookiePath + "/"))) {
        throw new Unsendable(
            "Set-Cookie's Path must be "
                + cookiePath
                + " or below it, not '"
                + value
                + "': cookies ignore ports, and other tenants' functions share this host");
      }
    }
  }

  private static boolean validValue(String value) {
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c == '\r' || c == '\n' || c == 0 || c > 0xff || (c < 0x20 && c != '\t') || c == 0x7f) {
        return false;
      }
    }
    return true;
  }

  /** {@code body} as JSON; bytes anywhere in it cannot be (Python's json says so too). */
  private byte[] serialise(JsonNode body) {
    if (holdsBytes(body)) {
      throw new Unsendable(
          "the return value cannot be sent: Object of type bytes is not JSON serializable");
    }
    try {
      return json.writeValueAsBytes(body);
    } catch (JsonProcessingException e) {
      throw new Unsendable("body cannot be written as JSON");
    }
  }

  private static boolean holdsBytes(JsonNode node) {
    if (node.isBinary()) {
      return true;
    }
    for (JsonNode child : node) {
      if (holdsBytes(child)) {
        return true;
      }
    }
    return false;
  }

  private static byte[] binary(JsonNode node) {
    try {
      return node.binaryValue();
    } catch (IOException e) {
      throw new Unsendable("body is not bytes");
    }
  }

  private static byte[] base64(String text) {
    try {
      return Base64.getDecoder().decode(text);
    } catch (IllegalArgumentException e) {
      throw new Unsendable("body is not valid base64");
    }
  }

  private static String quoted(String s) {
    return "'" + s.replace("\r", "\\r").replace("\n", "\\n") + "'";
  }

  /** The handler's answer cannot be sent; the message says why (a 500 function-error). */
  static final class Unsendable extends RuntimeException {
    Unsendable(String message) {
      super(message);
    }
  }
}
