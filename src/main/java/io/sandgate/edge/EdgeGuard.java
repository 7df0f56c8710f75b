package io.sandgate.edge;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.netty.channel.Channel;
import io.quarkus.logging.Log;
import io.quarkus.vertx.http.HttpServerStart;
import io.sandgate.framework.VertxConnections;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.ObservesAsync;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Puts the {@link AcceptGuard} on every listening socket that serves the router (the API port and
 * the functions' port), and caps the requests under way per client behind a trusted proxy.
 *
 * <p>Quarkus keeps its listening socket to itself (a connection handler of our own would replace
 * the one that enforces {@code quarkus.http.limits.max-connections}), so the guard is put on it
 * through the first connection that reaches the router: its parent in Netty is the listening
 * socket. The gateway makes that first connection itself as soon as the port listens.
 */
@ApplicationScoped
public class EdgeGuard {

  /** Answered by the router itself, before any resource: the gateway's own first connection. */
  static final String PROBE_PATH = "/.sandgate/edge";

  private static final String COUNTED = "sandgate.edge.counted";

  private final AcceptGuard guard;
  private final ClientCounts forwardedRequests;
  private final TrustedProxies proxies;
  private final String forwardedHeader;
  private final Set<Channel> guarded = ConcurrentHashMap.newKeySet();

  EdgeGuard(EdgeConfig config, MeterRegistry registry) {
    this.proxies = TrustedProxies.parse(config.trustedProxies());
    this.forwardedHeader = ForwardedClient.header(config.forwardedHeader());
    Counter refused =
        Counter.builder("sandgate.edge.connections.refused")
            .description("Connections refused at accept: their client held its maximum")
            .register(registry);
    Counter cut =
        Counter.builder("sandgate.edge.requests.cut")
            .description(
                "Connections closed for not delivering a whole request within sandgate.edge.request-timeout")
            .register(registry);
    this.guard =
        new AcceptGuard(
            new ClientCounts(config.maxConnectionsPerClient()),
            proxies,
            config.requestTimeout(),
            refused,
            cut);
    this.forwardedRequests = new ClientCounts(config.maxConnectionsPerClient());
  }

  void register(@Observes Router router) {
    router.route().order(Integer.MIN_VALUE).handler(this::handle);
  }

  /** Once the API port listens: the first connection, which puts the guard on it. */
  void started(@ObservesAsync HttpServerStart start) {
    probe(start.options().getHost(), start.options().getPort());
  }

  /**
   * Makes a connection to {@code host:port} through the router, so that its listening socket gets
   * the guard.
   */
  public void probe(String host, int port) {
    if (port <= 0) {
      return; // a random port: the first client's connection puts the guard on
    }
    String target =
        host == null || host.equals("0.0.0.0") || host.equals("::") ? "127.0.0.1" : host;
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(target, port), 5_000);
      socket.setSoTimeout(5_000);
      OutputStream out = socket.getOutputStream();
      out.write(
          ("GET " + PROBE_PATH + " HTTP/1.1\r\nHost: " + target + "\r\nConnection: close\r\n\r\n")
              .getBytes(StandardCharsets.US_ASCII));
      out.flush();
      InputStream in = socket.getInputStream();
      while (in.read() >= 0) {
        // until the gateway closes it
      }
    } catch (IOException e) {
      Log.warnf(
          "could not reach %s:%d to guard its connections (%s); the first client's connection will",
          target, port, e.getMessage());
    }
  }

  private void handle(RoutingContext ctx) {
    Channel connection = VertxConnections.channel(ctx.request().connection());
    if (connection != null
        && connection.parent() != null
        && !guarded.contains(connection.parent())) {
      guard(connection.parent());
    }
    if (PROBE_PATH.equals(ctx.request().path())) {
      ctx.response().setStatusCode(204).end();
      return;
    }
    if (!proxies.isEmpty()
        && connection != null
        && connection.remoteAddress() instanceof InetSocketAddress peer
        && peer.getAddress() != null
        && proxies.contains(peer.getAddress())) {
      capForwarded(ctx, peer.getAddress());
      return;
    }
    ctx.next();
  }

  private synchronized void guard(Channel listening) {
    if (guarded.add(listening)) {
      listening.eventLoop().execute(() -> listening.pipeline().addFirst(AcceptGuard.NAME, guard));
      listening.closeFuture().addListener(closed -> guarded.remove(listening));
      Log.debugf("guarding connections of %s", listening.localAddress());
    }
  }

  /** Behind a trusted proxy, the forwarded client's requests under way count against its cap. */
  private void capForwarded(RoutingContext ctx, InetAddress proxy) {
    if (ctx.get(COUNTED) != null) {
      ctx.next(); // rerouted (a tenant's host name): counted on its first pass
      return;
    }
    ctx.put(COUNTED, Boolean.TRUE);
    InetAddress client =
        ForwardedClient.of(ctx.request().headers()::getAll, forwardedHeader, proxy, proxies);
    String key = ClientKey.of(client);
    if (!forwardedRequests.tryTake(key)) {
      ctx.response()
          .setStatusCode(429)
          .putHeader("Content-Type", "application/problem+json")
          .putHeader("Retry-After", "1")
          .end(OverCapRefusal.PROBLEM);
      return;
    }
    ctx.addEndHandler(ended -> forwardedRequests.release(key));
    ctx.next();
  }
}
