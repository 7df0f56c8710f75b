package io.sandgate.edge;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The HTTP edge's bounds on slow and greedy clients, on the API port and the functions' port alike.
 */
@ConfigMapping(prefix = "sandgate.edge")
public interface EdgeConfig {

  /**
   * Time a client has to send one whole request, head and body, counted from the connection's start
   * or the end of the answer before; past it the connection is closed. Default 30s.
   */
  @WithDefault("30s")
  Duration requestTimeout();

  /**
   * Connections one client may hold at once, on the API and functions ports together (an IPv4
   * address; an IPv6 /64); one more is answered 429 and closed. Default 64.
   */
  @WithDefault("64")
  int maxConnectionsPerClient();

  /**
   * Proxies in front of the gateway, as addresses or CIDR blocks: their connections are not capped
   * per address; instead the client that {@code Forwarded} or {@code X-Forwarded-For} names (the
   * nearest address that is not a trusted proxy) may have at most max-connections-per-client
   * requests under way. Default none: forwarding headers are ignored.
   */
  Optional<List<String>> trustedProxies();

  /**
   * The header the trusted proxies write the client into: {@code X-Forwarded-For} (nginx, HAProxy,
   * most load balancers) or {@code Forwarded} (RFC 7239). Only that one is read: a client's own
   * copy of the other would pass through the proxy untouched. Default X-Forwarded-For.
   */
  @WithDefault("X-Forwarded-For")
  String forwardedHeader();
}
