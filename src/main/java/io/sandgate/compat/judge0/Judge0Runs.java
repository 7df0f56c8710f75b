package io.sandgate.compat.judge0;

import io.quarkus.logging.Log;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import io.sandgate.execution.ExecutionRequest;
import io.sandgate.execution.ExecutionResult;
import io.sandgate.execution.ExecutionService;
import io.sandgate.execution.SandboxFailedException;
import io.sandgate.pool.NoSandboxException;
import io.sandgate.pool.SandboxPool;
import io.sandgate.sandbox.GatewayInstance;
import io.sandgate.store.StoreException;
import io.sandgate.tenant.Tenant;
import io.sandgate.tenant.TenantLimitException;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.function.Function;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Judge0 submissions from acceptance to result. {@code wait=false}: stored as In Queue, then run
 * by one of a few workers within the tenant's quotas (waiting for a sandbox or a quota slot up to
 * {@code max-wait}); the queue is bounded, past it Judge0's 503. Every result is stored before its
 * callback is sent. Submissions that a gateway left queued or running when it stopped are marked
 * Internal Error, never left Processing: at startup (all of them with the embedded store, which is
 * this gateway's alone; this instance's with a shared one) and, for any gateway, once they are
 * older than {@code abandoned-after}.
 */
@ApplicationScoped
class Judge0Runs {

    private final Judge0Store store;
    private final ExecutionService executions;
    private final Judge0Callbacks callbacks;
    private final SandboxPool pool;
    private final AsyncConfig config;
    private final Clock clock;
    private final String instance;
    private final boolean storeIsOurs;
    private final Semaphore queue;
    private final ExecutorService workers;

    Judge0Runs(Judge0Store store, ExecutionService executions, Judge0Callbacks callbacks, SandboxPool pool,
            AsyncConfig config, Clock clock, GatewayInstance instance,
            @ConfigProperty(name = "quarkus.datasource.jdbc.url") String storeUrl) {
        this.store = store;
        this.executions = executions;
        this.callbacks = callbacks;
        this.pool = pool;
        this.config = config;
        this.clock = clock;
        this.instance = instance.id();
        this.storeIsOurs = storeUrl.startsWith("jdbc:sqlite:");
        this.queue = new Semaphore(config.queueSize() + config.workers());
        this.workers = Executors.newFixedThreadPool(config.workers(), runnable -> {
            Thread thread = new Thread(runnable, "judge0-worker");
            thread.setDaemon(true);
            return thread;
        });
    }

    void abandonLeftovers(@Observes StartupEvent started) {
        Instant now = clock.instant();
        int abandoned = store.abandon(instance, storeIsOurs ? now : now.minus(config.abandonedAfter()),
                Judge0Result.internalError("the gateway stopped before this submission finished"), now);
        if (abandoned > 0) {
            Log.warnf("%d Judge0 submissions left queued or running by a stopped gateway: marked Internal Error",
                    abandoned);
        }
    }

    @Scheduled(every = "1m", delayed = "1m", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void tidy() {
        Instant now = clock.instant();
        store.expire(now);
        store.abandon("", now.minus(config.abandonedAfter()),
                Judge0Result.internalError("the gateway running this submission stopped"), now);
    }

    /**
     * Accepts {@code submissions} for later runs, all or none (their number must fit in the
     * queue): their tokens, in order.
     *
     * @throws Judge0Refusal 503 "queue is full"
     */
    List<String> enqueue(Tenant tenant, List<Judge0Submission> submissions) {
        if (!queue.tryAcquire(submissions.size())) {
            throw new Judge0Refusal(503, "queue is full");
        }
        List<Judge0Record> records = submissions.stream().map(s -> newRecord(tenant, s, Judge0Status.IN_QUEUE)).toList();
        int stored = 0;
        try {
            for (Judge0Record record : records) {
                store.insert(record, instance, expiry(record));
                stored++;
            }
        } finally {
            queue.release(submissions.size() - stored);
        }
        for (Judge0Record record : records) {
            workers.execute(() -> runQueued(tenant, record));
        }
        return records.stream().map(Judge0Record::token).toList();
    }

    /**
     * Runs {@code submission} now, on the caller's thread ({@code wait=true}), through {@code run}
     * (the HTTP request's run); stored like any other.
     */
    Judge0Record runNow(Tenant tenant, Judge0Submission submission, Function<ExecutionRequest, ExecutionResult> run) {
        Judge0Record record = newRecord(tenant, submission, Judge0Status.PROCESSING);
        store.insert(record, instance, expiry(record));
        Judge0Result result;
        try {
            result = Judge0Result.of(run.apply(request(submission)), submission);
        } catch (SandboxFailedException e) {
            Log.errorf(e, "sandbox failure (Judge0 submission %s)", record.token());
            result = Judge0Result.internalError("the sandbox failed");
        } catch (RuntimeException e) {
            // Not run (no sandbox, a quota): the submission is not left Processing.
            store.finish(record.token(), Judge0Result.internalError(e.getMessage()), clock.instant());
            throw e;
        }
        return finish(record, result);
    }

    Optional<Judge0Record> find(Tenant tenant, String token) {
        return store.find(tenant.name(), token, clock.instant());
    }

    private void runQueued(Tenant tenant, Judge0Record record) {
        try {
            if (!store.start(record.token())) {
                return; // abandoned meanwhile
            }
            finish(record, runWaiting(tenant, record));
        } catch (StoreException e) {
            Log.errorf(e, "Judge0 submission %s: the store failed", record.token());
        } finally {
            queue.release();
        }
    }

    /** A queued run waits for a sandbox and for its tenant's quota, up to max-wait. */
    private Judge0Result runWaiting(Tenant tenant, Judge0Record record) {
        Instant giveUp = clock.instant().plus(config.maxWait());
        while (true) {
            try {
                return Judge0Result.of(executions.execute(tenant, request(record.submission()), Runnable::run),
                        record.submission());
            } catch (NoSandboxException | TenantLimitException e) {
                if (clock.instant().isAfter(giveUp)) {
                    return Judge0Result.internalError("no sandbox within " + config.maxWait() + ": " + e.getMessage());
                }
                sleep(250);
            } catch (SandboxFailedException e) {
                Log.errorf(e, "sandbox failure (Judge0 submission %s)", record.token());
                return Judge0Result.internalError("the sandbox failed");
            } catch (RuntimeException e) {
                Log.errorf(e, "Judge0 submission %s failed", record.token());
                return Judge0Result.internalError(e.getMessage());
            }
        }
    }

    private Judge0Record finish(Judge0Record record, Judge0Result result) {
        Instant at = clock.instant();
        Judge0Record done = new Judge0Record(record.token(), record.tenant(), Judge0Status.byId(result.status_id()),
                record.submission(), result, record.createdAt(), at);
        if (store.finish(record.token(), result, at)) {
            callbacks.deliver(done, pool.runtimeVersions());
        }
        return done;
    }

    private Judge0Record newRecord(Tenant tenant, Judge0Submission submission, Judge0Status status) {
        return new Judge0Record(UUID.randomUUID().toString(), tenant.name(), status, submission, null,
                clock.instant(), null);
    }

    private Instant expiry(Judge0Record record) {
        return record.createdAt().plus(config.retention());
    }

    /** The run a submission asks for. */
    static ExecutionRequest request(Judge0Submission s) {
        return new ExecutionRequest(s.source_code(), s.language().runtime, s.stdin() == null ? "" : s.stdin(),
                s.args(), Optional.of(s.timeout()), List.of());
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    @PreDestroy
    void stop() {
        workers.shutdownNow();
    }

    /** For a batch's answer: the versions the language names carry. */
    Map<String, String> versions() {
        return pool.runtimeVersions();
    }
}
