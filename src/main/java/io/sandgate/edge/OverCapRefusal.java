package io.sandgate.edge;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.ReferenceCountUtil;
import java.nio.charset.StandardCharsets;

/**
 * The answer of a connection over its client's cap: a 429 problem written as the connection opens,
 * then the close. Nothing the client sends is read, and the HTTP handlers behind never see the
 * connection start.
 */
final class OverCapRefusal extends ChannelInboundHandlerAdapter {

  static final String NAME = "sandgate-over-cap";

  /**
   * The problem of a client over its cap, of connections or (behind a proxy) of requests under way.
   */
  static final String PROBLEM =
      "{\"type\":\"https://sandgate.io/problems/too-many-connections\","
          + "\"title\":\"Too many connections\",\"status\":429,\"detail\":\"this client holds its maximum of"
          + " connections or requests at once (sandgate.edge.max-connections-per-client); close one, or reuse it\"}";

  private static final byte[] ANSWER =
      ("HTTP/1.1 429 Too Many Requests\r\nContent-Type: application/problem+json\r\n"
              + "Retry-After: 1\r\nConnection: close\r\nContent-Length: "
              + PROBLEM.length()
              + "\r\n\r\n"
              + PROBLEM)
          .getBytes(StandardCharsets.US_ASCII);

  @Override
  public void channelActive(ChannelHandlerContext ctx) {
    ctx.writeAndFlush(Unpooled.wrappedBuffer(ANSWER)).addListener(ChannelFutureListener.CLOSE);
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    ReferenceCountUtil.release(msg);
  }
}
