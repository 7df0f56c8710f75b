package io.sandgate.function;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class FunctionAnswersTest {

  private final ObjectMapper json = new ObjectMapper();
  private final FunctionAnswers answers = new FunctionAnswers(json);

  @Test
  void eachKindOfReturnValue() {
    assertAnswer(204, Map.of(), "", map("{\"kind\":\"none\"}"));
    assertAnswer(
        200,
        Map.of("content-type", "text/plain; charset=utf-8"),
        "héllo",
        map("{\"kind\":\"text\",\"body\":\"héllo\"}"));
    assertAnswer(
        200,
        Map.of("content-type", "application/json"),
        "[1,2]",
        map("{\"kind\":\"json\",\"body\":[1,2]}"));
    FunctionResponse bytes = map("{\"kind\":\"bytes\",\"body\":\"AP8K\"}");
    assertEquals("application/octet-stream", bytes.headers().get("content-type"));
    assertArrayEquals(new byte[] {0, (byte) 0xff, 10}, bytes.body());
  }

  @Test
  void aDictWithStatusCodeIsTheAnswer() {
    assertAnswer(
        201,
        Map.of("x-thing", "1", "content-type", "text/plain; charset=utf-8"),
        "made",
        map(
            "{\"kind\":\"http\",\"statusCode\":201,\"headers\":{\"X-Thing\":\"1\"},\"body\":\"made\"}"));
    assertAnswer(
        200,
        Map.of("content-type", "application/json"),
        "{\"a\":[1]}",
        map("{\"kind\":\"http\",\"statusCode\":200,\"body\":{\"a\":[1]}}"));
    assertAnswer(
        404,
        Map.of("content-type", "text/html"),
        "<p>no</p>",
        map(
            "{\"kind\":\"http\",\"statusCode\":404,\"headers\":{\"Content-Type\":\"text/html\"},\"body\":\"<p>no</p>\"}"));
    assertAnswer(204, Map.of(), "", map("{\"kind\":\"http\",\"statusCode\":204}"));
    FunctionResponse binary =
        map("{\"kind\":\"http\",\"statusCode\":200,\"body\":\"AP8=\",\"isBase64Encoded\":true}");
    assertArrayEquals(new byte[] {0, (byte) 0xff}, binary.body());
    assertEquals("application/octet-stream", binary.headers().get("content-type"));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "{\"kind\":\"http\",\"statusCode\":600}",
        "{\"kind\":\"http\",\"statusCode\":99}",
        "{\"kind\":\"http\",\"statusCode\":100}",
        "{\"kind\":\"http\",\"statusCode\":\"200\"}",
        "{\"kind\":\"http\",\"statusCode\":200.5}",
        "{\"kind\":\"http\",\"statusCode\":true}",
        "{\"kind\":\"http\",\"statusCode\":200,\"headers\":{\"X-A\":\"a\\r\\nSet-Cookie: evil\"}}",
        "{\"kind\":\"http\",\"statusCode\":200,\"headers\":{\"X-A\":\"a\\nb\"}}",
        "{\"kind\":\"http\",\"statusCode\":200,\"headers\":{\"Bad Name\":\"a\"}}",
        "{\"kind\":\"http\",\"statusCode\":200,\"headers\":{\"X-A\":1}}",
        "{\"kind\":\"http\",\"statusCode\":200,\"headers\":{\"Content-Length\":\"5\"}}",
        "{\"kind\":\"http\",\"statusCode\":200,\"headers\":{\"Transfer-Encoding\":\"chunked\"}}",
        "{\"kind\":\"http\",\"statusCode\":200,\"headers\":{\"Connection\":\"close\"}}",
        "{\"kind\":\"http\",\"statusCode\":200,\"headers\":{\"Sandgate-Request-Id\":\"x\"}}",
        "{\"kind\":\"http\",\"statusCode\":200,\"headers\":{\"X-A\":\"1\",\"x-a\":\"2\"}}",
        "{\"kind\":\"http\",\"statusCode\":200,\"headers\":[]}",
        "{\"kind\":\"http\",\"statusCode\":200,\"body\":5}",
        "{\"kind\":\"http\",\"statusCode\":200,\"body\":\"!!\",\"isBase64Encoded\":true}",
        "{\"kind\":\"http\",\"statusCode\":200,\"isBase64Encoded\":\"yes\"}",
        "{\"kind\":\"http\",\"statusCode\":204,\"body\":\"x\"}",
        "{\"kind\":\"weird\"}"
      })
  void whatCannotBeSentIsRefusedWithAReason(String answer) {
    FunctionAnswers.Unsendable e =
        assertThrows(FunctionAnswers.Unsendable.class, () -> map(answer));
    assertTrue(e.getMessage().length() > 10, e.getMessage());
  }

  private FunctionResponse map(String answer) {
    try {
      return answers.map(json.readTree(answer), "/fn/test");
    } catch (JsonProcessingException e) {
      throw new AssertionError(e);
    }
  }

  private static void assertAnswer(
      int status, Map<String, String> headers, String body, FunctionResponse r) {
    assertEquals(status, r.status());
    assertEquals(headers, r.headers());
    assertEquals(body, new String(r.body(), StandardCharsets.UTF_8));
  }
}
