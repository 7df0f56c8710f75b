package io.sandgate.agent;

import io.quarkus.runtime.annotations.RegisterForProxy;
import io.quarkus.runtime.annotations.RegisterForReflection;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.concurrent.CompletionStage;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/**
 * The in-container agent's HTTP API (see runner-image/README.md). Two transports serve it: the
 * MicroProfile REST client over TCP (base URL set per sandbox) and {@link UnixSocketAgentApi}, a
 * proxy over the Unix socket that reads these same annotations.
 */
@Path("/")
@Produces(MediaType.APPLICATION_JSON)
@RegisterRestClient(configKey = "sandgate-agent")
@RegisterForProxy
@RegisterForReflection(methods = true)
interface AgentApi {

    /** Runtime versions; answers once the agent is ready. */
    @GET
    @Path("health")
    CompletionStage<AgentHealth> health();

    /** Runs the one program this sandbox will ever run. */
    @POST
    @Path("run")
    @Consumes(MediaType.APPLICATION_JSON)
    CompletionStage<AgentRunResult> run(AgentRunRequest request);
}
