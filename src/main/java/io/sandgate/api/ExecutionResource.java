package io.sandgate.api;

import io.sandgate.execution.ExecutionRequest;
import io.sandgate.http.HttpExecutions;
import io.sandgate.http.Routes;
import io.vertx.ext.web.RoutingContext;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * {@code POST /v1/executions}: run one program in a fresh sandbox. Blocking: runs on a worker
 * thread.
 */
@Path(Routes.API + "/executions")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Executions")
public class ExecutionResource {

  private final HttpExecutions executions;
  private final ExecutionRequestParser parser;

  ExecutionResource(HttpExecutions executions, ExecutionRequestParser parser) {
    this.executions = executions;
    this.parser = parser;
  }

  @POST
  @Consumes(MediaType.APPLICATION_JSON)
  @Operation(
      summary = "Run a program",
      description =
          "Runs the program once in a fresh sandbox and answers with the finished run, whatever the"
              + " program did: a failing, timed-out or out-of-memory program is a 200 with isError true.")
  @RequestBody(
      content =
          @Content(
              mediaType = MediaType.APPLICATION_JSON,
              schema = @Schema(ref = "ExecutionRequest"),
              examples =
                  @ExampleObject(
                      name = "hello",
                      value =
                          "{\"code\": \"print(input().upper())\", "
                              + "\"runtime\": \"python3\", \"stdin\": \"hi\", \"timeoutMs\": 5000}")))
  @APIResponse(
      responseCode = "200",
      description = "The finished run",
      content =
          @Content(
              mediaType = MediaType.APPLICATION_JSON,
              schema = @Schema(implementation = ExecutionResponse.class),
              examples =
                  @ExampleObject(
                      name = "ok",
                      value =
                          "{\"stdout\": \"HI\\n\", \"stderr\": \"\", "
                              + "\"combined\": \"HI\\n\", \"exitCode\": 0, \"isError\": false, \"timedOut\": false, "
                              + "\"oomKilled\": false, \"outputTruncated\": false, \"durationMs\": 21, "
                              + "\"runtime\": \"python3\", \"files\": [], \"filesTruncated\": false}")))
  public ExecutionResponse runJson(byte[] body, RoutingContext http) {
    return run(parser.fromJson(body), http);
  }

  /** The body is the program itself, so {@code curl --data-binary @script.py} works. */
  @POST
  @Consumes({MediaType.TEXT_PLAIN, "text/x-python"})
  @Operation(
      summary = "Run a program sent as plain text",
      description =
          "The body is the program, run with every"
              + " default (pypy3, no stdin, no args, 10 s): curl --data-binary @script.py works.")
  @RequestBody(
      content =
          @Content(
              mediaType = MediaType.TEXT_PLAIN,
              examples = @ExampleObject(name = "script", value = "print('hello')")))
  @APIResponse(
      responseCode = "200",
      description = "The finished run",
      content =
          @Content(
              mediaType = MediaType.APPLICATION_JSON,
              schema = @Schema(implementation = ExecutionResponse.class)))
  public ExecutionResponse runText(byte[] body, RoutingContext http) {
    return run(parser.fromText(body), http);
  }

  private ExecutionResponse run(ExecutionRequest request, RoutingContext http) {
    return ExecutionResponse.of(executions.execute(request, http));
  }
}
