package io.sandgate.fn;

import io.sandgate.execution.RequestTooLargeException;
import io.sandgate.function.FunctionCall;
import io.sandgate.function.FunctionEvent;
import io.sandgate.function.FunctionFailedException;
import io.sandgate.function.FunctionNotFoundException;
import io.sandgate.function.FunctionService;
import io.sandgate.function.FunctionVersion;
import io.sandgate.function.FunctionsConfig;
import io.sandgate.http.ApiKeys;
import io.sandgate.http.HttpExecutions;
import io.sandgate.http.Problem;
import io.sandgate.http.ProblemType;
import io.sandgate.http.Routes;
import io.sandgate.http.Utf8;
import io.sandgate.tenant.RateLimiter;
import io.sandgate.tenant.Tenancy;
import io.sandgate.tenant.Tenant;
import io.sandgate.tenant.TenantLimitException;
import io.vertx.core.MultiMap;
import io.vertx.ext.web.RoutingContext;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.OPTIONS;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Response;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executor;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * The data plane: {@code /fn/{tenant}/{name}[@{version}][/{path}]}, any method. The HTTP request
 * becomes the event, the handler's return value the answer; every call runs in a fresh sandbox.
 */
@Path(Routes.FUNCTIONS + "/{tenant}/{target: [^/]+}{rest: .*}")
@Tag(name = "Function calls")
public class FunctionGatewayResource {

  /** Keys never reach the handler. */
  private final FunctionService functions;

  private final HttpExecutions executions;
  private final Tenancy tenancy;
  private final FunctionsConfig config;
  private final Set<String> sameOrigin;

  FunctionGatewayResource(
      FunctionService functions,
      HttpExecutions executions,
      Tenancy tenancy,
      FunctionsConfig config) {
    this.functions = functions;
    this.executions = executions;
    this.tenancy = tenancy;
    this.config = config;
    this.sameOrigin = Set.copyOf(config.origin().sameOrigin().orElse(List.of()));
  }

  @GET
  @Operation(
      summary = "Call a function (GET)",
      description =
          "Runs the function's latest (or pinned @version) handler"
              + " with the request as its event; its return value is the answer.")
  public Response get(
      @PathParam("tenant") String tenant,
      @PathParam("target") String target,
      @PathParam("rest") String rest,
      byte[] body,
      RoutingContext http) {
    return call(tenant, target, rest, body, http);
  }

  @POST
  @Operation(summary = "Call a function (POST)")
  public Response post(
      @PathParam("tenant") String tenant,
      @PathParam("target") String target,
      @PathParam("rest") String rest,
      byte[] body,
      RoutingContext http) {
    return call(tenant, target, rest, body, http);
  }

  @PUT
  @Operation(summary = "Call a function (PUT)")
  public Response put(
      @PathParam("tenant") String tenant,
      @PathParam("target") String target,
      @PathParam("rest") String rest,
      byte[] body,
      RoutingContext http) {
    return call(tenant, target, rest, body, http);
  }

  @PATCH
  @Operation(summary = "Call a function (PATCH)")
  public Response patch(
      @PathParam("tenant") String tenant,
      @PathParam("target") String target,
      @PathParam("rest") String rest,
      byte[] body,
      RoutingContext http) {
    return call(tenant, target, rest, body, http);
  }

  @DELETE
  @Operation(summary = "Call a function (DELETE)")
  public Response delete(
      @PathParam("tenant") String tenant,
      @PathParam("target") String target,
      @PathParam("rest") String rest,
      byte[] body,
      RoutingContext http) {
    return call(tenant, target, rest, body, http);
  }

  @OPTIONS
  @Operation(summary = "Call a function (OPTIONS)")
  public Response options(
      @PathParam("tenant") String tenant,
      @PathParam("target") String target,
      @PathParam("rest") String rest,
      byte[] body,
      RoutingContext http) {
    return call(tenant, target, rest, body, http);
  }

  private Response call(
      String tenantName, String target, String rest, byte[] body, RoutingContext http) {
    String requestId = FunctionService.newRequestId();
    Optional<Tenant> keyOwner = tenancy.owner(ApiKeys.from(http.request().headers()::get));
    Tenant tenant = tenancy.byName(tenantName).orElseThrow(() -> notFound(target));
    boolean withKey = keyOwner.filter(t -> t.name().equals(tenant.name())).isPresent();
    FunctionVersion function;
    if (withKey) {
      function = resolve(tenant, target);
    } else {
      // Without the key a private function, a deleted one and a missing one all answer 404:
      // names do not leak. Another tenant's key is no key here.
      function =
          resolveQuietly(tenant, target)
              .filter(FunctionVersion::isPublic)
              .orElseThrow(
                  () ->
                      new FunctionNotFoundException(
                          "no public function '"
                              + target
                              + "'; a private function answers only with its tenant's API key"));
    }
    spend(tenant, function, withKey);
    if (body.length > config.maxBodyBytes()) {
      throw new RequestTooLargeException(
          "the body is "
              + body.length
              + " bytes; this gateway takes at most "
              + config.maxBodyBytes()
              + " for a function call");
    }
    FunctionEvent event = event(http, rest, body, requestId, function);
    Executor handBack = executions.handBackAfterAnswer(http, tenant);
    FunctionOrigin origin = FunctionOrigin.of(http);
    Response.ResponseBuilder answer;
    try {
      FunctionCall call =
          functions.invoke(tenant, function, event, origin.cookiePath(tenant.name()), handBack);
      answer = Response.status(call.response().status()).entity(call.response().body());
      call.response().headers().forEach(answer::header);
    } catch (FunctionFailedException e) {
      answer = failure(e, withKey);
    }
    origin.secure(answer, sameOrigin.contains(tenant.name() + "/" + function.name()));
    return answer
        .header("Sandgate-Request-Id", requestId)
        .header("Sandgate-Function-Version", function.version())
        .build();
  }

  /** {@code name} or {@code name@version}. */
  private FunctionVersion resolve(Tenant tenant, String target) {
    int at = target.indexOf('@');
    if (at < 0) {
      return functions.latest(tenant, target);
    }
    String name = target.substring(0, at);
    try {
      return functions.version(tenant, name, Integer.parseInt(target.substring(at + 1)));
    } catch (NumberFormatException e) {
      throw notFound(target);
    }
  }

  private Optional<FunctionVersion> resolveQuietly(Tenant tenant, String target) {
    try {
      return Optional.of(resolve(tenant, target));
    } catch (FunctionNotFoundException e) {
      return Optional.empty();
    }
  }

  /**
   * With the key: the tenant's rate. Without (a public function): the function's own, else the
   * tenant's.
   */
  private void spend(Tenant tenant, FunctionVersion function, boolean withKey) {
    RateLimiter.Decision decision =
        !withKey && function.rate().isPresent()
            ? tenancy
                .spendFunction(
                    tenant,
                    function.name(),
                    function.rate().get().limit(),
                    function.rate().get().period())
                .join()
            : tenancy.spend(tenant).join();
    if (!decision.allowed()) {
      throw new TenantLimitException(
          TenantLimitException.Limit.RATE,
          "function '" + function.name() + "' is over its rate limit",
          decision.retryAfterSeconds());
    }
    executions.rated(decision);
  }

  private static FunctionEvent event(
      RoutingContext http, String rest, byte[] body, String requestId, FunctionVersion function) {
    Map<String, String> headers = new LinkedHashMap<>();
    MultiMap all = http.request().headers();
    for (String name : all.names()) {
      String lower = name.toLowerCase(Locale.ROOT);
      if (!ApiKeys.HEADERS.contains(lower)) {
        headers.put(lower, String.join(", ", all.getAll(name)));
      }
    }
    String rawQuery = Optional.ofNullable(http.request().query()).orElse("");
    Utf8.TextOrBase64 encoded = Utf8.textOrBase64(body);
    return new FunctionEvent(
        http.request().method().name(),
        rest == null || rest.isEmpty() ? "/" : rest,
        rawQuery,
        query(rawQuery),
        headers,
        encoded.text(),
        encoded.isBase64(),
        requestId,
        new FunctionEvent.Function(function.name(), function.version()));
  }

  private static Map<String, List<String>> query(String rawQuery) {
    Map<String, List<String>> query = new LinkedHashMap<>();
    if (rawQuery.isEmpty()) {
      return query;
    }
    for (String pair : rawQuery.split("&")) {
      if (pair.isEmpty()) {
        continue;
      }
      int eq = pair.indexOf('=');
      String key = decode(eq < 0 ? pair : pair.substring(0, eq));
      String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
      query.computeIfAbsent(key, k -> new ArrayList<>()).add(value);
    }
    return query;
  }

  private static String decode(String s) {
    try {
      return URLDecoder.decode(s, StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      return s; // a malformed escape is passed as it came
    }
  }

  private static Response.ResponseBuilder failure(FunctionFailedException e, boolean withKey) {
    ProblemType type = ProblemType.of(e.kind());
    String traceback = withKey && !e.traceback().isEmpty() ? e.traceback() : null;
    return Response.status(type.status)
        .type(Problem.MEDIA_TYPE)
        .entity(new FunctionProblem(type.type, type.title, type.status, e.getMessage(), traceback));
  }

  private static FunctionNotFoundException notFound(String target) {
    return new FunctionNotFoundException("no function '" + target + "'");
  }
}
