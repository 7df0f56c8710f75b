package io.sandgate.http;

import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The APIs a client comes in by, each with its routes and the shape of its errors: Sandgate's own
 * as RFC 9457 problems, Piston's as {@code {"message": "..."}}, Judge0's as {@code {"error":
 * "..."}}. A door's own refusals are mapped in its resource; this shape also covers the problems
 * answered before any resource runs (a missing key, the rate limit, an unknown path or method).
 */
public enum FrontDoor {
  API(null, List.of(Routes.API)),
  FUNCTIONS(null, List.of(Routes.FUNCTIONS)),
  PISTON("message", List.of(Routes.PISTON)),
  JUDGE0("error", Routes.JUDGE0);

  /** The tenant APIs: every request authenticated with a key. */
  static final List<String> AUTHENTICATED =
      Arrays.stream(values())
          .filter(d -> d != FUNCTIONS)
          .flatMap(d -> d.prefixes.stream())
          .toList();

  /** The field of a compatible API's error body; null for problem+json. */
  private final String messageField;

  private final List<String> prefixes;

  FrontDoor(String messageField, List<String> prefixes) {
    this.messageField = messageField;
    this.prefixes = prefixes;
  }

  /** The door {@code path} belongs to; Sandgate's own for any path outside every API. */
  static FrontDoor of(String path) {
    for (FrontDoor door : values()) {
      if (Routes.under(path, door.prefixes)) {
        return door;
      }
    }
    return API;
  }

  /** {@code problem} as this door writes an error, with the problem's status. */
  Response.ResponseBuilder answer(Problem problem) {
    if (messageField == null) {
      return Response.status(problem.status()).type(Problem.MEDIA_TYPE).entity(problem);
    }
    return Response.status(problem.status())
        .type(MediaType.APPLICATION_JSON)
        .entity(
            Map.of(messageField, Objects.requireNonNullElse(problem.detail(), problem.title())));
  }

  /** A refusal of this door's own API, in its shape: {@code message} with {@code status}. */
  public Response refusal(int status, String message) {
    return Response.status(status)
        .type(MediaType.APPLICATION_JSON)
        .entity(Map.of(messageField, message))
        .build();
  }
}
