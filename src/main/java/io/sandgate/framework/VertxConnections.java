package io.sandgate.framework;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.handler.timeout.IdleStateHandler;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.net.impl.ConnectionBase;
import java.util.concurrent.TimeUnit;

/**
 * What the gateway reads and changes under a Vert.x HTTP connection. Vert.x 4 exposes the Netty
 * channel only on its internal {@code io.vertx.core.net.impl.ConnectionBase}, and names the
 * handlers it puts in the channel's pipeline ({@code HttpServerWorker}) without making the names
 * API. Written for Quarkus 3.33.2 (Vert.x 4.5); {@code FrameworkHooksTest} checks each name on a
 * real server.
 */
public final class VertxConnections {

  /**
   * The HTTP/1 request decoder, once the connection speaks HTTP (after a TLS handshake, if any).
   */
  public static final String HTTP_DECODER = "httpDecoder";

  /** The HTTP/1 response encoder, placed beside the decoder. */
  public static final String HTTP_ENCODER = "httpEncoder";

  /** The idle handler ({@code quarkus.http.idle-timeout}), an {@link IdleStateHandler}. */
  static final String IDLE = "idle";

  private VertxConnections() {}

  /**
   * The connection's channel; null for a connection that is not Vert.x's own (none comes to a
   * route).
   */
  public static Channel channel(HttpConnection connection) {
    return connection instanceof ConnectionBase base ? base.channel() : null;
  }

  /** The connection's idle timeout in milliseconds; null when it has none. */
  public static Long idleTimeoutMillis(Channel channel) {
    ChannelHandler handler = channel.pipeline().get(IDLE);
    return handler instanceof IdleStateHandler idle ? idle.getAllIdleTimeInMillis() : null;
  }

  /** Sets the connection's idle timeout, if it is open and has one. Call on its event loop. */
  public static void replaceIdleTimeout(Channel channel, long allIdleMillis) {
    if (channel.isActive() && channel.pipeline().get(IDLE) != null) {
      channel
          .pipeline()
          .replace(IDLE, IDLE, new IdleStateHandler(0, 0, allIdleMillis, TimeUnit.MILLISECONDS));
    }
  }
}
