package io.sandgate.function;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The marshal codec against a real Python's marshal (the machine's python3). */
class MarshalTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  /** Runs {@code script} with the hex of {@code input} on stdin; its stdout. */
  private static String python(String script, byte[] input)
      throws IOException, InterruptedException {
    Process p = new ProcessBuilder("python3", "-c", script).redirectErrorStream(true).start();
    p.getOutputStream().write(HexFormat.of().formatHex(input).getBytes(StandardCharsets.US_ASCII));
    p.getOutputStream().close();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
    assertTrue(p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0, out);
    return out;
  }

  private static JsonNode dumpedByPython(String expression) throws Exception {
    String hex =
        python(
            "import marshal, sys; sys.stdout.write(marshal.dumps(" + expression + ").hex())",
            new byte[0]);
    return Marshal.read(HexFormat.of().parseHex(hex));
  }

  @Test
  void whatTheGatewayWritesPythonReadsAsTheSameValue() throws Exception {
    String event =
        "{\"method\":\"POST\",\"headers\":{\"x-a\":\"ü €  \\u0000\"},\"query\":{\"q\":[\"1\",\"2\"]},"
            + "\"n\":7,\"big\":123456789012345678901234567890,\"neg\":-5000000000,\"f\":1.5,\"t\":true,"
            + "\"none\":null,\"empty\":{},\"list\":[]}";
    JsonNode value = JSON.readTree(event);
    String back =
        python(
            "import json, marshal, sys; print(json.dumps(marshal.loads(bytes.fromhex(sys.stdin.read())),"
                + " separators=(',', ':')))",
            Marshal.write(value));
    assertEquals(value, JSON.readTree(back));
  }

  @Test
  void whatPythonWritesTheGatewayReadsAsJson() throws Exception {
    assertEquals(
        JSON.readTree(
            "{\"kind\":\"json\",\"body\":{\"a\":[1,2.5,\"x\",null,true,false],\"b\":\"é\"}}"),
        dumpedByPython(
            "{'kind': 'json', 'body': {'a': [1, 2.5, 'x', None, True, False], 'b': 'é'}}"));
    assertEquals(
        "[-123456789012345678901234567890,2147483648,-1]",
        dumpedByPython("[-123456789012345678901234567890, 2147483648, -1]").toString());
    assertEquals(
        JSON.readTree("[[1,2],[1,2]]"),
        dumpedByPython("(lambda t: [t, t])((1, 2))"),
        "shared objects");
    assertEquals(
        JSON.readTree("{\"1\":\"int\",\"false\":\"bool\",\"null\":\"none\"}"),
        dumpedByPython("{1: 'int', False: 'bool', None: 'none'}"),
        "keys as Python's json writes them");
    JsonNode bytes = dumpedByPython("{'body': bytes(range(256))}").get("body");
    assertTrue(bytes.isBinary());
    assertEquals(256, bytes.binaryValue().length);
    assertEquals("x".repeat(300), dumpedByPython("'x' * 300").textValue());
  }

  @Test
  void whatJsonCannotCarryIsRefusedAsPythonsJsonWould() {
    for (String[] c :
        new String[][] {
          {"{1, 2}", "set"},
          {"float('nan')", "Out of range float"},
          {"1j", "complex"},
          {"{(1, 2): 'x'}", "keys must be"},
          {"(lambda l: (l.append(l), l)[1])([])", "Circular"}
        }) {
      FunctionAnswers.Unsendable e =
          assertThrows(FunctionAnswers.Unsendable.class, () -> dumpedByPython(c[0]), c[0]);
      assertTrue(
          e.getMessage().contains(c[1]) && e.getMessage().contains("cannot be sent"),
          e.getMessage());
    }
  }

  @Test
  void whatIsNotMarshalIsRefused() {
    assertThrows(IllegalArgumentException.class, () -> Marshal.read(new byte[] {'?'}));
    assertThrows(RuntimeException.class, () -> Marshal.read(new byte[] {'u', 9, 0, 0, 0, 'a'}));
    assertThrows(IllegalArgumentException.class, () -> Marshal.read(new byte[] {'N', 'N'}));
    assertArrayEquals(new byte[] {'N'}, Marshal.write(JSON.nullNode()));
  }
}
