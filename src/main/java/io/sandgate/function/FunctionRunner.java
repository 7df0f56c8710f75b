package io.sandgate.function;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sandgate.execution.ExecutionLimits;
import io.sandgate.execution.ExecutionResult;
import io.sandgate.execution.ExecutionService;
import io.sandgate.execution.ProgramFile;
import io.sandgate.execution.SandboxJob;
import io.sandgate.execution.SandboxRun;
import io.sandgate.tenant.Tenant;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;

/**
 * Runs one call of a function in a fresh sandbox: the program is Sandgate's bootstrap, the
 * function's module and the invocation are files beside it, and the handler's return value comes
 * back on the run's result channel, so nothing the handler prints can forge the answer.
 */
@ApplicationScoped
public class FunctionRunner {

  static final String MODULE_FILE = "function.py";
  static final String INVOCATION_FILE = "invocation.marshal";

  /**
   * The program of every call: it runs the bootstrap that the runner image holds compiled by each
   * of its interpreters (runner-image/function/bootstrap.py) as its own code, so no call compiles
   * it. The first 16 bytes of a compiled file are its header (magic number, flags, source stamp);
   * the file is closed before the handler runs.
   */
  static final String BOOTSTRAP_LOADER =
      """
            import marshal, sys
            with open("/opt/sandgate/function/__pycache__/bootstrap." + sys.implementation.cache_tag + ".pyc", "rb") as f:
                bootstrap = marshal.loads(f.read()[16:])
            exec(bootstrap)
            """;

  private final ExecutionService executions;
  private final ExecutionLimits limits;
  private final ObjectMapper json;
  private final FunctionAnswers answers;

  FunctionRunner(ExecutionService executions, ExecutionLimits limits, ObjectMapper json) {
    this.executions = executions;
    this.limits = limits;
    this.json = json;
    this.answers = new FunctionAnswers(json);
  }

  /**
   * Calls the function's handler with the event; the sandbox is handed back through {@code
   * handBack}.
   *
   * @throws FunctionFailedException when the call produced no answer that can be sent
   */
  public FunctionCall invoke(Tenant tenant, FunctionInvocation invocation, Executor handBack) {
    long outputCap = limits.maxOutputBytes().asLongValue();
    // The answer travels as base64: room for a body as large as the output cap.
    long resultCap = outputCap * 2 + 64 * 1024;
    SandboxJob job =
        SandboxJob.of(
                BOOTSTRAP_LOADER, invocation.runtime(), Duration.ofMillis(invocation.timeoutMs()))
            .files(files(invocation))
            .resultChannel(resultCap)
            .build();
    SandboxRun run = executions.run(tenant, job, handBack);
    ExecutionResult result = run.result();
    if (result.timedOut()) {
      throw failed(
          FunctionFailedException.Kind.TIMEOUT,
          "the function ran past its timeout of " + invocation.timeoutMs() + " ms",
          "",
          result);
    }
    if (result.oomKilled()) {
      throw failed(
          FunctionFailedException.Kind.OUT_OF_MEMORY, "the function ran out of memory", "", result);
    }
    String channel = run.resultChannel();
    if (channel == null || channel.isEmpty()) {
      throw failed(
          FunctionFailedException.Kind.ERROR,
          "the handler ended without an answer (exit code " + result.exitCode() + ")",
          "",
          result);
    }
    JsonNode answer = parse(channel, result);
    if ("error".equals(answer.path("kind").asText())) {
      String detail = answer.path("type").asText() + ": " + answer.path("message").asText();
      throw failed(
          FunctionFailedException.Kind.ERROR, detail, answer.path("traceback").asText(), result);
    }
    try {
      return new FunctionCall(
          answers.map(answer, invocation.cookiePath()),
          result.stdout(),
          result.stderr(),
          result.durationMs());
    } catch (FunctionAnswers.Unsendable e) {
      throw failed(FunctionFailedException.Kind.ERROR, e.getMessage(), "", result);
    }
  }

  private List<ProgramFile> files(FunctionInvocation invocation) {
    Map<String, Object> doc =
        Map.of(
            "event",
            invocation.event(),
            "handler",
            invocation.handler(),
            "env",
            invocation.env(),
            "timeoutMs",
            invocation.timeoutMs(),
            "requestId",
            invocation.requestId(),
            "name",
            invocation.name(),
            "version",
            invocation.version());
    return List.of(
        new ProgramFile(MODULE_FILE, invocation.code().getBytes(StandardCharsets.UTF_8)),
        new ProgramFile(INVOCATION_FILE, Marshal.write(json.valueToTree(doc))));
  }

  /** The channel holds one marshal-encoded dict, in base64. */
  private static JsonNode parse(String channel, ExecutionResult result) {
    try {
      return Marshal.read(Base64.getDecoder().decode(channel.strip()));
    } catch (FunctionAnswers.Unsendable e) {
      throw failed(FunctionFailedException.Kind.ERROR, e.getMessage(), "", result);
    } catch (IllegalArgumentException e) {
      // Only the handler itself can have written this (it holds the channel): its own doing.
      throw failed(
          FunctionFailedException.Kind.ERROR,
          "the handler's answer is not one the gateway reads",
          "",
          result);
    }
  }

  private static FunctionFailedException failed(
      FunctionFailedException.Kind kind, String detail, String traceback, ExecutionResult result) {
    return new FunctionFailedException(kind, detail, traceback, result.stdout(), result.stderr());
  }
}
