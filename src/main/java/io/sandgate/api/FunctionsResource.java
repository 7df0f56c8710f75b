package io.sandgate.api;

import io.sandgate.fn.FunctionOrigin;
import io.sandgate.fn.FunctionUrls;
import io.sandgate.function.FunctionFailedException;
import io.sandgate.function.FunctionService;
import io.sandgate.function.FunctionStore;
import io.sandgate.function.FunctionVersion;
import io.sandgate.http.HttpExecutions;
import io.sandgate.http.RequestTenant;
import io.sandgate.http.Routes;
import io.vertx.ext.web.RoutingContext;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** {@code /v1/functions}: deploy, read, delete and test-call a tenant's functions. Blocking. */
@Path(Routes.API + "/functions")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Functions")
public class FunctionsResource {

  private final FunctionService functions;
  private final HttpExecutions executions;
  private final FunctionDeployParser deploys;
  private final FunctionEventParser events;
  private final RequestTenant tenant;
  private final FunctionUrls urls;

  FunctionsResource(
      FunctionService functions,
      HttpExecutions executions,
      FunctionDeployParser deploys,
      FunctionEventParser events,
      RequestTenant tenant,
      FunctionUrls urls) {
    this.urls = urls;
    this.functions = functions;
    this.executions = executions;
    this.deploys = deploys;
    this.events = events;
    this.tenant = tenant;
  }

  @PUT
  @Path("{name}")
  @Consumes(MediaType.APPLICATION_JSON)
  @Operation(
      summary = "Deploy a function",
      description =
          "Stores a new immutable version: 201 for a new function,"
              + " 200 for a new version of an existing one.")
  @RequestBody(
      content =
          @Content(
              mediaType = MediaType.APPLICATION_JSON,
              examples =
                  @ExampleObject(
                      name = "hello",
                      value =
                          "{\"code\": \"def handler(event):\\n    return {'hello': event['path']}\\n\", \"runtime\": \"python3\"}")))
  public Response deploy(@PathParam("name") String name, byte[] body, RoutingContext http) {
    FunctionStore.Deployed deployed = functions.deploy(tenant.tenant(), name, deploys.parse(body));
    return Response.status(deployed.created() ? 201 : 200)
        .entity(info(deployed.version(), http))
        .build();
  }

  @GET
  @Operation(summary = "List functions", description = "Each function's latest version.")
  public Map<String, List<FunctionInfo>> list(RoutingContext http) {
    return Map.of(
        "functions", functions.list(tenant.tenant()).stream().map(v -> info(v, http)).toList());
  }

  @GET
  @Path("{name}")
  @Operation(
      summary = "Read a function",
      description = "The latest version with its code, and the versions kept.")
  public FunctionInfo get(@PathParam("name") String name, RoutingContext http) {
    FunctionVersion latest = functions.latest(tenant.tenant(), name);
    return info(latest, http).withCode(latest, functions.versions(tenant.tenant(), name));
  }

  @GET
  @Path("{name}/versions/{version}")
  @Operation(summary = "Read one version of a function, with its code")
  public FunctionInfo version(
      @PathParam("name") String name, @PathParam("version") int version, RoutingContext http) {
    FunctionVersion v = functions.version(tenant.tenant(), name, version);
    return info(v, http).withCode(v, null);
  }

  private FunctionInfo info(FunctionVersion v, RoutingContext http) {
    return FunctionInfo.of(v, urls.of(v.tenant(), v.name(), http));
  }

  @DELETE
  @Path("{name}")
  @Operation(
      summary = "Delete a function",
      description = "Every version and the logs; its URL answers 404.")
  public Response delete(@PathParam("name") String name) {
    functions.delete(tenant.tenant(), name);
    return Response.noContent().build();
  }

  @POST
  @Path("{name}/invoke")
  @Operation(
      summary = "Test-call a function",
      description =
          "The body is the event (every field optional); the"
              + " answer is what an HTTP caller would get, with what the handler printed.")
  @RequestBody(
      content =
          @Content(
              mediaType = MediaType.APPLICATION_JSON,
              examples =
                  @ExampleObject(
                      name = "get",
                      value =
                          "{\"method\": \"GET\", \"path\": \"/hello\", \"query\": {\"q\": [\"1\"]}}")))
  public InvokeResult invoke(@PathParam("name") String name, byte[] body, RoutingContext http) {
    FunctionVersion function = functions.latest(tenant.tenant(), name);
    var event = events.parse(body, function, FunctionService.newRequestId());
    Executor handBack = executions.handBackAfterAnswer(http, tenant.tenant());
    try {
      return InvokeResult.of(
          functions.invoke(
              tenant.tenant(),
              function,
              event,
              FunctionOrigin.API_PORT.cookiePath(tenant.tenant().name()),
              handBack),
          function.version());
    } catch (FunctionFailedException e) {
      return InvokeResult.of(e, function.version());
    }
  }

  @GET
  @Path("{name}/logs")
  @Operation(summary = "A function's latest invocations, newest first")
  public Map<String, Object> logs(@PathParam("name") String name) {
    return Map.of("invocations", functions.logs(tenant.tenant(), name));
  }
}
