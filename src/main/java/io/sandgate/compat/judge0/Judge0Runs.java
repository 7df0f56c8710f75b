package io.sandgate.compat.judge0;

import io.quarkus.logging.Log;
import io.quarkus.scheduler.Scheduled;
import io.sandgate.GatewayInstance;
import io.sandgate.execution.ExecutionRequest;
import io.sandgate.execution.ExecutionResult;
import io.sandgate.execution.ExecutionService;
import io.sandgate.execution.RuntimeCatalogue;
import io.sandgate.execution.SandboxFailedException;
import io.sandgate.execution.SandboxUnavailableException;
import io.sandgate.store.Database;
import io.sandgate.store.StoreConfig;
import io.sandgate.store.StoreException;
import io.sandgate.tenant.Tenant;
import io.sandgate.tenant.TenantLimitException;
import io.sandgate.threads.GatewayThreads;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * Judge0 submissions from acceptance to result. {@code wait=false}: stored as In Queue, then run by
 * one of a few workers within the tenant's quotas. The queue ({@link FairQueue}) serves the tenants
 * with submissions waiting in turn, so that one tenant's backlog never holds another's submission
 * up behind all of it. It is bounded (past it Judge0's 503), and so is each tenant's share of it,
 * so that one tenant cannot fill it for all; a run that finds no sandbox or its tenant's quota full
 * goes back to the end of its tenant's line (until {@code max-wait}) instead of holding a worker.
 * Every result is stored before its callback is sent. Submissions a gateway left queued or running
 * when it stopped are marked Internal Error, never left Processing: this gateway's own at its start
 * (all of them with the embedded store, which is its alone), other gateways' once they are older
 * than {@code abandoned-after}.
 */
@ApplicationScoped
class Judge0Runs {

  private static final long RETRY_MILLIS = 250;

  private final Judge0Store store;
  private final ExecutionService executions;
  private final Judge0Callbacks callbacks;
  private final RuntimeCatalogue runtimes;
  private final Judge0Config config;
  private final Clock clock;
  private final String instance;
  private final boolean storeIsOurs;
  private final Instant started;
  private final FairQueue<Queued> queue;

  /**
   * One task per submission waiting: each runs whichever submission's turn it is when it starts.
   */
  private final ExecutorService workers;

  private final ScheduledExecutorService retries;

  Judge0Runs(
      Judge0Store store,
      ExecutionService executions,
      Judge0Callbacks callbacks,
      RuntimeCatalogue runtimes,
      Judge0Config config,
      Clock clock,
      GatewayInstance instance,
      StoreConfig storeConfig,
      GatewayThreads threads) {
    this.store = store;
    this.executions = executions;
    this.callbacks = callbacks;
    this.runtimes = runtimes;
    this.config = config;
    this.clock = clock;
    this.instance = instance.id();
    this.storeIsOurs = storeConfig.embedded();
    this.started = clock.instant();
    this.queue =
        new FairQueue<>(config.queueSize() + config.workers(), config.maxQueuedPerTenant());
    // At most one task per place in the queue: each waits in the executor's queue or as a retry.
    // At shutdown the runs under way get a moment; what is left stays in the store as queued or
    // running, for the next start (or another gateway's sweep) to answer.
    this.workers =
        threads
            .pool("judge0-worker", config.workers())
            .queue(config.queueSize() + config.workers(), GatewayThreads.Overflow.REJECT)
            .stopping(
                GatewayThreads.Stage.RUNS,
                GatewayThreads.Stop.FINISH_RUNNING,
                Duration.ofSeconds(10));
    this.retries = threads.timer("judge0-retry", GatewayThreads.Stage.RUNS);
  }

  void abandonLeftovers(@Observes Database.Opened event) {
    String why = "the gateway stopped before this submission finished";
    int abandoned = abandon(store.inFlightOf(instance, started), why);
    if (storeIsOurs) {
      abandoned += abandon(store.inFlightOfOthers(instance, started), why);
    }
    if (abandoned > 0) {
      Log.warnf(
          "%d Judge0 submissions left queued or running by a stopped gateway: marked Internal Error",
          abandoned);
    }
  }

  @Scheduled(every = "1m", delayed = "1m", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
  void tidy() {
    Instant now = clock.instant();
    store.expire(now);
    abandon(
        store.inFlightOfOthers(instance, now.minus(config.abandonedAfter())),
        "the gateway running this submission stopped");
  }

  /** Answers leftovers as Internal Error, as any other finish: stored, then their callbacks. */
  private int abandon(List<Judge0Record> leftovers, String why) {
    int abandoned = 0;
    for (Judge0Record record : leftovers) {
      abandoned += finish(record, Judge0Result.internalError(why)) != null ? 1 : 0;
    }
    return abandoned;
  }

  /**
   * Accepts {@code submissions} for later runs, all or none (their number must fit in the queue and
   * in the tenant's share of it): their tokens, in order. {@code admit} runs once their places are
   * held, before anything is stored (a batch's rate): what it throws leaves nothing queued.
   *
   * @throws Judge0Refusal 503 "queue is full"
   */
  List<String> enqueue(Tenant tenant, List<Judge0Submission> submissions, Runnable admit) {
    int n = submissions.size();
    if (!queue.reserve(tenant.name(), n)) {
      throw new Judge0Refusal(503, "queue is full");
    }
    List<Judge0Record> records =
        submissions.stream().map(s -> newRecord(tenant, s, Judge0Status.IN_QUEUE)).toList();
    try {
      if (workers.isShutdown()) {
        throw new Judge0Refusal(503, "the gateway is shutting down");
      }
      admit.run();
      store.insert(records, instance, config.retention());
    } catch (RuntimeException e) {
      queue.release(tenant.name(), n);
      throw e;
    }
    Instant giveUp = clock.instant().plus(config.maxWait());
    for (Judge0Record record : records) {
      queue.add(tenant.name(), Queued.waiting(tenant, record, giveUp));
      dispatch();
    }
    return records.stream().map(Judge0Record::token).toList();
  }

  /**
   * Runs {@code submission} now, on the caller's thread ({@code wait=true}), through {@code run}
   * (the HTTP request's run); stored like any other.
   */
  Judge0Record runNow(
      Tenant tenant, Judge0Submission submission, Function<ExecutionRequest, ExecutionResult> run) {
    Judge0Record record = newRecord(tenant, submission, Judge0Status.PROCESSING);
    store.insert(List.of(record), instance, config.retention());
    Judge0Result result;
    try {
      result = Judge0Result.of(run.apply(request(submission)), submission);
    } catch (SandboxFailedException e) {
      Log.errorf(e, "sandbox failure (Judge0 submission %s)", record.token());
      result = Judge0Result.internalError("the sandbox failed");
    } catch (RuntimeException e) {
      // Not run (no sandbox, a quota): the submission is not left Processing.
      finish(record, Judge0Result.internalError("not run: " + e.getClass().getSimpleName()));
      throw e;
    }
    Judge0Record done = finish(record, result);
    return done != null ? done : find(tenant, record.token()).orElseThrow();
  }

  Optional<Judge0Record> find(Tenant tenant, String token) {
    return store.find(tenant.name(), token, clock.instant());
  }

  /** A submission in the queue, and whether it was marked Processing yet (at its first turn). */
  private record Queued(Tenant tenant, Judge0Record record, Instant giveUp, Turn turn) {

    enum Turn {
      FIRST,
      AGAIN
    }

    /** Accepted, not yet run. */
    static Queued waiting(Tenant tenant, Judge0Record record, Instant giveUp) {
      return new Queued(tenant, record, giveUp, Turn.FIRST);
    }

    /** Back in line after a turn that could not run it: Processing already. */
    Queued again() {
      return new Queued(tenant, record, giveUp, Turn.AGAIN);
    }
  }

  /**
   * A worker's turn for the queue's next submission. Refused only while the gateway stops: what is
   * queued then stays in the store, answered by the next start (or another gateway's sweep).
   */
  private void dispatch() {
    try {
      workers.execute(this::runNext);
    } catch (RejectedExecutionException stopping) {
      Log.debug("judge0 run left queued: the gateway is shutting down");
    }
  }

  /** A worker's task: the turn of whichever submission is next. */
  private void runNext() {
    queue.poll().ifPresent(this::runQueued);
  }

  /**
   * One turn of a queued submission: its run, or back to the end of its tenant's line when it
   * cannot run yet.
   */
  private void runQueued(Queued queued) {
    Judge0Record record = queued.record();
    boolean done = true;
    try {
      if (queued.turn() == Queued.Turn.FIRST && !store.start(record.token())) {
        return; // abandoned meanwhile
      }
      Judge0Result result;
      try {
        result =
            Judge0Result.of(
                executions.execute(queued.tenant(), request(record.submission()), Runnable::run),
                record.submission());
      } catch (SandboxUnavailableException | TenantLimitException e) {
        if (clock.instant().isBefore(queued.giveUp())) {
          done = false;
          Queued again = queued.again();
          try {
            retries.schedule(
                () -> {
                  queue.add(record.tenant(), again);
                  dispatch();
                },
                RETRY_MILLIS,
                TimeUnit.MILLISECONDS);
          } catch (RejectedExecutionException stopping) {
            // Shutting down: the store keeps it as Processing for the next start's sweep.
          }
          return;
        }
        result = Judge0Result.internalError("no sandbox within " + config.maxWait());
      } catch (SandboxFailedException e) {
        Log.errorf(e, "sandbox failure (Judge0 submission %s)", record.token());
        result = Judge0Result.internalError("the sandbox failed");
      }
      finish(record, result);
    } catch (StoreException e) {
      Log.errorf(e, "Judge0 submission %s: the store failed", record.token());
    } catch (RuntimeException e) {
      Log.errorf(e, "Judge0 submission %s failed", record.token());
      finish(record, Judge0Result.internalError("internal error"));
    } finally {
      if (done) {
        queue.release(record.tenant(), 1);
      }
    }
  }

  /** Stores the result, then sends its callback; null when the submission had finished already. */
  private Judge0Record finish(Judge0Record record, Judge0Result result) {
    Instant at = clock.instant();
    Judge0Record done =
        new Judge0Record(
            record.token(),
            record.tenant(),
            Judge0Status.byId(result.status_id()),
            record.submission(),
            result,
            record.createdAt(),
            at);
    if (!store.finish(record.token(), result, at, config.retention())) {
      return null;
    }
    callbacks.deliver(done, runtimes.versions());
    return done;
  }

  private Judge0Record newRecord(Tenant tenant, Judge0Submission submission, Judge0Status status) {
    return new Judge0Record(
        UUID.randomUUID().toString(),
        tenant.name(),
        status,
        submission,
        null,
        clock.instant(),
        null);
  }

  /** The run a submission asks for. */
  static ExecutionRequest request(Judge0Submission s) {
    return new ExecutionRequest(
        s.source_code(),
        s.language().runtime,
        s.stdin() == null ? "" : s.stdin(),
        s.args(),
        Optional.of(s.timeout()),
        List.of());
  }
}
