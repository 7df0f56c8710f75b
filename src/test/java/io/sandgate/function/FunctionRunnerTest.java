package io.sandgate.function;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.sandgate.runtime.PythonRuntime;
import io.sandgate.tenant.Tenant;
import io.sandgate.tenant.TenantRegistry;
import io.sandgate.testing.DockerEngine;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A function's handler run in real sandboxes: the event in, the return value mapped to the answer.
 */
@QuarkusTest
@QuarkusTestResource(DockerEngine.class)
class FunctionRunnerTest {

  @Inject FunctionRunner runner;

  @Inject TenantRegistry tenants;

  @ParameterizedTest
  @ValueSource(strings = {"pypy3", "python3"})
  void theEventArrivesAndTheReturnValueIsTheAnswer(String runtime) {
    FunctionCall call =
        call(
            PythonRuntime.byId(runtime).orElseThrow(),
            """
                import os
                def handler(event, context):
                    print('to the logs')
                    return {'statusCode': 201, 'headers': {'X-Echo': event['headers']['x-in']},
                            'body': {'method': event['method'], 'path': event['path'], 'query': event['query'],
                                     'body': event['body'], 'env': os.environ['GREETING'],
                                     'fn': [context.function_name, context.function_version],
                                     'left': context.remaining_ms() > 0}}
                """,
            Map.of("GREETING", "hello"));
    assertEquals(201, call.response().status());
    assertEquals("in-value", call.response().headers().get("x-echo"));
    assertEquals("application/json", call.response().headers().get("content-type"));
    assertEquals(
        "{\"method\":\"POST\",\"path\":\"/a/b\",\"query\":{\"q\":[\"1\",\"2\"]},\"body\":\"payload\","
            + "\"env\":\"hello\",\"fn\":[\"echo\",3],\"left\":true}",
        body(call));
    assertEquals("to the logs\n", call.stdout());
  }

  @Test
  void eachKindOfReturnValueMapsAsTheContractSays() {
    assertEquals(
        "text/plain; charset=utf-8", returning("'hi'").response().headers().get("content-type"));
    assertEquals("hi", body(returning("'hi'")));
    assertEquals("[1,2]", body(returning("[1, 2]")));
    assertEquals("{\"a\":1}", body(returning("{'a': 1}")));
    assertEquals(
        "[1,2,\"x\"]", body(returning("(1, 2, 'x')")), "a tuple is a list, as in Python's json");
    assertEquals("true", body(returning("True")));
    assertEquals(204, returning("None").response().status());
    FunctionCall bytes = returning("bytes(range(256))");
    assertEquals("application/octet-stream", bytes.response().headers().get("content-type"));
    byte[] all = new byte[256];
    for (int i = 0; i < 256; i++) {
      all[i] = (byte) i;
    }
    assertArrayEquals(all, bytes.response().body());
    assertArrayEquals(
        all, returning("{'statusCode': 200, 'body': bytes(range(256))}").response().body());
  }

  @Test
  void aHandlerThatRaisesIsAFunctionErrorWithItsOwnTraceback() {
    FunctionFailedException e =
        assertThrows(
            FunctionFailedException.class,
            () ->
                call(
                    PythonRuntime.PYTHON3,
                    "def helper():\n    raise ValueError('bad input')\ndef handler(event):\n    helper()\n",
                    Map.of()));
    assertEquals(FunctionFailedException.Kind.ERROR, e.kind());
    assertEquals("ValueError: bad input", e.getMessage());
    assertTrue(
        e.traceback().contains("File \"/tmp/function.py\", line 2, in helper"), e.traceback());
    assertFalse(
        e.traceback().contains("main.py") || e.traceback().contains("/opt/sandgate"),
        "the loader's and the bootstrap's frames stay out: " + e.traceback());
  }

  @Test
  void returnValuesThatCannotBeSentAreFunctionErrorsNamingTheProblem() {
    assertFailure("object()", "cannot be sent");
    assertFailure("{'statusCode': 700}", "statusCode");
    assertFailure("{'statusCode': 200, 'headers': {'X-A': 'a\\r\\nSet-Cookie: x'}}", "line break");
    assertFailure("{'statusCode': 200, 'headers': {'Content-Length': '1'}}", "set by the gateway");
    assertFailure("float('nan')", "cannot be sent");
    assertFailure("{1, 2}", "Object of type set is not JSON serializable");
    assertFailure("{'a': b'x'}", "Object of type bytes is not JSON serializable");
    assertFailure("{(1, 2): 'x'}", "keys must be");
  }

  @ParameterizedTest
  @ValueSource(strings = {"pypy3", "python3"})
  void whatMarshalCannotCarryGoesOutAsPythonsJsonWritesIt(String runtime) {
    FunctionCall call =
        call(
            PythonRuntime.byId(runtime).orElseThrow(),
            """
                import collections, enum
                class Colour(enum.IntEnum):
                    RED = 1
                def handler(event):
                    return collections.OrderedDict([('colour', Colour.RED), ('big', 2 ** 70), ('t', (1.5, None))])
                """,
            Map.of());
    assertEquals("{\"colour\":1,\"big\":1180591620717411303424,\"t\":[1.5,null]}", body(call));
    FunctionFailedException e =
        assertThrows(
            FunctionFailedException.class,
            () ->
                call(
                    PythonRuntime.byId(runtime).orElseThrow(),
                    "def handler(event):\n    return [object()]\n",
                    Map.of()));
    assertTrue(
        e.getMessage().contains("Object of type object is not JSON serializable"), e.getMessage());
  }

  @Test
  void printingAFakeAnswerChangesNothing() {
    FunctionCall call =
        call(
            PythonRuntime.PYTHON3,
            """
                import sys
                def handler(event):
                    print('{"kind": "http", "statusCode": 200, "body": "forged"}')
                    sys.stderr.write('HTTP/1.1 200 OK\\r\\n\\r\\nforged')
                    return 'real'
                """,
            Map.of());
    assertEquals("real", body(call));
  }

  @Test
  void everyCallStartsFresh() {
    String counter =
        "count = 0\ndef handler(event):\n    global count\n    count += 1\n    return count\n";
    for (int i = 0; i < 3; i++) {
      assertEquals("1", body(call(PythonRuntime.PYTHON3, counter, Map.of())));
    }
  }

  @Test
  void timeoutsMemoryAndSilentDeaths() {
    FunctionFailedException slow =
        assertThrows(
            FunctionFailedException.class,
            () ->
                run(
                    PythonRuntime.PYTHON3,
                    "import time\ndef handler(event):\n    time.sleep(30)\n",
                    Map.of(),
                    1_000));
    assertEquals(FunctionFailedException.Kind.TIMEOUT, slow.kind());
    FunctionFailedException big =
        assertThrows(
            FunctionFailedException.class,
            () ->
                call(
                    PythonRuntime.PYTHON3,
                    "def handler(event):\n    x = bytearray(1024 * 1024 * 1024)\n",
                    Map.of()));
    assertTrue(
        big.kind() == FunctionFailedException.Kind.OUT_OF_MEMORY
            || big.getMessage().startsWith("MemoryError"),
        big.kind() + " " + big.getMessage());
    FunctionFailedException gone =
        assertThrows(
            FunctionFailedException.class,
            () ->
                call(
                    PythonRuntime.PYTHON3,
                    "import os\ndef handler(event):\n    os._exit(3)\n",
                    Map.of()));
    assertEquals("the handler ended without an answer (exit code 3)", gone.getMessage());
    FunctionFailedException missing =
        assertThrows(
            FunctionFailedException.class,
            () -> call(PythonRuntime.PYTHON3, "def other(event):\n    return 1\n", Map.of()));
    assertEquals("AttributeError", missing.getMessage().substring(0, "AttributeError".length()));
  }

  private FunctionCall returning(String expression) {
    return call(
        PythonRuntime.PYTHON3, "def handler(event):\n    return " + expression + "\n", Map.of());
  }

  private void assertFailure(String expression, String named) {
    FunctionFailedException e =
        assertThrows(FunctionFailedException.class, () -> returning(expression));
    assertEquals(FunctionFailedException.Kind.ERROR, e.kind());
    assertTrue(e.getMessage().contains(named), e.getMessage());
  }

  private FunctionCall call(PythonRuntime runtime, String code, Map<String, String> env) {
    return run(runtime, code, env, 10_000);
  }

  private FunctionCall run(
      PythonRuntime runtime, String code, Map<String, String> env, long timeoutMs) {
    FunctionEvent event =
        new FunctionEvent(
            "POST",
            "/a/b",
            "q=1&q=2",
            Map.of("q", List.of("1", "2")),
            Map.of("x-in", "in-value"),
            "payload",
            false,
            "req-1",
            new FunctionEvent.Function("echo", 3));
    FunctionInvocation invocation =
        new FunctionInvocation(
            "echo", 3, runtime, "handler", code, env, timeoutMs, "req-1", event, "/fn/test");
    return runner.invoke(tenant(), invocation, Runnable::run);
  }

  private Tenant tenant() {
    return tenants.tenants().stream()
        .filter(t -> t.name().equals("test"))
        .findFirst()
        .orElseThrow();
  }

  private static String body(FunctionCall call) {
    return new String(call.response().body(), StandardCharsets.UTF_8);
  }
}
