package io.sandgate.api;

import io.sandgate.execution.RuntimeCatalogue;
import io.sandgate.http.Routes;
import io.sandgate.runtime.PythonRuntime;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** {@code GET /v1/runtimes}: the runtimes and their versions, as read from the runner image. */
@Path(Routes.API + "/runtimes")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Runtimes")
public class RuntimesResource {

  private final RuntimeCatalogue runtimes;

  RuntimesResource(RuntimeCatalogue runtimes) {
    this.runtimes = runtimes;
  }

  @GET
  @Operation(
      summary = "List the runtimes",
      description = "The runtimes and their versions, read from the runner image.")
  @APIResponse(
      responseCode = "200",
      description = "Both runtimes",
      content =
          @Content(
              mediaType = MediaType.APPLICATION_JSON,
              schema = @Schema(implementation = RuntimeInfo.class, type = SchemaType.ARRAY),
              examples =
                  @ExampleObject(
                      name = "runtimes",
                      value =
                          "[{\"name\": \"pypy3\", \"version\": "
                              + "\"3.9.16\"}, {\"name\": \"python3\", \"version\": \"3.11.2\"}]")))
  public List<RuntimeInfo> list() {
    Map<PythonRuntime, String> versions = runtimes.knownVersions();
    return Arrays.stream(PythonRuntime.values())
        .map(r -> new RuntimeInfo(r.id(), versions.get(r)))
        .toList();
  }
}
