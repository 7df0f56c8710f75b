package io.sandgate.edge;

import io.netty.channel.Channel;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.net.impl.ConnectionBase;

/**
 * The Netty channel under a Vert.x connection, in one place: Vert.x 4 exposes it only on its
 * internal {@code ConnectionBase}. The edge guard and the idle timeout's lift both need it; if an
 * upgrade moves it, {@code EdgeTest} and {@code SlowClientTest} fail.
 */
public final class NettyChannels {

  private NettyChannels() {}

  /**
   * The connection's channel; null for a connection that is not Vert.x's own (none comes to a
   * route).
   */
  public static Channel of(HttpConnection connection) {
    return connection instanceof ConnectionBase base ? base.channel() : null;
  }
}
