package io.sandgate.fn;

import io.vertx.core.MultiMap;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * Headers on every answer of Sandgate's own on the API port — the playground's page, its script and
 * style, the API's JSON: no framing (no clickjacking of the playground's key field), no content
 * sniffing (a JSON answer is never run as a script or shown as a page), no referrer (a URL never
 * leaves with the page). The page's policy comes as a header too, where a {@code <meta>} cannot say
 * {@code frame-ancestors}. Function calls carry their origin's own headers ({@link FunctionOrigin})
 * instead.
 */
@ApplicationScoped
class PageHeaders {

  /** The playground's: everything from its own origin, no inline script or style. */
  static final String PAGE_POLICY =
      "default-src 'none'; script-src 'self'; style-src 'self';"
          + " img-src 'self' data: blob:; connect-src 'self'; base-uri 'none'; form-action 'none';"
          + " frame-ancestors 'none'";

  void register(@Observes Router router) {
    router.route().order(Integer.MIN_VALUE + 2).handler(this::stamp);
  }

  private void stamp(RoutingContext ctx) {
    if (ctx.get(FunctionOrigin.KEY) == null) {
      ctx.addHeadersEndHandler(
          v -> {
            MultiMap headers = ctx.response().headers();
            headers.set("X-Content-Type-Options", "nosniff");
            headers.set("X-Frame-Options", "DENY");
            headers.set("Referrer-Policy", "no-referrer");
            String type = headers.get("Content-Type");
            if (type != null
                && type.startsWith("text/html")
                && !headers.contains("Content-Security-Policy")) {
              headers.set("Content-Security-Policy", PAGE_POLICY);
            }
          });
    }
    ctx.next();
  }
}
