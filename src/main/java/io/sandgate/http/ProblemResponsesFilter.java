package io.sandgate.http;

import io.quarkus.smallrye.openapi.OpenApiFilter;
import io.sandgate.tenant.UnauthenticatedException;
import java.util.Map;
import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.Operation;
import org.eclipse.microprofile.openapi.models.PathItem;
import org.eclipse.microprofile.openapi.models.media.Content;
import org.eclipse.microprofile.openapi.models.media.MediaType;
import org.eclipse.microprofile.openapi.models.media.Schema;
import org.eclipse.microprofile.openapi.models.responses.APIResponse;

/**
 * Adds every problem answer, with an example, to every {@code /v1} operation of the OpenAPI
 * description. Runs at build time, once, into the document the gateway serves; it is not run again
 * at start.
 */
@OpenApiFilter(stages = OpenApiFilter.RunStage.BUILD)
public class ProblemResponsesFilter implements OASFilter {

  private static final String PROBLEM_SCHEMA = "Problem";

  @Override
  public void filterOpenAPI(OpenAPI openAPI) {
    openAPI
        .getComponents()
        .addSchema(
            PROBLEM_SCHEMA,
            OASFactory.createSchema()
                .type(java.util.List.of(Schema.SchemaType.OBJECT))
                .description("RFC 9457 problem details")
                .addProperty(
                    "type",
                    OASFactory.createSchema().type(java.util.List.of(Schema.SchemaType.STRING)))
                .addProperty(
                    "title",
                    OASFactory.createSchema().type(java.util.List.of(Schema.SchemaType.STRING)))
                .addProperty(
                    "status",
                    OASFactory.createSchema().type(java.util.List.of(Schema.SchemaType.INTEGER)))
                .addProperty(
                    "detail",
                    OASFactory.createSchema().type(java.util.List.of(Schema.SchemaType.STRING))));
    openAPI
        .getPaths()
        .getPathItems()
        .forEach(
            (path, item) -> {
              if (path.startsWith(Routes.API)) {
                item.getOperations().forEach((method, operation) -> addProblems(method, operation));
              }
            });
  }

  private static void addProblems(PathItem.HttpMethod method, Operation operation) {
    boolean hasBody = method == PathItem.HttpMethod.POST;
    add(
        operation,
        ProblemType.UNAUTHORIZED,
        "no API key, or an unknown one (with WWW-Authenticate: Bearer)",
        UnauthenticatedException.HOW_TO_AUTHENTICATE);
    add(
        operation,
        ProblemType.RATE_LIMITED,
        "the tenant's request rate or concurrency limit; see Retry-After",
        "tenant 'acme' is over its limit of 120 requests per PT1M");
    add(
        operation,
        ProblemType.NO_SANDBOX,
        "no sandbox in time (pool exhausted, Docker down); see Retry-After",
        "no sandbox became free within 5000 ms; retry after 1 s");
    if (hasBody) {
      add(
          operation,
          ProblemType.INVALID_REQUEST,
          "malformed or out-of-range request",
          "'timeoutMs' must be between 1 and 30000 (this tenant's maximum)");
      add(
          operation,
          ProblemType.PAYLOAD_TOO_LARGE,
          "body, code, stdin or args over their limit",
          "'code' is 300000 bytes; the limit is 262144 bytes");
      add(
          operation,
          ProblemType.UNSUPPORTED_MEDIA_TYPE,
          "a content type other than JSON or plain text",
          "send application/json, or the program itself as text/plain or text/x-python");
      add(
          operation,
          ProblemType.SANDBOX_FAILED,
          "the sandbox failed, not the program; not retried",
          "the sandbox failed for a reason that is not the program's; the run was not retried");
    }
  }

  private static void add(
      Operation operation, ProblemType type, String description, String detail) {
    String code = Integer.toString(type.status);
    Problem example = type.with(detail);
    MediaType media =
        OASFactory.createMediaType()
            .schema(OASFactory.createSchema().ref(PROBLEM_SCHEMA))
            .example(
                Map.of(
                    "type",
                    example.type(),
                    "title",
                    example.title(),
                    "status",
                    example.status(),
                    "detail",
                    example.detail()));
    Content content = OASFactory.createContent().addMediaType(Problem.MEDIA_TYPE, media);
    APIResponse response = OASFactory.createAPIResponse().description(description).content(content);
    operation.getResponses().addAPIResponse(code, response);
  }
}
