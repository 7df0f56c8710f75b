package io.sandgate.api;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.runtime.configuration.MemorySize;
import io.sandgate.agent.AgentLimits;
import io.sandgate.agent.AgentRunRequest;
import io.sandgate.execution.ExecutionLimits;
import io.sandgate.execution.ExecutionRequest;
import io.sandgate.execution.InvalidRequestException;
import io.sandgate.execution.RequestTooLargeException;
import io.sandgate.execution.RequestValidator;
import io.sandgate.http.StrictJson;
import io.sandgate.tenant.Tenant;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Whatever a client sends as a JSON body, the parser and the validator answer with a client error
 * (400/413) or accept it — never another exception — and what they accept fits the body bound the
 * agent is given. Limits are small here so that generated requests reach them.
 */
class RequestParsingProperties {

  private static final List<String> FIELDS =
      List.of("code", "runtime", "stdin", "args", "timeoutMs");

  private final ObjectMapper json = new ObjectMapper();
  private final ExecutionRequestParser parser = new ExecutionRequestParser(new StrictJson(json));
  private final SmallLimits limits = new SmallLimits();
  private final RequestValidator validator = new RequestValidator(limits);
  private final Tenant tenant =
      new Tenant("t", 10, Duration.ofSeconds(1), 1, Duration.ofSeconds(30));
  private final AgentLimits agentLimits =
      AgentLimits.forRequests(
          limits.maxCodeBytes().asLongValue(),
          limits.maxStdinBytes().asLongValue(),
          limits.maxArgsBytes().asLongValue(),
          limits.maxArgs(),
          limits.maxFilesBytes().asLongValue(),
          limits.maxFiles());

  @Property(tries = 3000)
  void anyBodyIsAClientErrorOrARequestTheAgentCanTake(@ForAll("bodies") String body)
      throws Exception {
    ExecutionRequest request;
    Duration timeout;
    try {
      request = parser.fromJson(body.getBytes(StandardCharsets.UTF_8));
      timeout = validator.validate(tenant, request);
    } catch (InvalidRequestException | RequestTooLargeException e) {
      assertFalse(
          e.getMessage() == null || e.getMessage().isBlank(), "a problem says what is wrong");
      return;
    }
    assertTrue(timeout.toMillis() >= 1 && timeout.compareTo(tenant.maxTimeout()) <= 0);
    byte[] wire =
        json.writeValueAsBytes(
            new AgentRunRequest(
                request.code(),
                request.runtime().id(),
                request.stdin(),
                request.args(),
                timeout.toMillis(),
                1024));
    assertTrue(
        wire.length <= agentLimits.maxRequestBytes(),
        wire.length + " bytes to the agent, over its bound of " + agentLimits.maxRequestBytes());
  }

  @Provide
  Arbitrary<String> bodies() {
    Arbitrary<String> object = objects(3);
    return Arbitraries.oneOf(
        object,
        object.map(RequestParsingProperties::cutShort),
        Arbitraries.strings().ofMaxLength(64),
        Arbitraries.of(
            "[", "{\"code\":", "\"x\"", "null", "1e999", "{}{}", "{\"code\":\"x\"}]", "\ufeff{}"));
  }

  private static String cutShort(String text) {
    return text.isEmpty() ? text : text.substring(0, text.length() / 2);
  }

  /**
   * A JSON object written by hand, so that keys may repeat and strings may hold lone surrogates.
   */
  private Arbitrary<String> objects(int depth) {
    Arbitrary<String> key =
        Arbitraries.oneOf(Arbitraries.of(FIELDS), Arbitraries.strings().alpha().ofMaxLength(6))
            .map(RequestParsingProperties::quoted);
    Arbitrary<String> member =
        net.jqwik.api.Combinators.combine(key, values(depth)).as((k, v) -> k + ":" + v);
    return member.list().ofMaxSize(6).map(members -> "{" + String.join(",", members) + "}");
  }

  private Arbitrary<String> values(int depth) {
    Arbitrary<String> scalar =
        Arbitraries.oneOf(
            Arbitraries.of(
                "null", "true", "false", "0", "-1", "1.5", "1e20", "30001", "99999999999999999999"),
            Arbitraries.integers().between(-10, 40_000).map(String::valueOf),
            Arbitraries.bigIntegers()
                .between(BigInteger.TEN.pow(30).negate(), BigInteger.TEN.pow(30))
                .map(BigInteger::toString),
            texts(),
            Arbitraries.of("pypy3", "python3", "jython").map(RequestParsingProperties::quoted));
    if (depth == 0) {
      return scalar;
    }
    Arbitrary<String> array =
        Arbitraries.lazy(() -> values(depth - 1))
            .list()
            .ofMaxSize(20)
            .map(items -> "[" + String.join(",", items) + "]");
    return Arbitraries.frequencyOf(
        net.jqwik.api.Tuple.of(6, scalar),
        net.jqwik.api.Tuple.of(3, array),
        net.jqwik.api.Tuple.of(1, Arbitraries.lazy(() -> objects(depth - 1))));
  }

  /**
   * Strings of every awkward kind, escaped as JSON: NULs, controls, lone and paired surrogates,
   * long runs.
   */
  private static Arbitrary<String> texts() {
    Arbitrary<String> piece =
        Arbitraries.oneOf(
            Arbitraries.strings().ofMaxLength(20).map(RequestParsingProperties::escape),
            Arbitraries.of(
                "\\u0000",
                "\\ud800",
                "\\udc00",
                "\\ud83d\\ude00",
                "\\udc00\\ud800",
                "\\n",
                "\\\"",
                "é"),
            Arbitraries.integers().between(1, 2_000).map(n -> "\\u0000".repeat(n)),
            Arbitraries.integers().between(1, 3_000).map("x"::repeat),
            Arbitraries.integers().between(1, 800).map("€"::repeat));
    return piece.list().ofMaxSize(4).map(pieces -> "\"" + String.join("", pieces) + "\"");
  }

  private static String quoted(String s) {
    return "\"" + escape(s) + "\"";
  }

  private static String escape(String s) {
    StringBuilder out = new StringBuilder();
    for (char c : s.toCharArray()) {
      if (c == '"' || c == '\\' || c < 0x20 || Character.isSurrogate(c)) {
        out.append(String.format("\\u%04x", (int) c));
      } else {
        out.append(c);
      }
    }
    return out.toString();
  }

  /** Limits small enough for generated requests to pass them. */
  private static final class SmallLimits implements ExecutionLimits {
    @Override
    public MemorySize maxCodeBytes() {
      return new MemorySize(BigInteger.valueOf(4 * 1024));
    }

    @Override
    public MemorySize maxStdinBytes() {
      return new MemorySize(BigInteger.valueOf(8 * 1024));
    }

    @Override
    public int maxArgs() {
      return 16;
    }

    @Override
    public MemorySize maxArgsBytes() {
      return new MemorySize(BigInteger.valueOf(2 * 1024));
    }

    @Override
    public int maxFiles() {
      return 4;
    }

    @Override
    public MemorySize maxFilesBytes() {
      return new MemorySize(BigInteger.valueOf(4 * 1024));
    }

    @Override
    public int maxOutputFiles() {
      return 64;
    }

    @Override
    public MemorySize maxOutputFilesBytes() {
      return new MemorySize(BigInteger.valueOf(4 * 1024 * 1024));
    }

    @Override
    public MemorySize maxOutputBytes() {
      return new MemorySize(BigInteger.valueOf(1024));
    }

    @Override
    public Duration defaultTimeout() {
      return Duration.ofSeconds(10);
    }

    @Override
    public MemorySize maxBodyBytes() {
      return new MemorySize(BigInteger.valueOf(64 * 1024));
    }
  }
}
