package io.sandgate.compat.judge0;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sandgate.execution.ExecutionLimits;
import io.sandgate.execution.InvalidRequestException;
import io.sandgate.execution.RequestTooLargeException;
import io.sandgate.execution.RequestValidator;
import io.sandgate.execution.RuntimeCatalogue;
import io.sandgate.http.FrontDoor;
import io.sandgate.http.HttpExecutions;
import io.sandgate.http.Routes;
import io.sandgate.runtime.PythonRuntime;
import io.sandgate.tenant.Tenant;
import io.vertx.ext.web.RoutingContext;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
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
 * Judge0 CE's API, so that clients written for Judge0 run unchanged: submissions (single and batch,
 * {@code wait=true} and asynchronous), languages, statuses, about. Errors are Judge0's shapes:
 * {@code 422 {"field": ["message"]}} for a submission that fails its checks, {@code {"error":
 * "..."}} for the rest ({@link FrontDoor#JUDGE0}), Sandgate's own problems too.
 */
@Path("/")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Judge0 CE")
public class Judge0Resource {

  static final String VERSION = "1.13.1";
  private static final int MAX_BATCH = 20;

  private final HttpExecutions executions;
  private final RequestValidator validator;
  private final Judge0Runs runs;
  private final Judge0Callbacks callbacks;
  private final RuntimeCatalogue runtimes;
  private final ObjectMapper json;
  private final long maxOutputBytes;

  Judge0Resource(
      HttpExecutions executions,
      RequestValidator validator,
      Judge0Runs runs,
      Judge0Callbacks callbacks,
      RuntimeCatalogue runtimes,
      ObjectMapper json,
      ExecutionLimits limits) {
    this.maxOutputBytes = limits.maxOutputBytes().asLongValue();
    this.executions = executions;
    this.validator = validator;
    this.runs = runs;
    this.callbacks = callbacks;
    this.runtimes = runtimes;
    this.json = json;
  }

  @POST
  @Path(Routes.JUDGE0_SUBMISSIONS)
  @Consumes(MediaType.WILDCARD)
  @Operation(
      summary = "Judge0: create a submission",
      description =
          "wait=false (the default): 201 {\"token\"} at"
              + " once, the run queued; wait=true: runs it and answers with its fields.")
  @RequestBody(
      content =
          @Content(
              mediaType = MediaType.APPLICATION_JSON,
              examples =
                  @ExampleObject(
                      name = "hello",
                      value =
                          "{\"source_code\": \"print(f'hello, {input()}')\", \"language_id\": 71, \"stdin\": \"Judge0\","
                              + " \"expected_output\": \"hello, Judge0\"}")))
  @APIResponse(
      responseCode = "201",
      description = "Accepted (wait=false) or finished (wait=true)",
      content =
          @Content(
              mediaType = MediaType.APPLICATION_JSON,
              examples =
                  @ExampleObject(
                      name = "finished",
                      value =
                          "{\"stdout\":"
                              + " \"hello, Judge0\\n\", \"time\": \"0.021\", \"memory\": null, \"stderr\": null, \"token\":"
                              + " \"eb0dd001-66db-47f4-8a69-b736c9bc23f6\", \"compile_output\": null, \"message\": null,"
                              + " \"status\": {\"id\": 3, \"description\": \"Accepted\"}}")))
  @APIResponse(
      responseCode = "422",
      description = "Judge0's checks failed",
      content =
          @Content(
              mediaType = MediaType.APPLICATION_JSON,
              examples =
                  @ExampleObject(
                      name = "unknown language",
                      value = "{\"language_id\": [\"language with id 150000 doesn't exist\"]}")))
  public Response create(
      @QueryParam("base64_encoded") @DefaultValue("false") Judge0Flag base64,
      @QueryParam("wait") @DefaultValue("false") Judge0Flag wait,
      @QueryParam("fields") String fields,
      byte[] body,
      RoutingContext http) {
    Judge0Text encoding = Judge0Text.of(base64);
    List<String> shown = Judge0Fields.parse(fields);
    Judge0Submission submission = valid(parse(read(body), encoding));
    Tenant tenant = executions.tenant();
    if (!wait.on()) {
      String token = runs.enqueue(tenant, List.of(submission), () -> {}).get(0);
      return Response.status(201).entity(Map.of("token", token)).build();
    }
    Judge0Record record =
        runs.runNow(tenant, submission, request -> executions.execute(request, http));
    return Response.status(201)
        .entity(Judge0Fields.render(record, shown, encoding, runtimes.versions()))
        .build();
  }

  @GET
  @Path(Routes.JUDGE0_SUBMISSIONS + "/{token}")
  @Operation(
      summary = "Judge0: read a submission",
      description =
          "Its fields (fields=a,b or *), while it is kept" + " (sandgate.judge0.retention).")
  public Map<String, Object> show(
      @PathParam("token") String token,
      @QueryParam("base64_encoded") @DefaultValue("false") Judge0Flag base64,
      @QueryParam("fields") String fields) {
    List<String> shown = Judge0Fields.parse(fields);
    Judge0Record record =
        runs.find(executions.tenant(), token)
            .orElseThrow(() -> new Judge0Refusal(404, "submission " + token + " not found"));
    return Judge0Fields.render(record, shown, Judge0Text.of(base64), runtimes.versions());
  }

  @POST
  @Path(Routes.JUDGE0_SUBMISSIONS + "/batch")
  @Consumes(MediaType.WILDCARD)
  @Operation(
      summary = "Judge0: create up to 20 submissions",
      description =
          "Each checked on its own: a token or"
              + " its errors, in order; 201 if any was accepted, else 422. Each accepted submission spends one request"
              + " of the tenant's rate: 429, nothing queued, when they do not all fit.")
  public Response batchCreate(
      @QueryParam("base64_encoded") @DefaultValue("false") Judge0Flag base64, byte[] body) {
    if (countSubmissions(body) > MAX_BATCH) {
      checkBatchSize(MAX_BATCH + 1);
    }
    JsonNode root = read(body);
    JsonNode items = root.get("submissions");
    int count = items == null || !items.isArray() ? 0 : items.size();
    checkBatchSize(count);
    Judge0Text encoding = Judge0Text.of(base64);
    List<Object> answers = new ArrayList<>(count);
    List<Judge0Submission> accepted = new ArrayList<>();
    List<Integer> positions = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      Judge0SubmissionParser.Parsed parsed = parse(items.get(i), encoding);
      Map<String, List<String>> refused =
          parsed.valid() ? sandgateRefusal(parsed.submission()) : parsed.errors();
      answers.add(refused);
      if (refused == null) {
        accepted.add(parsed.submission());
        positions.add(i);
      }
    }
    // One rate token per submission, all or none: the request paid for one, the rest are spent once
    // the queue holds places for them all (a 503 spends no more), and a 429 queues nothing.
    if (!accepted.isEmpty()) {
      List<String> tokens =
          runs.enqueue(
              executions.tenant(),
              accepted,
              () -> {
                if (accepted.size() > 1) {
                  executions.spendRuns(accepted.size());
                }
              });
      for (int i = 0; i < tokens.size(); i++) {
        answers.set(positions.get(i), Map.of("token", tokens.get(i)));
      }
    }
    return Response.status(accepted.isEmpty() ? 422 : 201).entity(answers).build();
  }

  @GET
  @Path(Routes.JUDGE0_SUBMISSIONS + "/batch")
  @Operation(
      summary = "Judge0: read up to 20 submissions",
      description =
          "{\"submissions\": [...]} in the order of" + " tokens, null for a token not found.")
  public Map<String, Object> batchShow(
      @QueryParam("tokens") String tokensParam,
      @HeaderParam("tokens") String tokensHeader,
      @QueryParam("base64_encoded") @DefaultValue("false") Judge0Flag base64,
      @QueryParam("fields") String fields) {
    String joined = tokensHeader != null ? tokensHeader : tokensParam;
    List<String> tokens =
        joined == null || joined.isBlank() ? List.of() : List.of(joined.strip().split(","));
    checkBatchSize(tokens.size());
    List<String> shown = Judge0Fields.parse(fields);
    Tenant tenant = executions.tenant();
    List<Judge0Record> found = tokens.stream().map(t -> runs.find(tenant, t).orElse(null)).toList();
    return Map.of(
        "submissions",
        Judge0Fields.render(found, shown, Judge0Text.of(base64), runtimes.versions()));
  }

  @GET
  @Path(Routes.JUDGE0_LANGUAGES)
  @Operation(
      summary = "Judge0: the languages",
      description = "71: CPython 3 (Judge0's id), 1071: PyPy 3.")
  public List<Judge0Language.Summary> languages() {
    Map<PythonRuntime, String> versions = runtimes.knownVersions();
    return Arrays.stream(Judge0Language.values()).map(l -> l.summary(versions)).toList();
  }

  @GET
  @Path(Routes.JUDGE0_LANGUAGES + "/{id}")
  @Operation(summary = "Judge0: one language")
  public Judge0Language.Detail language(@PathParam("id") String id) {
    Judge0Language language;
    try {
      language = Judge0Language.byId(Integer.parseInt(id)).orElse(null);
    } catch (NumberFormatException e) {
      language = null;
    }
    if (language == null) {
      throw new Judge0Refusal(404, "language " + id + " not found");
    }
    return language.detail(runtimes.knownVersions());
  }

  @GET
  @Path(Routes.JUDGE0_STATUSES)
  @Operation(
      summary = "Judge0: the statuses",
      description = "Judge0's fourteen, with its descriptions.")
  public List<Judge0Status.View> statuses() {
    return Judge0Status.all();
  }

  @GET
  @Path(Routes.JUDGE0_ABOUT)
  @Operation(
      summary = "Judge0: about",
      description = "The Judge0 CE version whose API this is, and Sandgate.")
  public Map<String, String> about() {
    Map<String, String> about = new LinkedHashMap<>();
    about.put("version", VERSION);
    about.put("homepage", "https://github.com/sandgate/sandgate");
    about.put("source_code", "https://github.com/sandgate/sandgate");
    about.put("maintainer", "Sandgate (the Judge0 CE API of a Sandgate gateway)");
    return about;
  }

  private Judge0SubmissionParser.Parsed parse(JsonNode node, Judge0Text text) {
    Tenant tenant = executions.tenant();
    return Judge0SubmissionParser.parse(
        node,
        text,
        Judge0SubmissionParser.Limits.of(
            tenant.maxTimeout().toMillis() / 1000.0, maxOutputBytes, callbacks.targets()));
  }

  /**
   * A submission that passed Judge0's checks and Sandgate's own (code size and the like: a 400 or
   * 413 {"error"}, checked now so that a queued run cannot fail on them).
   */
  private Judge0Submission valid(Judge0SubmissionParser.Parsed parsed) {
    if (!parsed.valid()) {
      throw new Judge0Invalid(parsed.errors());
    }
    validator.validate(executions.tenant(), Judge0Runs.request(parsed.submission()));
    return parsed.submission();
  }

  /** A batch item's problem with Sandgate's own limits, as its answer, or null. */
  private Map<String, List<String>> sandgateRefusal(Judge0Submission submission) {
    try {
      validator.validate(executions.tenant(), Judge0Runs.request(submission));
      return null;
    } catch (InvalidRequestException | RequestTooLargeException e) {
      return Map.of("source_code", List.of(e.getMessage()));
    }
  }

  private static void checkBatchSize(int count) {
    if (count == 0) {
      throw new Judge0Refusal(400, "there should be at least one submission in a batch");
    }
    if (count > MAX_BATCH) {
      throw new Judge0Refusal(
          400, "number of submissions in a batch should be less than or equal to " + MAX_BATCH);
    }
  }

  /**
   * The items of the body's {@code submissions} array, counted as the body streams by, so that a
   * body of a million tiny items is refused before it becomes a million objects; stops at {@code
   * MAX_BATCH + 1}. A body that is not JSON counts 0 here and is refused by {@link #read}.
   */
  private int countSubmissions(byte[] body) {
    try (JsonParser parser = json.createParser(body)) {
      if (parser.nextToken() != JsonToken.START_OBJECT) {
        return 0;
      }
      while (parser.nextToken() == JsonToken.FIELD_NAME) {
        String name = parser.currentName();
        JsonToken value = parser.nextToken();
        if (!name.equals("submissions") || value != JsonToken.START_ARRAY) {
          parser.skipChildren();
          continue;
        }
        int items = 0;
        while (parser.nextToken() != JsonToken.END_ARRAY && items <= MAX_BATCH) {
          items++;
          parser.skipChildren();
        }
        return items;
      }
      return 0;
    } catch (IOException e) {
      return 0;
    }
  }

  private JsonNode read(byte[] body) {
    try {
      JsonNode root = body.length == 0 ? null : json.readTree(body);
      return root == null || !root.isObject() ? json.createObjectNode() : root;
    } catch (JacksonException e) {
      throw new Judge0Refusal(400, "the request body is not valid JSON");
    } catch (IOException e) {
      throw new Judge0Refusal(400, "the request body could not be read");
    }
  }

  @ServerExceptionMapper
  Response refused(Judge0Refusal e) {
    return FrontDoor.JUDGE0.refusal(e.status, e.getMessage());
  }

  @ServerExceptionMapper
  Response invalid(Judge0Invalid e) {
    return Response.status(422).type(MediaType.APPLICATION_JSON).entity(e.errors).build();
  }
}
