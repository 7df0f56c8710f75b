package io.sandgate.http;

import io.netty.channel.Channel;
import io.netty.util.AttributeKey;
import io.sandgate.framework.VertxConnections;
import io.vertx.ext.web.RoutingContext;
import java.time.Duration;

/**
 * A connection's idle timeout ({@code quarkus.http.idle-timeout}) is short, so that a client that
 * sends half a request, or nothing, loses its connection soon. While a run is under way, though,
 * nothing crosses the connection until the answer: for that time the timeout is lifted to what the
 * run may take, and put back once the answer has been sent. Both happen on the connection's event
 * loop, in order, so requests that follow each other on one connection cannot mix them up.
 */
final class ConnectionIdleTimeout {

  /** The connection's own timeout, remembered the first time it is lifted. */
  private static final AttributeKey<Long> USUAL =
      AttributeKey.valueOf("sandgate.usual-idle-millis");

  private ConnectionIdleTimeout() {}

  /**
   * Holds the connection open for {@code longest} from now, until the request's answer has been
   * sent.
   */
  static void extendFor(RoutingContext http, Duration longest) {
    Channel channel = VertxConnections.channel(http.request().connection());
    if (channel == null) {
      return;
    }
    channel
        .eventLoop()
        .execute(
            () -> {
              Long usual = usualMillis(channel);
              if (usual != null && usual < longest.toMillis()) {
                VertxConnections.replaceIdleTimeout(channel, longest.toMillis());
              }
            });
    http.addEndHandler(
        ended ->
            channel
                .eventLoop()
                .execute(
                    () -> {
                      Long usual = channel.attr(USUAL).get();
                      if (usual != null) {
                        VertxConnections.replaceIdleTimeout(channel, usual);
                      }
                    }));
  }

  /** The timeout the connection had before any request lifted it; null without an idle handler. */
  private static Long usualMillis(Channel channel) {
    Long known = channel.attr(USUAL).get();
    if (known != null) {
      return known;
    }
    Long usual = VertxConnections.idleTimeoutMillis(channel);
    if (usual != null) { // null: no idle timeout configured
      channel.attr(USUAL).set(usual);
    }
    return usual;
  }
}
