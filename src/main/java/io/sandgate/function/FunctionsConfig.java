package io.sandgate.function;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.util.List;
import java.util.Optional;

/** Functions: how many a tenant may hold, what is kept of them. */
@ConfigMapping(prefix = "sandgate.functions")
public interface FunctionsConfig {

  /** Functions one tenant may hold. Default 100. */
  @WithDefault("100")
  int maxPerTenant();

  /**
   * Versions kept of each function, the newest; older ones are pruned (their URLs answer 404).
   * Default 10.
   */
  @WithDefault("10")
  int keepVersions();

  /** Invocations kept in each function's logs, the newest. Default 50. */
  @WithDefault("50")
  int keepInvocations();

  /** Largest request body of a function call; one more byte is a 413. Default 1048576 (1 MiB). */
  @WithDefault("1048576")
  int maxBodyBytes();

  /**
   * What an invocation log keeps of stdout and of stderr, each, in UTF-16 units (a character
   * outside the BMP counts two and is never split). Default 65536.
   */
  @WithDefault("65536")
  int logOutputChars();

  /**
   * Whether the invocation metric carries {@code tenant} and {@code function} tags. Off by default:
   * every deployed function would add series without bound. Turn it on where the functions are few
   * and known.
   */
  @WithDefault("false")
  boolean metricsPerFunction();

  /**
   * Where functions are served: an origin of their own, apart from the API's and the playground's.
   */
  Origin origin();

  /**
   * A function's answer is a page of its tenant's choosing; on the API's origin it could read what
   * the playground keeps there (a typed key) or take over its paths. So functions are served on
   * their own origin: per-tenant host names under a domain, or a port of their own.
   */
  interface Origin {

    /**
     * Port of the functions' own listener, serving {@code /fn/{tenant}/{name}}; 0 picks a free one,
     * -1 none. Default 8090.
     */
    @WithDefault("8090")
    int port();

    /**
     * A domain whose subdomains are the tenants' origins: {@code https://acme.fn.example.com/hello}
     * serves tenant acme's function hello (a wildcard DNS name and certificate point {@code
     * *.fn.example.com} at the gateway). Default none.
     */
    Optional<String> domain();

    /**
     * Whether {@code /fn/} also answers on the API's port, for API clients only: its answers are
     * downloads that no browser renders as a page, and run no script. Default false.
     */
    @WithDefault("false")
    boolean onApiPort();

    /**
     * Functions ({@code tenant/name}) whose pages keep their origin under {@code domain} (their
     * sandbox allows same-origin: storage, cookies read by script), for pages that need them. Only
     * on a tenant's own host name; never on the shared port. Default none.
     */
    Optional<List<String>> sameOrigin();
  }
}
