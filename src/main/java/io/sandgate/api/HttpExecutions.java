package io.sandgate.api;

import io.sandgate.execution.ExecutionRequest;
import io.sandgate.execution.ExecutionResult;
import io.sandgate.execution.ExecutionService;
import io.sandgate.tenant.Tenant;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.Executor;

/**
 * A run for an HTTP request, as every API that runs programs needs it: as the request's tenant,
 * with the connection's idle timeout lifted for as long as the run may take, and the used sandbox
 * handed back once the answer is out.
 */
@ApplicationScoped
public class HttpExecutions {

    private final ExecutionService executions;
    private final RequestTenant tenant;

    HttpExecutions(ExecutionService executions, RequestTenant tenant) {
        this.executions = executions;
        this.tenant = tenant;
    }

    /** The authenticated tenant of the current request. */
    public Tenant tenant() {
        return tenant.tenant();
    }

    public ExecutionResult execute(ExecutionRequest request, RoutingContext http) {
        Tenant current = tenant.tenant();
        return executions.execute(current, request, handBackAfterAnswer(http, current));
    }

    /**
     * Readies the request's connection for a run of {@code runner} and gives the executor that
     * hands its sandbox back: the body is in, so from here nothing crosses the connection until
     * the answer (its idle timeout lifted for as long as the run may take), and the sandbox goes
     * back once the answer is out.
     */
    Executor handBackAfterAnswer(RoutingContext http, Tenant runner) {
        ConnectionIdleTimeout.extendFor(http, executions.longestAnswer(runner));
        AfterResponse afterResponse = new AfterResponse();
        http.addEndHandler(ended -> afterResponse.responseOver());
        return afterResponse;
    }
}
