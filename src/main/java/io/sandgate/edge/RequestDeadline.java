package io.sandgate.edge;

import io.micrometer.core.instrument.Counter;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.channel.socket.DuplexChannel;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpStatusClass;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import io.sandgate.framework.VertxConnections;
import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * A connection must deliver each whole request — head and body — within the request timeout,
 * counted from its start or from the end of the answer before. The idle timeout alone catches only
 * silence: a client trickling a byte now and then would hold its connection for ever. An answer
 * sent before its request's body has arrived (a refusal) ends the connection, since the rest of the
 * body is not wanted: the gateway's side is shut at once, and what the client still sends is read
 * and dropped for a short while before the close — closed with unread bytes, the socket would
 * reset, and a client still sending could lose the answer. Runs on the connection's event loop,
 * between Netty's HTTP codec and Vert.x, so it sees requests and answers as HTTP messages.
 */
final class RequestDeadline extends ChannelDuplexHandler {

  static final String NAME = "sandgate-request-deadline";

  /** How long the rest of a refused body is read and dropped. */
  private static final long LINGER_MILLIS = 2_000;

  private final long timeoutNanos;
  private final Counter cut;
  private ScheduledFuture<?> timer;

  /** Requests in full so far, and answers ended: equal while the connection waits on its client. */
  private long received;

  private long answered;
  private boolean lingering;

  private RequestDeadline(Duration timeout, Counter cut) {
    this.timeoutNanos = timeout.toNanos();
    this.cut = cut;
  }

  @Override
  public void handlerAdded(ChannelHandlerContext ctx) {
    arm(ctx);
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (lingering) {
      ReferenceCountUtil.release(msg);
      return;
    }
    if (msg instanceof LastHttpContent) {
      received++;
      disarm(); // the request is in: what follows is the gateway's time, not the client's
    }
    ctx.fireChannelRead(msg);
  }

  @Override
  public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
    if (msg instanceof HttpResponse response
        && response.status().codeClass() == HttpStatusClass.INFORMATIONAL) {
      if (response.status().code() == HttpResponseStatus.SWITCHING_PROTOCOLS.code()) {
        disarm(); // no longer HTTP requests: a WebSocket has its own bounds
        ctx.pipeline().remove(this);
      }
      ctx.write(msg, promise); // 100 Continue is not the answer
      return;
    }
    if (msg instanceof LastHttpContent) {
      answered++;
      if (answered > received) {
        // Answered before its body came in (a refusal): the rest of the body is not wanted.
        disarm();
        ctx.write(msg, promise.unvoid()).addListener(written -> linger(ctx));
        return;
      }
      if (answered == received) {
        arm(ctx); // keep-alive: the next request has the same time
      }
    }
    ctx.write(msg, promise);
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    disarm();
    ctx.fireChannelInactive();
  }

  /**
   * Shuts the gateway's side, drops what still comes, closes once the client does or after a while.
   */
  private void linger(ChannelHandlerContext ctx) {
    lingering = true;
    if (ctx.channel() instanceof DuplexChannel duplex && duplex.isActive()) {
      duplex.shutdownOutput();
    }
    ctx.channel().config().setAutoRead(true);
    ctx.executor()
        .schedule(
            () -> {
              ctx.close();
            },
            LINGER_MILLIS,
            TimeUnit.MILLISECONDS);
  }

  @Override
  public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
    if (lingering && event instanceof ChannelInputShutdownEvent) {
      ctx.close(); // the client is done too
      return;
    }
    ctx.fireUserEventTriggered(event);
  }

  private void arm(ChannelHandlerContext ctx) {
    disarm();
    timer =
        ctx.executor()
            .schedule(
                () -> {
                  timer = null;
                  if (answered == received && ctx.channel().isActive()) {
                    cut.increment();
                    ctx.close();
                  }
                },
                timeoutNanos,
                TimeUnit.NANOSECONDS);
  }

  private void disarm() {
    if (timer != null) {
      timer.cancel(false);
      timer = null;
    }
  }

  /**
   * Placed first when the connection is accepted, before Vert.x adds the HTTP codec; once the codec
   * is there — when the connection is up, or after a TLS handshake, at the first bytes that follow
   * it — puts the deadline behind the codec and leaves.
   */
  static final class Starter extends ChannelInboundHandlerAdapter {

    static final String NAME = "sandgate-request-deadline-starter";

    private final Duration timeout;
    private final Counter cut;

    Starter(Duration timeout, Counter cut) {
      this.timeout = timeout;
      this.cut = cut;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
      place(ctx);
      ctx.fireChannelActive();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
      place(ctx);
      ctx.fireChannelRead(msg);
    }

    private void place(ChannelHandlerContext ctx) {
      String codec =
          ctx.pipeline().get(VertxConnections.HTTP_ENCODER) != null
              ? VertxConnections.HTTP_ENCODER
              : ctx.pipeline().get(VertxConnections.HTTP_DECODER) != null
                  ? VertxConnections.HTTP_DECODER
                  : null;
      if (codec != null && ctx.pipeline().get(RequestDeadline.NAME) == null) {
        ctx.pipeline().addAfter(codec, RequestDeadline.NAME, new RequestDeadline(timeout, cut));
        ctx.pipeline().remove(this);
      }
    }
  }
}
