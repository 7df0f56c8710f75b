package io.sandgate.http;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.util.AttributeKey;
import io.sandgate.edge.NettyChannels;
import io.vertx.ext.web.RoutingContext;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * A connection's idle timeout ({@code quarkus.http.idle-timeout}) is short, so that a client that
 * sends half a request, or nothing, loses its connection soon. While a run is under way, though,
 * nothing crosses the connection until the answer: for that time the timeout is lifted to what the
 * run may take, and put back once the answer has been sent. Both happen on the connection's event
 * loop, in order, so requests that follow each other on one connection cannot mix them up.
 */
final class ConnectionIdleTimeout {

  /** The name Vert.x gives its idle handler in the connection's pipeline. */
  private static final String HANDLER = "idle";

  /** The connection's own timeout, remembered the first time it is lifted. */
  private static final AttributeKey<Long> USUAL =
      AttributeKey.valueOf("sandgate.usual-idle-millis");

  private ConnectionIdleTimeout() {}

  /**
   * Holds the connection open for {@code longest} from now, until the request's answer has been
   * sent.
   */
  static void extendFor(RoutingContext http, Duration longest) {
    Channel channel = NettyChannels.of(http.request().connection());
    if (channel == null) {
      return;
    }
    channel
        .eventLoop()
        .execute(
            () -> {
              Long usual = usualMillis(channel);
              if (usual != null && usual < longest.toMillis()) {
                replace(channel, longest.toMillis());
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
                        replace(channel, usual);
                      }
                    }));
  }

  /** The timeout the connection had before any request lifted it; null without an idle handler. */
  private static Long usualMillis(Channel channel) {
    Long known = channel.attr(USUAL).get();
    if (known != null) {
      return known;
    }
    ChannelHandler handler = channel.pipeline().get(HANDLER);
    if (!(handler instanceof IdleStateHandler idle)) {
      return null; // no idle timeout configured
    }
    channel.attr(USUAL).set(idle.getAllIdleTimeInMillis());
    return idle.getAllIdleTimeInMillis();
  }

  private static void replace(Channel channel, long allIdleMillis) {
    if (channel.isActive() && channel.pipeline().get(HANDLER) != null) {
      channel
          .pipeline()
          .replace(
              HANDLER, HANDLER, new IdleStateHandler(0, 0, allIdleMillis, TimeUnit.MILLISECONDS));
    }
  }
}
