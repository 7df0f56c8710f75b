package io.sandgate.execution;

import io.quarkus.logging.Log;
import io.sandgate.agent.AgentClient;
import io.sandgate.agent.AgentException;
import io.sandgate.agent.AgentOutputFile;
import io.sandgate.agent.AgentRunRequest;
import io.sandgate.agent.AgentRunResult;
import io.sandgate.pool.Lease;
import io.sandgate.pool.NoSandboxException;
import io.sandgate.pool.PoolSnapshot;
import io.sandgate.pool.SandboxPool;
import io.sandgate.runtime.PythonRuntime;
import io.sandgate.tenant.Tenant;
import io.sandgate.tenant.TenantGate;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executor;

/** Runs one program for a tenant: quota, a fresh sandbox from the pool, the agent, then discard. */
@ApplicationScoped
public class ExecutionService {

  private static final int SIGKILL_EXIT = 128 + 9;

  private final SandboxPool pool;
  private final AgentClient agent;
  private final TenantGate gate;
  private final ExecutionLimits limits;
  private final RequestValidator validator;
  private final ExecutionMetrics metrics;

  ExecutionService(
      SandboxPool pool,
      AgentClient agent,
      TenantGate gate,
      ExecutionLimits limits,
      RequestValidator validator,
      ExecutionMetrics metrics) {
    this.pool = pool;
    this.agent = agent;
    this.gate = gate;
    this.limits = limits;
    this.validator = validator;
    this.metrics = metrics;
  }

  /**
   * The longest a request of this tenant can take once its body has arrived: the wait for a
   * sandbox, the longest run it may ask for, and the agent's grace to answer.
   */
  public Duration longestAnswer(Tenant tenant) {
    return pool.acquireTimeout().plus(tenant.maxTimeout()).plus(agent.runGrace()).plusSeconds(5);
  }

  /** Whether the pool has started and holds as many ready sandboxes as it aims for. */
  public boolean warmedUp() {
    PoolSnapshot s = pool.snapshot();
    return pool.started() && s.ready() >= s.target();
  }

  /**
   * Runs the program. The used sandbox is handed back through {@code handBack} (its removal and the
   * creation of its successor start there): the API passes one that waits until the answer has been
   * sent.
   */
  public ExecutionResult execute(Tenant tenant, ExecutionRequest request, Executor handBack) {
    Duration timeout = validator.validate(tenant, request);
    SandboxJob job =
        SandboxJob.of(request.code(), request.runtime(), timeout)
            .stdin(request.stdin())
            .args(request.args())
            .files(request.files())
            .outputFiles()
            .build();
    long start = System.nanoTime();
    try {
      SandboxRun run = run(tenant, job, handBack);
      ExecutionResult result = run.result();
      metrics.record(
          request.runtime(), result.outcome(), Duration.ofNanos(System.nanoTime() - start));
      // Sizes (in characters) and outcome only: never code, output or keys.
      Log.infof(
          "run tenant=%s runtime=%s code=%dch stdin=%dch sandbox=%s interpreter=%s outcome=%s exit=%s %dms",
          tenant.name(),
          request.runtime().id(),
          request.code().length(),
          request.stdin().length(),
          run.sandbox(),
          run.warm() ? "warm" : "cold",
          result.outcome().tag(),
          result.exitCode(),
          result.durationMs());
      return result;
    } catch (SandboxFailedException e) {
      metrics.record(
          request.runtime(),
          RunOutcome.SANDBOX_FAILURE,
          Duration.ofNanos(System.nanoTime() - start));
      throw e;
    }
  }

  /**
   * A run of a prepared job (checked by the caller: its timeout within the tenant's maximum) under
   * the tenant's concurrency quota, in a fresh sandbox from the pool.
   *
   * @throws SandboxFailedException when the sandbox, not the program, failed
   * @throws SandboxUnavailableException when no sandbox could be had in time; nothing ran
   */
  public SandboxRun run(Tenant tenant, SandboxJob job, Executor handBack) {
    PythonRuntime runtime = job.runtime();
    AgentRunRequest wire = job.toAgent(limits);
    // Every sandbox that cannot even be connected to is discarded; the pool holds a bounded number.
    int maxAttempts = pool.snapshot().target() + 2;
    try (TenantGate.Permit permit = gate.enter(tenant)) {
      for (int attempt = 1; ; attempt++) {
        try (Lease lease = acquire(job, handBack)) {
          try {
            AgentRunResult answer = agent.run(lease.endpoint(), wire);
            return new SandboxRun(
                toResult(answer, lease, runtime), answer.result(), answer.warm(), lease.shortId());
          } catch (AgentException e) {
            if (e.reason() == AgentException.Reason.NOT_CONNECTED && attempt < maxAttempts) {
              // Nothing reached the agent, so nothing ran: another sandbox is safe.
              Log.warnf(
                  "sandbox %s did not accept the run (%s); using another",
                  lease.shortId(), e.getMessage());
              continue;
            }
            if (e.reason() == AgentException.Reason.UNREACHABLE && lease.diedOfMemory()) {
              // The kernel took the agent down with the program: the program's doing.
              return new SandboxRun(killedForMemory(runtime), null, false, lease.shortId());
            }
            throw new SandboxFailedException(
                "sandbox "
                    + lease.shortId()
                    + " failed: "
                    + e.reason()
                    + " ("
                    + e.getMessage()
                    + ")",
                e);
          }
        }
      }
    }
  }

  private Lease acquire(SandboxJob job, Executor handBack) {
    try {
      return pool.acquire(job.runtime(), job.timeout(), handBack);
    } catch (NoSandboxException e) {
      throw new SandboxUnavailableException(e.getMessage(), e.retryAfterSeconds(), e);
    }
  }

  private static ExecutionResult toResult(AgentRunResult r, Lease lease, PythonRuntime runtime) {
    // The agent counts OOM kills in its cgroup; the engine's view covers what it cannot see.
    boolean oom =
        r.oomKilled()
            || (!r.timedOut()
                && r.exitCode() != null
                && r.exitCode() == SIGKILL_EXIT
                && lease.engineSawOomKill());
    List<OutputFile> files =
        r.files() == null
            ? List.of()
            : r.files().stream().map(ExecutionService::outputFile).toList();
    boolean filesTruncated = r.filesOmitted() || files.stream().anyMatch(OutputFile::truncated);
    return new ExecutionResult(
        r.stdout(),
        r.stderr(),
        r.combined(),
        r.exitCode(),
        r.timedOut(),
        oom,
        r.outputTruncated(),
        r.durationMs(),
        runtime,
        files,
        filesTruncated);
  }

  private static OutputFile outputFile(AgentOutputFile f) {
    return new OutputFile(
        f.path(),
        f.pathBase64(),
        f.size(),
        ContentTypes.of(f.path()),
        f.content(),
        f.content() == null);
  }

  private static ExecutionResult killedForMemory(PythonRuntime runtime) {
    return new ExecutionResult(
        "",
        "",
        "",
        SIGKILL_EXIT,
        /* timedOut= */ false,
        /* oomKilled= */ true,
        /* outputTruncated= */ false,
        0,
        runtime);
  }
}
