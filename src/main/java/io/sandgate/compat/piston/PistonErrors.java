package io.sandgate.compat.piston;

import io.sandgate.http.Problem;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Map;
import java.util.Objects;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;
import org.jboss.resteasy.reactive.server.ServerResponseFilter;

/**
 * Errors under {@code /api/v2} in Piston's shape, {@code {"message": "..."}}, with the status and
 * headers (Retry-After, WWW-Authenticate) that Sandgate's problem answer has.
 */
class PistonErrors {

  static final String PREFIX = "/api/v2/";

  @ServerExceptionMapper
  Response refused(PistonRefusal e) {
    return Response.status(400)
        .type(MediaType.APPLICATION_JSON)
        .entity(Map.of("message", e.getMessage()))
        .build();
  }

  @ServerResponseFilter
  void asPistonMessage(ContainerRequestContext request, ContainerResponseContext response) {
    if (response.getEntity() instanceof Problem problem
        && request.getUriInfo().getPath().startsWith(PREFIX)) {
      String message = Objects.requireNonNullElse(problem.detail(), problem.title());
      response.setEntity(Map.of("message", message), null, MediaType.APPLICATION_JSON_TYPE);
    }
  }
}
