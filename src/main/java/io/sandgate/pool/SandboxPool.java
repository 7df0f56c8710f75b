package io.sandgate.pool;

import io.quarkus.logging.Log;
import io.sandgate.agent.AgentClient;
import io.sandgate.agent.AgentConfig;
import io.sandgate.agent.AgentEndpoint;
import io.sandgate.agent.AgentException;
import io.sandgate.agent.AgentHealth;
import io.sandgate.sandbox.ManagedContainer;
import io.sandgate.sandbox.RunnerImage;
import io.sandgate.sandbox.Sandbox;
import io.sandgate.sandbox.SandboxConfig;
import io.sandgate.sandbox.SandboxRuntime;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The warm pool of single-use sandboxes: keeps {@code size} ready, hands each out once, destroys
 * it after, refills on every lease, and reaps what is stuck, stale or orphaned.
 */
@ApplicationScoped
public class SandboxPool {

    private final SandboxRuntime runtime;
    private final AgentClient agent;
    private final RunnerImage image;
    private final PoolConfig config;
    private final SandboxConfig sandboxConfig;
    private final AgentConfig agentConfig;
    private final Clock clock;
    private final PoolState<Sandbox> state;
    private final PoolMetrics metrics;
    private final ExecutorService creators;
    private final ExecutorService destroyers;
    private final ScheduledExecutorService delayedRefills;
    private final AtomicInteger failures = new AtomicInteger();
    private volatile long nextAttemptMillis;
    private volatile boolean engineUp = true;
    private volatile boolean started;
    private volatile Map<String, String> runtimeVersions = Map.of();

    SandboxPool(SandboxRuntime runtime, AgentClient agent, RunnerImage image, PoolConfig config,
            SandboxConfig sandboxConfig, AgentConfig agentConfig, Clock clock, PoolMetrics metrics) {
        this.runtime = runtime;
        this.agent = agent;
        this.image = image;
        this.config = config;
        this.sandboxConfig = sandboxConfig;
        this.agentConfig = agentConfig;
        this.clock = clock;
        this.state = new PoolState<>(config.size(), config.maxWaiters());
        this.metrics = metrics;
        metrics.bind(this);
        this.creators = Executors.newFixedThreadPool(config.maxParallelCreations(), named("sandgate-create"));
        this.destroyers = Executors.newFixedThreadPool(2, named("sandgate-destroy"));
        this.delayedRefills = Executors.newSingleThreadScheduledExecutor(named("sandgate-refill"));
    }

    /** Prepares the image, sweeps containers left by earlier instances, and starts filling. */
    void start() {
        if (agentConfig.transport() == AgentConfig.Transport.TCP && sandboxConfig.network().isEmpty()) {
            Log.error("sandgate.agent.transport=tcp needs sandgate.sandbox.network (an internal Docker network)");
        }
        Duration liveAge = config.maxIdleAge().plus(config.reapInterval()).plus(config.leaseGrace());
        if (config.reapForeign() && config.orphanAge().compareTo(liveAge) <= 0) {
            Log.warnf("sandgate.pool.orphan-age %s is not longer than a live gateway keeps a sandbox (%s plus a run):"
                    + " gateways sharing this engine would remove each other's sandboxes", config.orphanAge(), liveAge);
        }
        image.ensure();
        sweep(false);
        started = true;
        refill();
    }

    /** {@link #acquire(Duration, Executor)} handing the sandbox back as soon as the lease closes. */
    public Lease acquire(Duration runTimeout) {
        return acquire(runTimeout, Runnable::run);
    }

    /**
     * A ready sandbox for one run that may take {@code runTimeout}; waits up to the acquire
     * timeout in FIFO order. When the lease closes, its hand-back (removal and refill) is run
     * by {@code handBack}: the API's waits until the answer has been sent.
     *
     * @throws NoSandboxException when none can be had in time
     */
    public Lease acquire(Duration runTimeout, Executor handBack) {
        if (state.closed()) {
            throw new NoSandboxException(NoSandboxException.Reason.SHUTTING_DOWN, "the gateway is shutting down", 5);
        }
        Sandbox sandbox = state.take().orElse(null);
        if (sandbox == null) {
            long waitStart = System.nanoTime();
            try {
                sandbox = await();
            } finally {
                metrics.waited(Duration.ofNanos(System.nanoTime() - waitStart));
            }
            refill();
        } else {
            metrics.waited(Duration.ZERO);
            refillSoon();
        }
        long deadline = clock.millis() + runTimeout.toMillis() + agentConfig.runGrace().toMillis()
                + config.leaseGrace().toMillis();
        state.leaseUntil(sandbox, deadline);
        return new Lease(this, sandbox, endpoint(sandbox), handBack);
    }

    private Sandbox await() {
        if (!engineUp) {
            refill();
            throw new NoSandboxException(NoSandboxException.Reason.ENGINE_DOWN,
                    "the container engine does not answer", retryAfter());
        }
        CompletableFuture<Sandbox> waiter = state.enqueue().orElseThrow(() -> new NoSandboxException(
                NoSandboxException.Reason.QUEUE_FULL, "too many requests are already waiting for a sandbox",
                retryAfter()));
        refill();
        try {
            return waiter.get(config.acquireTimeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            return claimOrGiveUp(waiter, new NoSandboxException(NoSandboxException.Reason.WAIT_TIMED_OUT,
                    "no sandbox became free within " + config.acquireTimeout().toMillis() + " ms", retryAfter()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return claimOrGiveUp(waiter, new NoSandboxException(NoSandboxException.Reason.SHUTTING_DOWN,
                    "interrupted while waiting for a sandbox", retryAfter()));
        } catch (ExecutionException | CancellationException e) {
            throw new NoSandboxException(NoSandboxException.Reason.SHUTTING_DOWN, "the gateway is shutting down", 5);
        }
    }

    /**
     * A waiter that gives up may have been handed a sandbox at that very moment: then it is ours.
     * (Handing over and abandoning hold the same lock, so a waiter no longer queued is either
     * completed or cancelled by shutdown.)
     */
    private Sandbox claimOrGiveUp(CompletableFuture<Sandbox> waiter, NoSandboxException giveUp) {
        if (state.abandon(waiter) || waiter.isCancelled()) {
            throw giveUp;
        }
        Sandbox handed = waiter.getNow(null);
        if (handed == null) {
            throw giveUp;
        }
        return handed;
    }

    /** Refills after {@code refill-delay}, or at the lease's end if that comes first (see {@link #release}). */
    private void refillSoon() {
        try {
            delayedRefills.schedule(this::refill, config.refillDelay().toMillis(), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            // shutting down: nothing to refill
        }
    }

    /** Starts as many creations as the pool lacks (bounded), unless creations are backing off. */
    public void refill() {
        if (!started || clock.millis() < nextAttemptMillis) {
            return;
        }
        int n = state.reserveCreations(config.maxParallelCreations());
        for (int i = 0; i < n; i++) {
            creators.execute(this::createOne);
        }
    }

    private void createOne() {
        Sandbox sandbox = null;
        long start = System.nanoTime();
        try {
            sandbox = runtime.create();
            AgentHealth health = agent.awaitReady(endpoint(sandbox), sandboxConfig.startTimeout());
            runtimeVersions = health.runtimes();
            metrics.created(Duration.ofNanos(System.nanoTime() - start));
            failures.set(0);
            nextAttemptMillis = 0;
            engineUp = true;
            if (!state.created(sandbox)) {
                destroyLater(sandbox);
            }
            Log.debugf("sandbox %s ready", sandbox.shortId());
        } catch (RuntimeException e) {
            state.creationFailed();
            if (sandbox != null) {
                destroyLater(sandbox);
            }
            if (!state.closed()) {
                creationFailed(e);
            }
            return;
        }
        refill();
    }

    private void creationFailed(RuntimeException e) {
        metrics.createFailed();
        int n = failures.incrementAndGet();
        long backoff = Math.min(config.maxBackoff().toMillis(), 250L << Math.min(n - 1, 10));
        nextAttemptMillis = clock.millis() + backoff;
        engineUp = runtime.ping();
        if (n == 1 || n % 20 == 0) {
            Log.errorf(e, "creating a sandbox failed (%d in a row, engine %s); retrying in %d ms",
                    n, engineUp ? "up" : "down", backoff);
        }
    }

    void release(Sandbox sandbox) {
        if (state.release(sandbox)) {
            destroyLater(sandbox);
        }
        refill();
    }

    boolean engineSawOomKill(Sandbox sandbox) {
        return runtime.oomKilled(sandbox.containerId());
    }

    boolean diedOfMemory(Sandbox sandbox) {
        return runtime.diedOfMemory(sandbox.containerId());
    }

    private void destroyLater(Sandbox sandbox) {
        try {
            destroyers.execute(() -> destroyNow(sandbox));
        } catch (RejectedExecutionException e) {
            destroyNow(sandbox);
        }
    }

    private void destroyNow(Sandbox sandbox) {
        try {
            runtime.destroy(sandbox);
            metrics.destroyed();
        } catch (RuntimeException e) {
            // The reaper finds it again by label.
            Log.warnf("removing sandbox %s failed: %s", sandbox.shortId(), e.getMessage());
        }
    }

    /** Safety net: checks the engine and refills whatever events missed. */
    void heal() {
        if (!started || state.closed()) {
            return;
        }
        if (!engineUp && runtime.ping()) {
            engineUp = true;
            nextAttemptMillis = 0;
        }
        refill();
    }

    /** Removes expired leases, stale or dead ready sandboxes, and orphans; then refills. */
    void reap() {
        if (!started || state.closed()) {
            return;
        }
        long now = clock.millis();
        for (Sandbox s : state.expireLeases(now)) {
            Log.warnf("sandbox %s held past its run's deadline; destroying it", s.shortId());
            destroyLater(s);
        }
        long maxIdle = config.maxIdleAge().toMillis();
        for (Sandbox s : state.evictReady(s -> now - s.createdAt().toEpochMilli() > maxIdle)) {
            destroyLater(s);
        }
        for (Sandbox s : state.readyItems()) {
            checkAlive(s);
        }
        sweep(true);
        refill();
    }

    private void checkAlive(Sandbox sandbox) {
        try {
            agent.health(endpoint(sandbox));
        } catch (AgentException e) {
            if (!state.evictReady(s -> s == sandbox).isEmpty()) {
                Log.warnf("ready sandbox %s stopped answering (%s); replacing it", sandbox.shortId(), e.reason());
                destroyLater(sandbox);
            }
        }
    }

    /**
     * Removes orphans (old enough containers of other instances: a crashed gateway's) and, when
     * {@code includeOwn}, this instance's containers the pool no longer knows of.
     */
    private void sweep(boolean includeOwn) {
        List<ManagedContainer> found;
        try {
            found = runtime.listManaged();
        } catch (RuntimeException e) {
            Log.warnf("cannot list containers for the sweep: %s", e.getMessage());
            return;
        }
        Set<String> known = new HashSet<>();
        state.readyItems().forEach(s -> known.add(s.containerId()));
        state.leasedItems().forEach(s -> known.add(s.containerId()));
        Instant creationCutoff = clock.instant().minus(sandboxConfig.startTimeout()).minusSeconds(30);
        Instant orphanCutoff = clock.instant().minus(config.orphanAge());
        for (ManagedContainer c : found) {
            boolean foreign = !c.instanceId().equals(runtime.instanceId());
            // Another live gateway on this engine keeps its containers younger than orphan-age.
            boolean orphan = foreign && config.reapForeign() && c.createdBefore(orphanCutoff);
            boolean lost = !foreign && includeOwn && !known.contains(c.containerId())
                    && c.createdBefore(creationCutoff);
            if (orphan || lost) {
                try {
                    runtime.remove(c);
                    Log.infof("reaped %s container %s", foreign ? "orphaned" : "untracked", c.shortId());
                } catch (RuntimeException e) {
                    Log.warnf("reaping container %s failed: %s", c.shortId(), e.getMessage());
                }
            }
        }
    }

    /** Stops taking work, lets running leases finish (bounded), then removes every container of this instance. */
    void stop() {
        List<Sandbox> ready = state.close();
        delayedRefills.shutdownNow();
        ready.forEach(this::destroyLater);
        long deadline = System.nanoTime() + config.shutdownTimeout().toNanos();
        while (state.leasedCount() > 0 && System.nanoTime() < deadline) {
            sleep(50);
        }
        // Creations under way finish and are destroyed as they land (the pool is closed).
        creators.shutdown();
        awaitTermination(creators);
        destroyers.shutdown();
        awaitTermination(destroyers);
        try {
            for (ManagedContainer c : runtime.listManaged()) {
                if (c.instanceId().equals(runtime.instanceId())) {
                    runtime.remove(c);
                }
            }
        } catch (RuntimeException e) {
            Log.warnf("could not remove every sandbox at shutdown: %s", e.getMessage());
        }
    }

    private AgentEndpoint endpoint(Sandbox sandbox) {
        if (agentConfig.transport() == AgentConfig.Transport.TCP) {
            return AgentEndpoint.tcp(sandbox.agentUrl().orElseThrow(
                    () -> new AgentException(AgentException.Reason.UNREACHABLE, "sandbox has no network address")));
        }
        return AgentEndpoint.unix(sandbox.socketPath());
    }

    private long retryAfter() {
        return engineUp ? 1 : Math.max(1, config.maxBackoff().toSeconds());
    }

    /** Versions of the runtimes, as the newest ready sandbox reported them; empty before the first. */
    public Map<String, String> runtimeVersions() {
        return runtimeVersions;
    }

    public PoolSnapshot snapshot() {
        return new PoolSnapshot(config.size(), state.readyCount(), state.creatingCount(), state.leasedCount(),
                state.waiterCount(), engineUp, started && !state.closed());
    }

    /** Container ids of the ready sandboxes, oldest first. */
    public List<String> readyContainerIds() {
        return state.readyItems().stream().map(Sandbox::containerId).toList();
    }

    /** This gateway's instance id, as stamped on its containers. */
    public String instanceId() {
        return runtime.instanceId();
    }

    /** Whether startup (image, sweep, first refill) has run. */
    public boolean started() {
        return started;
    }

    /** Whether the engine answered at the last check (a creation, or the safety net). */
    public boolean engineUp() {
        return engineUp;
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void awaitTermination(ExecutorService executor) {
        try {
            executor.awaitTermination(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static ThreadFactory named(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, prefix + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
