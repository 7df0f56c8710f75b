package io.sandgate.api;

import static io.sandgate.testing.Api.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.matchesPattern;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.ValidatableResponse;
import io.sandgate.testing.DockerEngine;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

/**
 * The python3-data runtime through the API: its libraries import with a clean stderr, matplotlib
 * figures come back as PNG files without the program doing anything special, and its sandboxes have
 * their own memory limit while every other runtime keeps the small one.
 */
@QuarkusTest
@QuarkusTestResource(DockerEngine.class)
class DataRuntimeApiTest {

  @Test
  void pandasImportsAndStderrStaysEmpty() {
    run("import pandas; print(pandas.__version__)")
        .body("exitCode", equalTo(0))
        .body("stdout", matchesPattern("\\d+\\.\\d+\\.\\d+\\n"))
        .body("stderr", equalTo(""))
        .body("runtime", equalTo("python3-data"));
  }

  @Test
  void theWholeStackWorksTogether() {
    String code =
        """
                import numpy as np, pandas as pd, scipy.stats, PIL.Image
                from sklearn.linear_model import LinearRegression
                x = np.arange(10.0).reshape(-1, 1)
                model = LinearRegression().fit(x, 3 * x.ravel() + 1)
                frame = pd.DataFrame({'x': x.ravel(), 'y': model.predict(x)})
                print(round(model.coef_[0], 6), round(model.intercept_, 6), int(frame['y'].sum()))
                print(round(scipy.stats.norm.cdf(0), 3), PIL.Image.new('RGB', (2, 2)).size)
                """;
    run(code)
        .body("exitCode", equalTo(0))
        .body("stderr", equalTo(""))
        .body("stdout", equalTo("3.0 1.0 145\n0.5 (2, 2)\n"));
  }

  @Test
  void shownAndStillOpenFiguresComeBackAsPngCharts() throws Exception {
    String code =
        """
                import matplotlib.pyplot as plt
                plt.plot([1, 2, 3], [1, 4, 9])
                plt.title('squares')
                plt.show()
                plt.figure(figsize=(4, 3))
                plt.bar(['a', 'b'], [3, 5])
                print('drawn')
                """;
    JsonPath answer =
        run(code)
            .body("exitCode", equalTo(0))
            .body("stderr", equalTo(""))
            .body("stdout", equalTo("drawn\n"))
            .body("files.name", equalTo(List.of("chart-1.png", "chart-2.png")))
            .extract()
            .jsonPath();
    for (int i = 0; i < 2; i++) {
      assertEquals("image/png", answer.getString("files[" + i + "].contentType"));
      assertEquals("base64", answer.getString("files[" + i + "].encoding"));
    }
    BufferedImage shown = png(answer.getString("files[0].content"));
    assertEquals(640, shown.getWidth(), "matplotlib's default 6.4 in at 100 dpi");
    assertEquals(480, shown.getHeight());
    BufferedImage open = png(answer.getString("files[1].content"));
    assertEquals(400, open.getWidth(), "the figure's own size");
    assertEquals(300, open.getHeight());
  }

  @Test
  void aFileTheProgramNamedLikeAChartIsKept() {
    String code =
        """
                import matplotlib.pyplot as plt
                open('/tmp/out/chart-1.png', 'w').write('mine')
                plt.plot([1, 2])
                """;
    run(code)
        .body("exitCode", equalTo(0))
        .body("files.name", equalTo(List.of("chart-1.png", "chart-2.png")))
        .body("files[0].content", equalTo("bWluZQ==")); // "mine", base64 as a .png is
  }

  @Test
  void theDataSandboxHasRoomThatTheOthersDoNot() {
    String allocate = "block = bytearray(200 << 20)\nprint(len(block) >> 20)\n";
    run(allocate)
        .body("exitCode", equalTo(0))
        .body("stdout", equalTo("200\n"))
        .body("oomKilled", equalTo(false));
    given()
        .contentType(ContentType.JSON)
        .body(Map.of("runtime", "python3", "code", allocate))
        .when()
        .post("/v1/executions")
        .then()
        .statusCode(200)
        .body("oomKilled", equalTo(true));
  }

  @Test
  void aMemoryBombStillMeetsTheDataLimit() {
    run("blocks = []\nwhile True:\n    blocks.append(bytearray(16 << 20))\n")
        .body("oomKilled", equalTo(true))
        .body("isError", equalTo(true));
    run("print('after')").body("exitCode", equalTo(0)).body("stdout", equalTo("after\n"));
  }

  @Test
  void theRuntimeIsListedWithItsInterpretersVersion() {
    JsonPath runtimes =
        given()
            .when()
            .get("/v1/runtimes")
            .then()
            .statusCode(200)
            .body("name", hasItem("python3-data"))
            .extract()
            .jsonPath();
    assertEquals(
        runtimes.getString("find { it.name == 'python3' }.version"),
        runtimes.getString("find { it.name == 'python3-data' }.version"));
  }

  @Test
  void aFunctionRunsOnTheDataRuntime() {
    String name = "data-" + UUID.randomUUID().toString().substring(0, 8);
    String code =
        """
                import pandas as pd
                def handler(event):
                    frame = pd.read_csv(__import__('io').StringIO(event['body']))
                    return {'rows': len(frame), 'total': int(frame['n'].sum())}
                """;
    given()
        .contentType(ContentType.JSON)
        .body(Map.of("code", code, "runtime", "python3-data"))
        .when()
        .put("/v1/functions/" + name)
        .then()
        .statusCode(201)
        .body("runtime", equalTo("python3-data"));
    given()
        .contentType(ContentType.TEXT)
        .body("name,n\na,2\nb,40\n")
        .when()
        .post("/fn/test/" + name)
        .then()
        .statusCode(200)
        .body("rows", equalTo(2))
        .body("total", equalTo(42));
    given().delete("/v1/functions/" + name).then().statusCode(204);
  }

  private static ValidatableResponse run(String code) {
    return given()
        .contentType(ContentType.JSON)
        .body(Map.of("runtime", "python3-data", "code", code))
        .when()
        .post("/v1/executions")
        .then()
        .statusCode(200);
  }

  private static BufferedImage png(String base64) throws Exception {
    BufferedImage image =
        ImageIO.read(new ByteArrayInputStream(Base64.getDecoder().decode(base64)));
    assertNotNull(image, "the PNG decodes");
    assertTrue(image.getWidth() > 0);
    return image;
  }
}
