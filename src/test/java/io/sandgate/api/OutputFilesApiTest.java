package io.sandgate.api;

import static io.sandgate.testing.Api.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.sandgate.testing.DockerEngine;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Files in and out through {@code POST /v1/executions}: what a program leaves in /tmp/out comes
 * back.
 */
@QuarkusTest
@QuarkusTestResource(DockerEngine.class)
class OutputFilesApiTest {

  /** Writes a 3×2 PNG with the standard library alone, as a program without matplotlib would. */
  private static final String WRITE_PNG =
      """
            import struct, zlib
            def chunk(kind, data):
                return struct.pack('>I', len(data)) + kind + data + struct.pack('>I', zlib.crc32(kind + data))
            rows = b''.join(b'\\x00' + b'\\xff\\x00\\x00' * 3 for _ in range(2))
            png = (b'\\x89PNG\\r\\n\\x1a\\n' + chunk(b'IHDR', struct.pack('>IIBBBBB', 3, 2, 8, 2, 0, 0, 0))
                   + chunk(b'IDAT', zlib.compress(rows)) + chunk(b'IEND', b''))
            open('/tmp/out/red.png', 'wb').write(png)
            """;

  @ParameterizedTest
  @ValueSource(strings = {"pypy3", "python3"})
  void aProgramReadsItsFilesAndItsOutputsComeBackTyped(String runtime) throws Exception {
    String code =
        """
                import csv
                rows = list(csv.reader(open('data/in.csv')))
                total = sum(int(r[1]) for r in rows[1:])
                open('/tmp/out/summary.csv', 'w').write('total\\n%d\\n' % total)
                """
            + WRITE_PNG;
    JsonPath run =
        given()
            .contentType(ContentType.JSON)
            .body(
                Map.of(
                    "runtime",
                    runtime,
                    "code",
                    code,
                    "files",
                    List.of(Map.of("name", "data/in.csv", "content", "name,n\na,2\nb,40\n"))))
            .when()
            .post("/v1/executions")
            .then()
            .statusCode(200)
            .body("exitCode", equalTo(0))
            .body("files", hasSize(2))
            .body("filesTruncated", equalTo(false))
            .extract()
            .jsonPath();

    assertEquals("red.png", run.getString("files[0].name"));
    assertEquals("image/png", run.getString("files[0].contentType"));
    assertEquals("base64", run.getString("files[0].encoding"));
    BufferedImage png =
        ImageIO.read(
            new ByteArrayInputStream(
                Base64.getDecoder().decode(run.getString("files[0].content"))));
    assertNotNull(png, "the PNG decodes");
    assertEquals(3, png.getWidth());
    assertEquals(0xffff0000, png.getRGB(1, 1));

    assertEquals("summary.csv", run.getString("files[1].name"));
    assertEquals("text/csv", run.getString("files[1].contentType"));
    assertEquals("utf8", run.getString("files[1].encoding"));
    assertEquals("total\n42\n", run.getString("files[1].content"));
    assertEquals(9, run.getInt("files[1].size"));
  }

  @Test
  void textThatIsNotUtf8TravelsAsBase64() {
    JsonPath run = run("open('/tmp/out/latin1.txt', 'wb').write('caf\\xe9'.encode('latin-1'))");
    assertEquals("text/plain", run.getString("files[0].contentType"));
    assertEquals("base64", run.getString("files[0].encoding"));
    assertEquals(
        "caf\u00e9",
        new String(
            Base64.getDecoder().decode(run.getString("files[0].content")),
            StandardCharsets.ISO_8859_1));
  }

  @Test
  void aFilePastTheOutputLimitIsListedWithoutItsContent() {
    given()
        .contentType(ContentType.JSON)
        .body(
            Map.of(
                "runtime",
                "python3",
                "code",
                """
                open('/tmp/out/big.bin', 'wb').write(b'x' * (5 << 20))
                open('/tmp/out/small.json', 'w').write('{"ok": true}')
                """))
        .when()
        .post("/v1/executions")
        .then()
        .statusCode(200)
        .body("exitCode", equalTo(0))
        .body("filesTruncated", equalTo(true))
        .body("files[0].name", equalTo("big.bin"))
        .body("files[0].size", equalTo(5 << 20))
        .body("files[0].truncated", equalTo(true))
        .body("files[0].content", nullValue())
        .body("files[0].encoding", nullValue())
        .body("files[1].name", equalTo("small.json"))
        .body("files[1].contentType", equalTo("application/json"))
        .body("files[1].content", equalTo("{\"ok\": true}"));
  }

  @Test
  void linksInTheOutputDirectoryAreNotFollowed() {
    JsonPath run =
        run(
            """
                import os
                os.symlink('/etc/passwd', '/tmp/out/passwd')
                os.symlink('/opt/sandgate', '/tmp/out/agent')
                open('/tmp/out/mine.txt', 'w').write('mine')
                """);
    assertEquals(List.of("mine.txt"), run.getList("files.name"));
  }

  @Test
  void namesThatAreNotUtf8ComeBackDistinctAndWhole() {
    JsonPath run =
        run(
            """
                import os
                os.mkdir(b'/tmp/out/d\\xe2\\x82')
                for raw in (b'bad\\xff.txt', b'bad\\xfe.txt', b'bad%FF.txt', b'caf\\xc3\\xa9.txt', b'd\\xe2\\x82/x'):
                    open(b'/tmp/out/' + raw, 'wb').write(b'from ' + raw)
                """);
    List<Map<String, Object>> files = run.getList("files");
    assertEquals(5, files.size(), files.toString());
    Map<String, String> named = new HashMap<>();
    for (Map<String, Object> f : files) {
      String name = (String) f.get("name");
      // The raw name: its bytes when it is not UTF-8, else the name itself.
      byte[] raw =
          f.containsKey("nameBase64")
              ? Base64.getDecoder().decode((String) f.get("nameBase64"))
              : name.getBytes(StandardCharsets.UTF_8);
      String key = new String(raw, StandardCharsets.ISO_8859_1);
      assertNull(named.put(key, name), "two entries for one name: " + files);
      String content = (String) f.get("content");
      byte[] bytes =
          "utf8".equals(f.get("encoding"))
              ? content.getBytes(StandardCharsets.UTF_8)
              : Base64.getDecoder().decode(content);
      assertEquals(
          "from " + key,
          new String(bytes, StandardCharsets.ISO_8859_1),
          "each name leads to its file");
    }
    Map<String, String> expected =
        Map.of(
            "bad\u00ff.txt", "bad%FF.txt",
            "bad\u00fe.txt", "bad%FE.txt",
            "bad%FF.txt", "bad%FF.txt",
            "caf\u00c3\u00a9.txt", "caf\u00e9.txt",
            "d\u00e2\u0082/x", "d%E2%82/x");
    assertEquals(expected, named, "raw name (as Latin-1) to the name shown");
    assertEquals(
        List.of("bad%FF.txt", "caf\u00e9.txt"),
        files.stream().filter(f -> !f.containsKey("nameBase64")).map(f -> f.get("name")).toList(),
        "only a name that is not UTF-8 has nameBase64");
  }

  @Test
  void aRunThatWritesNothingThereHasNoFiles() {
    given()
        .contentType(ContentType.TEXT)
        .body("print(1)")
        .when()
        .post("/v1/executions")
        .then()
        .statusCode(200)
        .body("files", hasSize(0))
        .body("filesTruncated", equalTo(false));
  }

  private static JsonPath run(String code) {
    return given()
        .contentType(ContentType.JSON)
        .body(Map.of("runtime", "python3", "code", code))
        .when()
        .post("/v1/executions")
        .then()
        .statusCode(200)
        .body("exitCode", equalTo(0))
        .extract()
        .jsonPath();
  }
}
