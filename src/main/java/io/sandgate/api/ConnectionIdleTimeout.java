package io.sandgate.api;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.handler.timeout.IdleStateHandler;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.net.impl.ConnectionBase;
import io.vertx.ext.web.RoutingContext;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * A connection's idle timeout ({@code quarkus.http.idle-timeout}) is short, so that a client that
 * sends half a request, or nothing, loses its connection soon. While a run is under way, though,
 * nothing crosses the connection until the answer: for that time the timeout is lifted to what
 * the run may take, and put back once the answer has been sent.
 */
final class ConnectionIdleTimeout {

    /** The name Vert.x gives its idle handler in the connection's pipeline. */
    private static final String HANDLER = "idle";

    private ConnectionIdleTimeout() {
    }

    /** Holds the connection open for {@code longest} from now, until the request's answer has been sent. */
    static void extendFor(RoutingContext http, Duration longest) {
        Channel channel = channel(http.request().connection());
        if (channel == null) {
            return;
        }
        ChannelHandler usual = channel.pipeline().get(HANDLER);
        if (!(usual instanceof IdleStateHandler idle)) {
            return; // no idle timeout configured
        }
        long usualMillis = idle.getAllIdleTimeInMillis();
        if (usualMillis >= longest.toMillis()) {
            return;
        }
        channel.eventLoop().execute(() -> replace(channel, longest.toMillis()));
        http.addEndHandler(ended -> channel.eventLoop().execute(() -> replace(channel, usualMillis)));
    }

    private static void replace(Channel channel, long allIdleMillis) {
        if (channel.isActive() && channel.pipeline().get(HANDLER) != null) {
            channel.pipeline().replace(HANDLER, HANDLER, new IdleStateHandler(0, 0, allIdleMillis,
                    TimeUnit.MILLISECONDS));
        }
    }

    private static Channel channel(HttpConnection connection) {
        return connection instanceof ConnectionBase base ? base.channel() : null;
    }
}
