package io.sandgate.edge;

import io.micrometer.core.instrument.Counter;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;

/**
 * Sits on a listening socket's pipeline, where each accepted connection passes before it is set up:
 * counts it against its client's cap (a connection over it is answered 429 and closed) and gives it
 * a {@link RequestDeadline}.
 */
@ChannelHandler.Sharable
final class AcceptGuard extends ChannelInboundHandlerAdapter {

  static final String NAME = "sandgate-accept-guard";

  private final ClientCounts connections;
  private final TrustedProxies proxies;
  private final Duration requestTimeout;
  private final Counter refused;
  private final Counter cut;

  AcceptGuard(
      ClientCounts connections,
      TrustedProxies proxies,
      Duration requestTimeout,
      Counter refused,
      Counter cut) {
    this.connections = connections;
    this.proxies = proxies;
    this.requestTimeout = requestTimeout;
    this.refused = refused;
    this.cut = cut;
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (msg instanceof Channel child) {
      guard(child);
    }
    ctx.fireChannelRead(msg);
  }

  private void guard(Channel child) {
    // First in the pipeline: the HTTP handlers are added behind it when the connection is set up.
    if (child.remoteAddress() instanceof InetSocketAddress remote
        && remote.getAddress() != null
        && !proxies.contains(remote.getAddress())) {
      InetAddress address = remote.getAddress();
      String client = ClientKey.of(address);
      if (!connections.tryTake(client)) {
        refused.increment();
        child.pipeline().addFirst(OverCapRefusal.NAME, new OverCapRefusal());
        return;
      }
      child.closeFuture().addListener(closed -> connections.release(client));
    }
    child
        .pipeline()
        .addFirst(RequestDeadline.Starter.NAME, new RequestDeadline.Starter(requestTimeout, cut));
  }
}
