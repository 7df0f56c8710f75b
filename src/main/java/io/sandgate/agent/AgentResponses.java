package io.sandgate.agent;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;

/** Turns an agent's status and body into a wire record or an {@link AgentException}. */
final class AgentResponses {

  private static final int ERROR_BYTES = 1024;

  private AgentResponses() {}

  /**
   * @throws IOException when the body cannot be read (as opposed to read and found invalid)
   */
  static <T> T decode(ObjectMapper json, int status, InputStream body, Class<T> type)
      throws IOException {
    if (status == 409) {
      throw new AgentException(
          AgentException.Reason.ALREADY_USED, "the sandbox has already run a program");
    }
    if (status != 200) {
      throw new AgentException(
          AgentException.Reason.FAILED, "agent answered HTTP " + status + errorOf(json, body));
    }
    try {
      // Trailing tokens are checked, so the whole declared body is read: a short one fails as I/O.
      return json.readerFor(type)
          .with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .readValue(body);
    } catch (JacksonException e) {
      throw new AgentException(AgentException.Reason.FAILED, "agent answer is not valid", e);
    }
  }

  /**
   * The agent's {@code error} text, from the first KiB of its answer: for logs, never for clients.
   */
  private static String errorOf(ObjectMapper json, InputStream body) {
    try {
      String error = json.readTree(body.readNBytes(ERROR_BYTES)).path("error").asText("");
      return error.isEmpty() ? "" : ": " + error;
    } catch (IOException | RuntimeException e) {
      return "";
    }
  }
}
