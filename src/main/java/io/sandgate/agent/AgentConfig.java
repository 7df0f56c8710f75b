package io.sandgate.agent;

import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** How the gateway talks to the agent in each sandbox. */
@ConfigMapping(prefix = "sandgate.agent")
public interface AgentConfig {

  /**
   * {@code unix} (socket in a bind-mounted directory, default) or {@code tcp} (container IP on a
   * network).
   */
  @WithDefault("unix")
  Transport transport();

  /** Connect timeout to an agent. Default 2s. */
  @WithDefault("2s")
  Duration connectTimeout();

  /** Time for one health answer. Default 2s. */
  @WithDefault("2s")
  Duration healthTimeout();

  /** Time past a program's own timeout that the agent has to answer a run. Default 10s. */
  @WithDefault("10s")
  Duration runGrace();

  /**
   * Bytes of agent answers read at once (unix transport); more wait, unread, in order. A run's
   * answer is up to about 24 x sandgate.limits.max-output-bytes when the output is all control
   * characters, so this bounds the heap a burst of output floods can take. Default 32M.
   */
  @WithDefault("32M")
  MemorySize answerMemory();

  /** Agent transports. */
  enum Transport {
    UNIX,
    TCP
  }
}
