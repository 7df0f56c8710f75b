package io.sandgate.fn;

import io.sandgate.function.FunctionsConfig;
import io.sandgate.http.Routes;
import io.vertx.core.net.HostAndPort;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;

/**
 * A function's URL on its own origin, as the client that asked reaches this gateway: the tenant's
 * host name under the functions domain, else the functions' port on the host the client used, else
 * (functions on the API port only) the path alone.
 */
@ApplicationScoped
public class FunctionUrls {

  private final Optional<String> domain;
  private final FunctionListener listener;

  FunctionUrls(FunctionsConfig functions, FunctionListener listener) {
    this.domain = FunctionOrigin.domain(functions);
    this.listener = listener;
  }

  public String of(String tenant, String name, RoutingContext http) {
    String scheme = http.request().scheme();
    HostAndPort authority = http.request().authority();
    if (domain.isPresent()) {
      String port =
          authority != null && authority.port() > 0 && !isDefault(scheme, authority.port())
              ? ":" + authority.port()
              : "";
      return scheme + "://" + tenant + "." + domain.get() + port + "/" + name;
    }
    String path = Routes.FUNCTIONS + "/" + tenant + "/" + name;
    if (listener.port().isEmpty() || authority == null) {
      return path;
    }
    String host = authority.host();
    if (host.indexOf(':') >= 0 && !host.startsWith("[")) {
      host = "[" + host + "]";
    }
    return scheme + "://" + host + ":" + listener.port().getAsInt() + path;
  }

  private static boolean isDefault(String scheme, int port) {
    return ("http".equals(scheme) && port == 80) || ("https".equals(scheme) && port == 443);
  }
}
