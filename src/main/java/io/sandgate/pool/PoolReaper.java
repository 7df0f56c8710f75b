package io.sandgate.pool;

import io.quarkus.logging.Log;
import io.sandgate.agent.AgentClient;
import io.sandgate.agent.AgentException;
import io.sandgate.runtime.PythonRuntime;
import io.sandgate.sandbox.ManagedContainer;
import io.sandgate.sandbox.Sandbox;
import io.sandgate.sandbox.SandboxConfig;
import io.sandgate.sandbox.SandboxRuntime;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Removes what the pool should no longer hold: leases past their run's deadline, ready sandboxes
 * too old or no longer answering, containers this gateway lost track of, and orphans — the
 * containers of gateways that are gone.
 */
@ApplicationScoped
class PoolReaper {

  private final PoolState<Sandbox, PythonRuntime> state;
  private final SandboxRuntime containers;
  private final AgentClient agent;
  private final AgentEndpoints endpoints;
  private final SandboxDestroyer destroyer;
  private final GatewayLiveness liveness;
  private final PoolConfig config;
  private final Duration startTimeout;
  private final Clock clock;

  PoolReaper(
      PoolState<Sandbox, PythonRuntime> state,
      SandboxRuntime containers,
      AgentClient agent,
      AgentEndpoints endpoints,
      SandboxDestroyer destroyer,
      GatewayLiveness liveness,
      PoolConfig config,
      SandboxConfig sandboxConfig,
      Clock clock) {
    this.state = state;
    this.containers = containers;
    this.agent = agent;
    this.endpoints = endpoints;
    this.destroyer = destroyer;
    this.liveness = liveness;
    this.config = config;
    this.startTimeout = sandboxConfig.startTimeout();
    this.clock = clock;
    Duration liveAge = config.maxIdleAge().plus(config.reapInterval()).plus(config.leaseGrace());
    if (config.reapForeign() && config.orphanAge().compareTo(liveAge) <= 0) {
      Log.warnf(
          "sandgate.pool.orphan-age %s is not longer than a live gateway keeps a sandbox (%s plus a run):"
              + " gateways sharing this engine would remove each other's sandboxes",
          config.orphanAge(), liveAge);
    }
  }

  /** One pass over everything the pool holds and everything on the engine. */
  void reap() {
    destroyer.retryFailed();
    long now = clock.millis();
    for (Sandbox s : state.expireLeases(now)) {
      Log.warnf("sandbox %s held past its run's deadline; destroying it", s.shortId());
      destroyer.destroy(s);
    }
    long maxIdle = config.maxIdleAge().toMillis();
    for (Sandbox s : state.evictReady(s -> now - s.createdAt().toEpochMilli() > maxIdle)) {
      destroyer.destroy(s);
    }
    for (Sandbox s : state.readyItems()) {
      checkAlive(s);
    }
    removeOrphans(true);
  }

  private void checkAlive(Sandbox sandbox) {
    try {
      agent.health(endpoints.of(sandbox));
    } catch (AgentException e) {
      if (!state.evictReady(s -> s == sandbox).isEmpty()) {
        Log.warnf(
            "ready sandbox %s stopped answering (%s); replacing it", sandbox.shortId(), e.reason());
        destroyer.destroy(sandbox);
      }
    }
  }

  /**
   * Removes orphans: the containers of a dead gateway at once, those of a gateway out of sight once
   * older than orphan-age (a live one keeps none that long), never a live gateway's; and, when
   * {@code includeOwn}, this gateway's containers the pool no longer knows of.
   */
  void removeOrphans(boolean includeOwn) {
    List<ManagedContainer> found;
    try {
      found = containers.listManaged();
    } catch (RuntimeException e) {
      Log.warnf("cannot list containers for the sweep: %s", e.getMessage());
      return;
    }
    Set<String> known = new HashSet<>();
    state.readyItems().forEach(s -> known.add(s.containerId()));
    state.leasedItems().forEach(s -> known.add(s.containerId()));
    Instant creationCutoff = clock.instant().minus(startTimeout).minusSeconds(30);
    Instant orphanCutoff = clock.instant().minus(config.orphanAge());
    Set<String> keptInstances = new HashSet<>();
    for (ManagedContainer c : found) {
      boolean foreign = !c.instanceId().equals(containers.instanceId());
      boolean remove =
          foreign
              ? config.reapForeign() && orphan(c, orphanCutoff)
              : includeOwn && !known.contains(c.containerId()) && c.createdBefore(creationCutoff);
      if (!remove) {
        keptInstances.add(c.instanceId());
        continue;
      }
      try {
        containers.remove(c);
        Log.infof("reaped %s container %s", foreign ? "orphaned" : "untracked", c.shortId());
      } catch (RuntimeException e) {
        keptInstances.add(c.instanceId());
        Log.warnf("reaping container %s failed: %s", c.shortId(), e.getMessage());
      }
    }
    liveness.forgetDead(keptInstances);
  }

  private boolean orphan(ManagedContainer c, Instant orphanCutoff) {
    return switch (liveness.of(c.instanceId())) {
      case ALIVE -> false;
      case DEAD -> true;
      case UNKNOWN -> c.createdBefore(orphanCutoff);
    };
  }
}
