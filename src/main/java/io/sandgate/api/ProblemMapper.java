package io.sandgate.api;

import io.quarkus.logging.Log;
import io.sandgate.execution.InvalidRequestException;
import io.sandgate.execution.RequestTooLargeException;
import io.sandgate.execution.SandboxFailedException;
import io.sandgate.pool.NoSandboxException;
import io.sandgate.tenant.TenantLimitException;
import io.sandgate.tenant.UnauthenticatedException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import java.io.IOException;

/**
 * The one place exceptions become RFC 9457 problem responses. Details come from our own
 * messages only: never Docker's or the agent's text, never a stack trace.
 */
@Provider
public class ProblemMapper implements ExceptionMapper<Throwable> {

    @Override
    public Response toResponse(Throwable error) {
        if (error instanceof InvalidRequestException e) {
            return respond(ProblemType.INVALID_REQUEST.with(e.getMessage()));
        }
        if (error instanceof RequestTooLargeException e) {
            return respond(ProblemType.PAYLOAD_TOO_LARGE.with(e.getMessage()));
        }
        if (error instanceof UnauthenticatedException e) {
            return Response.fromResponse(respond(ProblemType.UNAUTHORIZED.with(e.getMessage())))
                    .header(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"sandgate\"").build();
        }
        if (error instanceof TenantLimitException e) {
            ProblemType type = e.limit() == TenantLimitException.Limit.RATE
                    ? ProblemType.RATE_LIMITED : ProblemType.CONCURRENCY_LIMITED;
            return respond(type.with(e.getMessage()), e.retryAfterSeconds());
        }
        if (error instanceof NoSandboxException e) {
            return respond(ProblemType.NO_SANDBOX.with(e.getMessage() + "; retry after "
                    + e.retryAfterSeconds() + " s"), e.retryAfterSeconds());
        }
        if (error instanceof SandboxFailedException e) {
            Log.errorf(e, "sandbox failure");
            return respond(ProblemType.SANDBOX_FAILED.with(
                    "the sandbox failed for a reason that is not the program's; the run was not retried"));
        }
        if (error instanceof IOException e && "Request too large".equals(e.getMessage())) {
            // A chunked body passed quarkus.http.limits.max-body-size while being read.
            return respond(ProblemType.PAYLOAD_TOO_LARGE.with("the request body is over the limit"));
        }
        if (error instanceof WebApplicationException e && e.getResponse().getStatus() < 500) {
            return respond(fromStatus(e.getResponse().getStatus()));
        }
        Log.errorf(error, "unexpected error");
        return respond(ProblemType.INTERNAL.with("an unexpected error occurred; it has been logged"));
    }

    /** Framework-raised client errors (unknown path, wrong method or media type). */
    static Problem fromStatus(int status) {
        return switch (status) {
            case 404 -> ProblemType.NOT_FOUND.with("there is no resource at this path");
            case 405 -> ProblemType.METHOD_NOT_ALLOWED.with("this resource does not accept that method");
            case 406 -> ProblemType.NOT_ACCEPTABLE.with("the answer is application/json");
            case 413 -> ProblemType.PAYLOAD_TOO_LARGE.with("the request body is too large");
            case 415 -> ProblemType.UNSUPPORTED_MEDIA_TYPE.with(
                    "send application/json, or the program itself as text/plain or text/x-python");
            default -> new Problem(ProblemType.INVALID_REQUEST.type, "Bad request", status, "the request was refused");
        };
    }

    static Response respond(Problem problem) {
        return Response.status(problem.status()).type(Problem.MEDIA_TYPE).entity(problem).build();
    }

    static Response respond(Problem problem, long retryAfterSeconds) {
        return Response.status(problem.status()).type(Problem.MEDIA_TYPE).entity(problem)
                .header(HttpHeaders.RETRY_AFTER, retryAfterSeconds).build();
    }
}
