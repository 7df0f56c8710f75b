package io.sandgate.fn;

import io.sandgate.function.FunctionsConfig;
import io.sandgate.http.ProblemType;
import io.sandgate.http.RouteProblems;
import io.sandgate.http.Routes;
import io.sandgate.tenant.Tenancy;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Sorts function calls by origin before any resource sees them: a tenant's host name under the
 * functions domain is routed to that tenant's functions, the functions' port serves nothing else,
 * and the API's port serves {@code /fn/} only when the operator lets API clients call there.
 */
@ApplicationScoped
class FunctionOrigins {

  private static final List<String> FUNCTIONS = List.of(Routes.FUNCTIONS);
  private static final String CALLS = Routes.FUNCTIONS + "/";

  private final FunctionsConfig.Origin config;
  private final FunctionListener listener;
  private final Tenancy tenancy;
  private final Optional<String> domainSuffix;

  FunctionOrigins(FunctionsConfig functions, FunctionListener listener, Tenancy tenancy) {
    this.config = functions.origin();
    this.listener = listener;
    this.tenancy = tenancy;
    this.domainSuffix = FunctionOrigin.domain(functions).map(d -> "." + d);
  }

  void register(@Observes Router router) {
    router.route().order(Integer.MIN_VALUE + 1).handler(this::sort);
  }

  private void sort(RoutingContext ctx) {
    if (ctx.get(FunctionOrigin.KEY) != null) {
      ctx.next(); // rerouted from a tenant's host name already
      return;
    }
    // Routes match the normalised path: every decision here is made on it too.
    String path = ctx.normalizedPath();
    String label = hostLabel(ctx);
    boolean onFunctionsPort = listener.serves(ctx.request().localAddress());
    if ((label != null || onFunctionsPort) && !path.equalsIgnoreCase(ctx.request().path())) {
      // A spelling that routes elsewhere than it reads ('..', '//', escaped letters) could reach
      // the API or another tenant from a functions origin: there, only the plain spelling.
      RouteProblems.answer(
          ctx,
          ProblemType.INVALID_REQUEST,
          "a function's path is written plainly here: no '.' or"
              + " '..' segments, no '//', no escaped letters or digits");
      return;
    }
    if (label != null) {
      if (label.isEmpty()) {
        RouteProblems.answer(ctx, ProblemType.NOT_FOUND, "no tenant has this host name");
        return;
      }
      ctx.put(FunctionOrigin.KEY, FunctionOrigin.TENANT_HOST);
      String query = ctx.request().query();
      ctx.reroute(CALLS + label + path + (query == null ? "" : "?" + query));
      return;
    }
    boolean call = Routes.under(path, FUNCTIONS);
    if (onFunctionsPort) {
      if (!call) {
        RouteProblems.answer(
            ctx, ProblemType.NOT_FOUND, "this port serves functions only, at /fn/{tenant}/{name}");
        return;
      }
      ctx.put(FunctionOrigin.KEY, FunctionOrigin.FUNCTIONS_PORT);
    } else if (call) {
      if (!config.onApiPort()) {
        RouteProblems.answer(
            ctx,
            ProblemType.NOT_FOUND,
            "functions are served on their own origin, not on the"
                + " API's: "
                + where()
                + " (sandgate.functions.origin)");
        return;
      }
      ctx.put(FunctionOrigin.KEY, FunctionOrigin.API_PORT);
    }
    if (call && !tenantExists(path)) {
      // Known from the path alone: answered before the body is read, which may never come.
      RouteProblems.answer(ctx, ProblemType.NOT_FOUND, "no such function");
      return;
    }
    ctx.next();
  }

  private boolean tenantExists(String path) {
    int end = path.indexOf('/', CALLS.length());
    String tenant =
        path.substring(Math.min(path.length(), CALLS.length()), end < 0 ? path.length() : end);
    return tenancy.byName(tenant).isPresent();
  }

  private String where() {
    if (domainSuffix.isPresent()) {
      return "https://{tenant}" + domainSuffix.get() + "/{name}";
    }
    return listener.port().isPresent()
        ? "port " + listener.port().getAsInt() + ", /fn/{tenant}/{name}"
        : "nowhere on this gateway";
  }

  /**
   * For a host name under the functions domain (or the domain itself), the tenant it names — a
   * single DNS label — or "" when it names none; null for any other host. Nothing under the domain
   * is ever the API's.
   */
  private String hostLabel(RoutingContext ctx) {
    if (domainSuffix.isEmpty() || ctx.request().authority() == null) {
      return null;
    }
    String host = ctx.request().authority().host().toLowerCase(Locale.ROOT);
    if (host.endsWith(".")) {
      host = host.substring(0, host.length() - 1);
    }
    if (host.equals(domainSuffix.get().substring(1))) {
      return "";
    }
    if (!host.endsWith(domainSuffix.get())) {
      return null;
    }
    String label = host.substring(0, host.length() - domainSuffix.get().length());
    return label.matches("[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?") ? label : "";
  }
}
