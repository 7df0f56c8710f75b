package io.sandgate.http;

import io.quarkus.logging.Log;
import io.sandgate.execution.InvalidRequestException;
import io.sandgate.execution.RequestTooLargeException;
import io.sandgate.execution.SandboxFailedException;
import io.sandgate.execution.SandboxUnavailableException;
import io.sandgate.function.FunctionNotFoundException;
import io.sandgate.function.FunctionStore;
import io.sandgate.store.StoreException;
import io.sandgate.tenant.TenantLimitException;
import io.sandgate.tenant.UnauthenticatedException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.io.IOException;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * Where exceptions become RFC 9457 problem responses: one method per exception type. Details come
 * from our own messages only: never Docker's or the agent's text, never a stack trace. Client
 * mistakes log one line; a 5xx logs once, with its stack trace. Each is written in the shape of the
 * API it came in by ({@link FrontDoor}).
 */
class ProblemMapper {

  private final UriInfo request;

  ProblemMapper(UriInfo request) {
    this.request = request;
  }

  @ServerExceptionMapper
  Response invalid(InvalidRequestException e) {
    return clientMistake(ProblemType.INVALID_REQUEST.with(e.getMessage()));
  }

  @ServerExceptionMapper
  Response tooLarge(RequestTooLargeException e) {
    return clientMistake(ProblemType.PAYLOAD_TOO_LARGE.with(e.getMessage()));
  }

  @ServerExceptionMapper
  Response unauthenticated(UnauthenticatedException e) {
    return Response.fromResponse(respond(ProblemType.UNAUTHORIZED.with(e.getMessage())))
        .header(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"sandgate\"")
        .build();
  }

  @ServerExceptionMapper
  Response tenantLimit(TenantLimitException e) {
    ProblemType type =
        e.limit() == TenantLimitException.Limit.RATE
            ? ProblemType.RATE_LIMITED
            : ProblemType.CONCURRENCY_LIMITED;
    return respond(type.with(e.getMessage()), e.retryAfterSeconds());
  }

  @ServerExceptionMapper
  Response noSandbox(SandboxUnavailableException e) {
    return respond(
        ProblemType.NO_SANDBOX.with(
            e.getMessage() + "; retry after " + e.retryAfterSeconds() + " s"),
        e.retryAfterSeconds());
  }

  @ServerExceptionMapper
  Response functionNotFound(FunctionNotFoundException e) {
    return clientMistake(ProblemType.NOT_FOUND.with(e.getMessage()));
  }

  @ServerExceptionMapper
  Response functionQuota(FunctionStore.QuotaExceededException e) {
    return clientMistake(ProblemType.FUNCTION_QUOTA.with(e.getMessage()));
  }

  @ServerExceptionMapper
  Response storeFailed(StoreException e) {
    Log.errorf(e, "store failure");
    return respond(
        ProblemType.STORE_UNAVAILABLE.with("the function store did not answer; retry later"), 5);
  }

  @ServerExceptionMapper
  Response sandboxFailed(SandboxFailedException e) {
    Log.errorf(e, "sandbox failure");
    return respond(
        ProblemType.SANDBOX_FAILED.with(
            "the sandbox failed for a reason that is not the program's; the run was not retried"));
  }

  /** Framework-raised client errors (unknown path, wrong method or media type, unreadable body). */
  @ServerExceptionMapper
  Response framework(WebApplicationException e) {
    int status = e.getResponse().getStatus();
    if (status >= 500) {
      return unexpected(e);
    }
    return clientMistake(fromStatus(status));
  }

  /**
   * Reading the request failed: the client went away mid-body, or its connection was cut as idle.
   */
  @ServerExceptionMapper
  Response unreadable(IOException e) {
    Log.infof("refused 400: the request could not be read (%s)", e.getClass().getSimpleName());
    return respond(ProblemType.INVALID_REQUEST.with("the request body could not be read"));
  }

  @ServerExceptionMapper
  Response unexpected(Throwable e) {
    Log.errorf(e, "unexpected error");
    return respond(ProblemType.INTERNAL.with("an unexpected error occurred; it has been logged"));
  }

  static Problem fromStatus(int status) {
    return switch (status) {
      case 404 -> ProblemType.NOT_FOUND.with("there is no resource at this path");
      case 405 -> ProblemType.METHOD_NOT_ALLOWED.with("this resource does not accept that method");
      case 406 -> ProblemType.NOT_ACCEPTABLE.with("the answer is application/json");
      case 413 -> ProblemType.PAYLOAD_TOO_LARGE.with("the request body is too large");
      case 415 ->
          ProblemType.UNSUPPORTED_MEDIA_TYPE.with(
              "send application/json, or the program itself as text/plain or text/x-python");
      default ->
          new Problem(
              ProblemType.INVALID_REQUEST.type, "Bad request", status, "the request was refused");
    };
  }

  private Response clientMistake(Problem problem) {
    // The type only: a detail can quote the request, and requests carry untrusted code.
    Log.infof("refused %d %s", problem.status(), problem.type());
    return respond(problem);
  }

  private Response respond(Problem problem) {
    return FrontDoor.of(request.getPath()).answer(problem).build();
  }

  private Response respond(Problem problem, long retryAfterSeconds) {
    return FrontDoor.of(request.getPath())
        .answer(problem)
        .header(HttpHeaders.RETRY_AFTER, retryAfterSeconds)
        .build();
  }
}
