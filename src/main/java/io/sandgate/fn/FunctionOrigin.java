package io.sandgate.fn;

import io.sandgate.function.FunctionsConfig;
import io.sandgate.http.Routes;
import io.vertx.ext.web.RoutingContext;
import jakarta.ws.rs.core.Response;
import java.util.Locale;
import java.util.Optional;

/**
 * Where a function call came in, which decides what its answer may do in a browser. Every answer is
 * a sandboxed document (an opaque origin: no storage, no cookies by script, no service worker) that
 * may run scripts on the functions' own origins, and that no browser renders on the API's.
 */
public enum FunctionOrigin {

  /** The tenant's own host name under the functions domain: the tenant's origin alone. */
  TENANT_HOST("sandbox allow-scripts allow-forms allow-popups allow-modals allow-downloads"),
  /** The functions' own port, shared by every tenant. */
  FUNCTIONS_PORT("sandbox allow-scripts allow-forms allow-popups allow-modals allow-downloads"),
  /** The API's port, for API clients only (opt-in): a download, never a page. */
  API_PORT("sandbox; default-src 'none'; frame-ancestors 'none'");

  /** Where the router puts the origin for the resource. */
  static final String KEY = "sandgate.function-origin";

  private final String policy;

  FunctionOrigin(String policy) {
    this.policy = policy;
  }

  /** The functions domain as configured, lower-case, without leading or trailing dots. */
  static Optional<String> domain(FunctionsConfig functions) {
    return functions
        .origin()
        .domain()
        .map(d -> d.toLowerCase(Locale.ROOT).replaceAll("^\\.+|\\.+$", ""));
  }

  static FunctionOrigin of(RoutingContext http) {
    return http.get(KEY) instanceof FunctionOrigin origin ? origin : API_PORT;
  }

  /**
   * The path under which the answer may set cookies: a tenant's host is its own, but cookies ignore
   * ports, so on a shared host they stay under the tenant's own {@code /fn/} path.
   */
  public String cookiePath(String tenant) {
    return this == TENANT_HOST ? "/" : Routes.FUNCTIONS + "/" + tenant;
  }

  /** Stamps the origin's policy on an answer, whatever the handler set beside it. */
  void secure(Response.ResponseBuilder answer, boolean sameOrigin) {
    // Browsers enforce every policy they are sent: the handler's own can only narrow this one.
    answer.header(
        "Content-Security-Policy",
        sameOrigin && this == TENANT_HOST ? policy + " allow-same-origin" : policy);
    if (this == API_PORT) {
      answer
          .header("Content-Disposition", null)
          .header("Content-Disposition", "attachment")
          .header("X-Content-Type-Options", null)
          .header("X-Content-Type-Options", "nosniff");
    }
  }
}
