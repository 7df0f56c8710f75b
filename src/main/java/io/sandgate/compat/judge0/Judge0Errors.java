package io.sandgate.compat.judge0;

import io.sandgate.http.Problem;
import io.sandgate.http.Routes;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Map;
import java.util.Objects;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;
import org.jboss.resteasy.reactive.server.ServerResponseFilter;

/**
 * Errors of the Judge0 routes in Judge0's shapes: {@code 422 {"field": ["message"]}} for a
 * submission that fails its checks, {@code {"error": "..."}} for the rest — Sandgate's own problems
 * too (a missing key, a rate limit, no sandbox), with their status and headers.
 */
class Judge0Errors {

  @ServerExceptionMapper
  Response refused(Judge0Refusal e) {
    return Response.status(e.status)
        .type(MediaType.APPLICATION_JSON)
        .entity(Map.of("error", e.getMessage()))
        .build();
  }

  @ServerExceptionMapper
  Response invalid(Judge0Invalid e) {
    return Response.status(422).type(MediaType.APPLICATION_JSON).entity(e.errors).build();
  }

  @ServerResponseFilter
  void asJudge0Error(ContainerRequestContext request, ContainerResponseContext response) {
    if (response.getEntity() instanceof Problem problem
        && Routes.under(request.getUriInfo().getPath(), Routes.JUDGE0)) {
      String message = Objects.requireNonNullElse(problem.detail(), problem.title());
      response.setEntity(Map.of("error", message), null, MediaType.APPLICATION_JSON_TYPE);
    }
  }
}
