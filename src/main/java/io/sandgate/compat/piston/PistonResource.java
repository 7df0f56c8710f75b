package io.sandgate.compat.piston;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.logging.Log;
import io.sandgate.execution.ExecutionLimits;
import io.sandgate.execution.RuntimeCatalogue;
import io.sandgate.execution.SandboxFailedException;
import io.sandgate.http.FrontDoor;
import io.sandgate.http.HttpExecutions;
import io.sandgate.http.Routes;
import io.sandgate.runtime.PythonRuntime;
import io.vertx.ext.web.RoutingContext;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * Piston's v2 API, so that clients written for Piston run unchanged: {@code GET /api/v2/runtimes}
 * and {@code POST /api/v2/execute}. Errors are Piston's {@code {"message"}} ({@link
 * FrontDoor#PISTON}).
 */
@Path(Routes.PISTON)
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Piston v2")
public class PistonResource {

  private final HttpExecutions executions;
  private final RuntimeCatalogue runtimes;
  private final ObjectMapper json;
  private final long maxOutputBytes;
  private final long sandboxMemoryBytes;

  PistonResource(
      HttpExecutions executions,
      RuntimeCatalogue runtimes,
      ObjectMapper json,
      ExecutionLimits limits) {
    this.executions = executions;
    this.runtimes = runtimes;
    this.json = json;
    this.maxOutputBytes = limits.maxOutputBytes().asLongValue();
    // Piston's languages all run in sandboxes of the default runtime's size.
    this.sandboxMemoryBytes = runtimes.memoryBytes(PythonRuntime.DEFAULT);
  }

  @GET
  @Path("/runtimes")
  @Operation(
      summary = "Piston: list the runtimes",
      description =
          "Piston's runtimes list: python (CPython) and"
              + " pypy, with their aliases, at the runner image's versions.")
  @APIResponse(
      responseCode = "200",
      description = "The runtimes",
      content =
          @Content(
              mediaType = MediaType.APPLICATION_JSON,
              examples =
                  @ExampleObject(
                      name = "runtimes",
                      value =
                          "[{\"language\":"
                              + " \"python\", \"version\": \"3.11.2\", \"aliases\": [\"py\", \"py3\", \"python3\"]}, {\"language\":"
                              + " \"pypy\", \"version\": \"3.9.16\", \"aliases\": [\"pypy3\"]}]")))
  public List<PistonRuntime> runtimes() {
    Map<PythonRuntime, String> versions = runtimes.knownVersions();
    return Arrays.stream(PistonLanguage.values())
        .map(l -> new PistonRuntime(l.language, versions.get(l.runtime), l.aliases))
        .toList();
  }

  /** Read as JSON whatever the Content-Type: Piston's common clients send text/plain. */
  @POST
  @Path("/execute")
  @Consumes(MediaType.WILDCARD)
  @Operation(
      summary = "Piston: run a program",
      description =
          "Piston's execute: the first UTF-8 file is the"
              + " program, the others are written beside it; run_timeout defaults to 3000 ms and may not exceed the"
              + " tenant's longest run.")
  @RequestBody(
      content =
          @Content(
              mediaType = MediaType.APPLICATION_JSON,
              examples =
                  @ExampleObject(
                      name = "hello",
                      value =
                          "{\"language\": \"python\", \"version\": \"3.x\", \"files\": [{\"name\": \"main.py\", \"content\":"
                              + " \"print(input())\"}], \"stdin\": \"hi\"}")))
  @APIResponse(
      responseCode = "200",
      description = "The finished run",
      content =
          @Content(
              mediaType = MediaType.APPLICATION_JSON,
              examples =
                  @ExampleObject(
                      name = "ok",
                      value =
                          "{\"language\":"
                              + " \"python\", \"version\": \"3.11.2\", \"run\": {\"stdout\": \"hi\\n\", \"stderr\": \"\","
                              + " \"output\": \"hi\\n\", \"code\": 0, \"signal\": null, \"message\": null, \"status\": null,"
                              + " \"cpu_time\": null, \"wall_time\": 21, \"memory\": null}}")))
  @APIResponse(
      responseCode = "400",
      description = "Refused as Piston refuses it",
      content =
          @Content(
              mediaType = MediaType.APPLICATION_JSON,
              examples =
                  @ExampleObject(
                      name = "unknown",
                      value = "{\"message\":" + " \"cobol-* runtime is unknown\"}")))
  public PistonExecution execute(byte[] body, RoutingContext http) {
    PistonJob job =
        PistonJob.parse(
            read(body),
            runtimes::knownVersions,
            new PistonJob.Limits(executions.tenant().maxTimeout().toMillis(), sandboxMemoryBytes));
    PistonExecution.Stage run;
    try {
      run = PistonStatus.stage(executions.execute(job.request(), http), maxOutputBytes);
    } catch (SandboxFailedException e) {
      Log.errorf(e, "sandbox failure (Piston execute)");
      run = PistonStatus.sandboxFailed();
    }
    return new PistonExecution(job.language().language, job.version(), run);
  }

  private JsonNode read(byte[] body) {
    try {
      JsonNode root = json.readTree(body);
      return root == null ? json.createObjectNode() : root;
    } catch (JacksonException e) {
      throw new PistonRefusal("the request body is not valid JSON");
    } catch (IOException e) {
      throw new PistonRefusal("the request body could not be read");
    }
  }

  @ServerExceptionMapper
  Response refused(PistonRefusal e) {
    return FrontDoor.PISTON.refusal(400, e.getMessage());
  }
}
