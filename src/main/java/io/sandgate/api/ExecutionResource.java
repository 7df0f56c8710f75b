package io.sandgate.api;

import io.sandgate.execution.ExecutionRequest;
import io.sandgate.execution.ExecutionService;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** {@code POST /v1/executions}: run one program in a fresh sandbox. Blocking: runs on a worker thread. */
@Path("/v1/executions")
@Produces(MediaType.APPLICATION_JSON)
public class ExecutionResource {

    private final ExecutionService executions;
    private final ExecutionRequestParser parser;
    private final RequestTenant tenant;

    ExecutionResource(ExecutionService executions, ExecutionRequestParser parser, RequestTenant tenant) {
        this.executions = executions;
        this.parser = parser;
        this.tenant = tenant;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public ExecutionResponse runJson(byte[] body) {
        return run(parser.fromJson(body));
    }

    /** The body is the program itself, so {@code curl --data-binary @script.py} works. */
    @POST
    @Consumes({MediaType.TEXT_PLAIN, "text/x-python"})
    public ExecutionResponse runText(byte[] body) {
        return run(parser.fromText(body));
    }

    private ExecutionResponse run(ExecutionRequest request) {
        return ExecutionResponse.of(executions.execute(tenant.tenant(), request));
    }
}
