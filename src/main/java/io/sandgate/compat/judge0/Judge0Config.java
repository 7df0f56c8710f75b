package io.sandgate.compat.judge0;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/**
 * Judge0 submissions: their retention, and for {@code wait=false} the queue, workers and callbacks.
 */
@ConfigMapping(prefix = "sandgate.judge0")
public interface Judge0Config {

  /** How long a submission and its result stay readable. Default 1h. */
  @WithDefault("1h")
  Duration retention();

  /** Submissions waiting to run, at most; one more is Judge0's 503 "queue is full". Default 100. */
  @WithDefault("100")
  int queueSize();

  /**
   * A tenant's share of the queue: its submissions waiting or running, at most; one more is the
   * same 503. Default 50, so that one tenant cannot fill the queue for all.
   */
  @WithDefault("50")
  int maxQueuedPerTenant();

  /** Submissions run at once from the queue (each also within its tenant's quota). Default 4. */
  @WithDefault("4")
  int workers();

  /**
   * How long a queued submission may wait for a sandbox or its tenant's quota before it fails (13).
   * Default 10m.
   */
  @WithDefault("10m")
  Duration maxWait();

  /**
   * A submission still queued or running this long after it was made belongs to a gateway that is
   * gone: it is marked Internal Error. Default 30m.
   */
  @WithDefault("30m")
  Duration abandonedAfter();

  /** Callbacks to loopback, private and link-local addresses. Default false: refused (422). */
  @WithDefault("false")
  boolean allowPrivateCallbacks();

  /** One callback attempt's timeout (connect and answer). Default 5s, Judge0's. */
  @WithDefault("5s")
  Duration callbackTimeout();

  /** Attempts of a callback that gets no answer. Default 3, Judge0's. */
  @WithDefault("3")
  int callbackTries();
}
