package io.sandgate.function;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.logging.Log;
import io.sandgate.execution.ExecutionLimits;
import io.sandgate.execution.InvalidRequestException;
import io.sandgate.execution.RequestTooLargeException;
import io.sandgate.execution.SandboxFailedException;
import io.sandgate.store.StoreException;
import io.sandgate.tenant.Tenant;
import io.sandgate.threads.GatewayThreads;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Pattern;

/**
 * Functions of a tenant: deploy (checked against the limits), read, delete, call, and the calls'
 * logs.
 */
@ApplicationScoped
public class FunctionService {

  /** Names as the contract has them: a URL path segment of its own. */
  public static final Pattern NAME = Pattern.compile("^[a-z][a-z0-9-]{0,62}$");

  /**
   * A handler's name, and an env variable's: letters, digits and '_', not starting with a digit.
   */
  private static final Pattern IDENTIFIER = Pattern.compile("^[A-Za-z_][A-Za-z0-9_]{0,127}$");

  private static final int MAX_ENV_BYTES = 32 * 1024;
  private static final int MAX_DESCRIPTION_CHARS = 1024;

  /** Invocation logs waiting to be written before a caller waits for room. */
  private static final int LOG_BACKLOG = 10_000;

  private final FunctionStore store;
  private final FunctionRunner runner;
  private final FunctionsConfig config;
  private final ExecutionLimits limits;
  private final Clock clock;
  private final MeterRegistry registry;
  private final FailureStatuses failureStatuses;
  private final ExecutorService logWriter;

  FunctionService(
      FunctionStore store,
      FunctionRunner runner,
      FunctionsConfig config,
      ExecutionLimits limits,
      Clock clock,
      MeterRegistry registry,
      FailureStatuses failureStatuses,
      GatewayThreads threads) {
    this.store = store;
    this.runner = runner;
    this.config = config;
    this.limits = limits;
    this.clock = clock;
    this.registry = registry;
    this.failureStatuses = failureStatuses;
    // One writer keeps the logs in call order; a caller meeting a full backlog waits its turn.
    this.logWriter =
        threads
            .pool("function-log-writer", 1)
            .queue(LOG_BACKLOG, GatewayThreads.Overflow.WAIT)
            .stopping(
                GatewayThreads.Stage.RESULTS, GatewayThreads.Stop.DRAIN, Duration.ofSeconds(10));
  }

  /** Checks the draft and stores it as the function's next version. */
  public FunctionStore.Deployed deploy(Tenant tenant, String name, FunctionDraft draft) {
    checkName(name);
    int codeBytes = draft.code().getBytes(StandardCharsets.UTF_8).length;
    if (codeBytes > limits.maxCodeBytes().asLongValue()) {
      throw new RequestTooLargeException(
          "'code' is " + codeBytes + " bytes; the limit is " + limits.maxCodeBytes().asLongValue());
    }
    // PostgreSQL's text holds no NUL, and no Python source needs one: refused on every store alike.
    if (draft.code().indexOf('\0') >= 0
        || draft.description().map(d -> d.indexOf('\0') >= 0).orElse(false)) {
      throw new InvalidRequestException("'code' and 'description' may not hold a NUL character");
    }
    if (!IDENTIFIER.matcher(draft.handler()).matches()) {
      throw new InvalidRequestException(
          "'handler' must be a Python identifier, the name of a function in the code");
    }
    Duration timeout = draft.timeout().orElse(min(limits.defaultTimeout(), tenant.maxTimeout()));
    if (timeout.compareTo(tenant.maxTimeout()) > 0) {
      throw new InvalidRequestException(
          "'timeoutMs' is "
              + timeout.toMillis()
              + "; this tenant's maximum is "
              + tenant.maxTimeout().toMillis());
    }
    checkEnv(draft.env());
    if (draft.description().map(String::length).orElse(0) > MAX_DESCRIPTION_CHARS) {
      throw new InvalidRequestException(
          "'description' is longer than " + MAX_DESCRIPTION_CHARS + " characters");
    }
    FunctionVersion version =
        new FunctionVersion(
            tenant.name(),
            name,
            0,
            draft.runtime(),
            draft.handler(),
            timeout.toMillis(),
            draft.isPublic(),
            Map.copyOf(draft.env()),
            draft.description(),
            draft.rate(),
            sha256(draft.code()),
            draft.code(),
            clock.instant());
    FunctionStore.Deployed deployed =
        store.deploy(version, config.keepVersions(), config.maxPerTenant());
    Log.infof(
        "deploy tenant=%s function=%s version=%d runtime=%s code=%dB public=%s",
        tenant.name(),
        name,
        deployed.version().version(),
        draft.runtime().id(),
        codeBytes,
        draft.isPublic());
    return deployed;
  }

  public List<FunctionVersion> list(Tenant tenant) {
    return store.latestOfEach(tenant.name());
  }

  public FunctionVersion latest(Tenant tenant, String name) {
    return store.latest(tenant.name(), name).orElseThrow(() -> notFound(name));
  }

  public FunctionVersion version(Tenant tenant, String name, int version) {
    return store
        .version(tenant.name(), name, version)
        .orElseThrow(
            () ->
                new FunctionNotFoundException("function '" + name + "' has no version " + version));
  }

  public List<Integer> versions(Tenant tenant, String name) {
    return store.versions(tenant.name(), name);
  }

  public void delete(Tenant tenant, String name) {
    if (!store.delete(tenant.name(), name)) {
      throw notFound(name);
    }
    Log.infof("delete tenant=%s function=%s", tenant.name(), name);
  }

  public List<InvocationLog> logs(Tenant tenant, String name) {
    latest(tenant, name);
    awaitLogs();
    return store.logs(tenant.name(), name, config.keepInvocations());
  }

  /** A fresh id for one call. */
  public static String newRequestId() {
    return UUID.randomUUID().toString();
  }

  /**
   * Calls the version with {@code event} in a fresh sandbox, logs the call and its outcome. Its
   * answer may set cookies under {@code cookiePath} only (see {@link FunctionInvocation}).
   *
   * @throws FunctionFailedException when the call gave no answer that can be sent
   */
  public FunctionCall invoke(
      Tenant tenant,
      FunctionVersion function,
      FunctionEvent event,
      String cookiePath,
      Executor handBack) {
    FunctionInvocation invocation =
        new FunctionInvocation(
            function.name(),
            function.version(),
            function.runtime(),
            function.handler(),
            function.code(),
            function.env(),
            // A version deployed under a longer maximum runs within the tenant's maximum of today.
            Math.min(function.timeoutMs(), tenant.maxTimeout().toMillis()),
            event.requestId(),
            event,
            cookiePath);
    long start = System.nanoTime();
    int status = 0;
    InvocationOutcome outcome = InvocationOutcome.REFUSED;
    String stdout = "";
    String stderr = "";
    try {
      FunctionCall call = runner.invoke(tenant, invocation, handBack);
      status = call.response().status();
      outcome = InvocationOutcome.ANSWERED;
      stdout = call.stdout();
      stderr = call.stderr();
      return call;
    } catch (FunctionFailedException e) {
      outcome = InvocationOutcome.of(e.kind());
      status = failureStatuses.statusOf(outcome);
      stdout = e.stdout();
      stderr = e.stderr();
      throw e;
    } catch (SandboxFailedException e) {
      outcome = InvocationOutcome.SANDBOX_FAILURE;
      status = failureStatuses.statusOf(outcome);
      throw e;
    } finally {
      Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
      // No function tag unless configured: a tenant's functions must not grow the series without
      // bound.
      Timer.Builder timer =
          Timer.builder("sandgate.function.invocations")
              .description(
                  "Function calls by outcome (answered, error, timeout, out_of_memory, sandbox_failure,"
                      + " refused: no sandbox or over the quota)")
              .tag("outcome", outcome.tag())
              .publishPercentileHistogram();
      if (config.metricsPerFunction()) {
        timer.tag("tenant", tenant.name()).tag("function", function.name());
      }
      timer.register(registry).record(elapsed);
      if (outcome.ran()) {
        // Never the code, the body or a key: the outcome and its size.
        Log.infof(
            "invoke tenant=%s function=%s version=%d request=%s status=%d %dms",
            tenant.name(),
            function.name(),
            function.version(),
            event.requestId(),
            status,
            elapsed.toMillis());
        int keep = config.logOutputChars();
        logQuietly(
            tenant,
            function,
            new InvocationLog(
                event.requestId(),
                function.version(),
                status,
                elapsed.toMillis(),
                clock.instant(),
                cut(stdout, keep),
                cut(stderr, keep)));
      }
    }
  }

  /**
   * Keeps the call's log off the answer's path: written by one thread of its own (a commit costs
   * more than the rest of the call's bookkeeping), in call order.
   */
  private void logQuietly(Tenant tenant, FunctionVersion function, InvocationLog entry) {
    try {
      logWriter.execute(
          () -> {
            try {
              store.log(tenant.name(), function.name(), entry, config.keepInvocations());
            } catch (StoreException e) {
              Log.warnf(
                  "could not keep the log of %s/%s: %s",
                  tenant.name(), function.name(), e.getMessage());
            }
          });
    } catch (RejectedExecutionException e) {
      // The gateway is stopping and its log writer with it: the call is answered, its log is not.
      Log.debugf("log of %s/%s not kept: shutting down", tenant.name(), function.name());
    }
  }

  /** Waits until the logs of the calls answered so far are written: a reader sees its own calls. */
  private void awaitLogs() {
    try {
      logWriter.submit(() -> {}).get(30, TimeUnit.SECONDS);
    } catch (ExecutionException | TimeoutException e) {
      throw new StoreException("the invocation logs are not written yet", e);
    } catch (RejectedExecutionException e) {
      throw new StoreException("the gateway is shutting down", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new StoreException("interrupted", e);
    }
  }

  /**
   * What a log keeps of an output: its first {@code chars} UTF-16 units, less half a surrogate pair
   * at the cut (which no text encoding holds), NUL (which PostgreSQL's text cannot hold) as U+FFFD.
   */
  static String cut(String output, int chars) {
    int end = Math.min(output.length(), chars);
    if (end < output.length()
        && end > 0
        && Character.isHighSurrogate(output.charAt(end - 1))
        && Character.isLowSurrogate(output.charAt(end))) {
      end--;
    }
    return output.substring(0, end).replace('\0', '\uFFFD');
  }

  private static void checkName(String name) {
    if (!NAME.matcher(name).matches()) {
      throw new InvalidRequestException(
          "function names are 1 to 63 characters: a lower-case letter, then"
              + " lower-case letters, digits or '-'");
    }
  }

  private static void checkEnv(Map<String, String> env) {
    int bytes = 0;
    for (Map.Entry<String, String> e : env.entrySet()) {
      if (!IDENTIFIER.matcher(e.getKey()).matches() || e.getKey().startsWith("SANDGATE_")) {
        throw new InvalidRequestException(
            "env name '"
                + e.getKey()
                + "' must be an identifier (letters,"
                + " digits, '_'), not starting with SANDGATE_");
      }
      if (e.getValue().indexOf('\0') >= 0) {
        throw new InvalidRequestException("env value of '" + e.getKey() + "' holds a NUL");
      }
      bytes += e.getKey().length() + e.getValue().getBytes(StandardCharsets.UTF_8).length;
    }
    if (bytes > MAX_ENV_BYTES) {
      throw new InvalidRequestException("env holds " + bytes + " bytes; at most " + MAX_ENV_BYTES);
    }
  }

  private static FunctionNotFoundException notFound(String name) {
    return new FunctionNotFoundException("no function '" + name + "'");
  }

  private static Duration min(Duration a, Duration b) {
    return a.compareTo(b) <= 0 ? a : b;
  }

  static String sha256(String code) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256").digest(code.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
