package io.sandgate.agent;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/** The agent's HTTP API (runner-image/README.md) as a MicroProfile REST client, for {@link TcpTransport}. */
@Path("/")
@Produces(MediaType.APPLICATION_JSON)
@RegisterRestClient(configKey = "sandgate-agent")
interface AgentApi {

    @GET
    @Path("health")
    AgentHealth health();

    @POST
    @Path("run")
    @Consumes(MediaType.APPLICATION_JSON)
    AgentRunResult run(AgentRunRequest request);
}
