package io.sandgate.playground;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.path.json.JsonPath;
import io.sandgate.http.Problem;
import io.sandgate.testing.Api;
import io.sandgate.testing.DockerEngine;
import io.sandgate.testing.Management;
import io.sandgate.testing.NodeScripts;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The playground page ({@code GET /}, src/main/resources/META-INF/resources) in a real headless
 * Chromium driven by Playwright (src/test/node/playground/run.mjs): the test tenant's key, the
 * python3-data runtime, a program that prints and draws a matplotlib chart; the text shows in
 * #stdout and the chart as a PNG that decoded in the browser. The screenshot is
 * target/playground.png.
 */
@QuarkusTest
@QuarkusTestResource(DockerEngine.class)
class PlaygroundBrowserTest {

  private static final Path CLIENT = Path.of("src", "test", "node", "playground");
  private static final Path SCREENSHOT = Path.of("target", "playground.png");

  @Test
  void thePageIsServedWithoutAKey() {
    RestAssured.given()
        .get("/")
        .then()
        .statusCode(200)
        .contentType(startsWith("text/html"))
        .body(containsString("<title>Sandgate playground</title>"))
        .body(containsString("src=\"playground.js\""));
    RestAssured.given()
        .get("/playground.js")
        .then()
        .statusCode(200)
        .contentType(containsString("javascript"))
        .body(containsString("/v1/executions"));
    RestAssured.given()
        .get("/playground.css")
        .then()
        .statusCode(200)
        .contentType(startsWith("text/css"));
    // The page does not take over unknown paths: they stay problems.
    RestAssured.given()
        .get("/no-such-page")
        .then()
        .statusCode(404)
        .contentType(startsWith(Problem.MEDIA_TYPE));
  }

  @Test
  void aChartDrawnInPython3DataShowsInTheBrowser() throws Exception {
    Management.awaitReady();
    NodeScripts.install(CLIENT);
    Files.createDirectories(SCREENSHOT.toAbsolutePath().getParent());
    Files.deleteIfExists(SCREENSHOT);
    JsonPath summary =
        new JsonPath(
            NodeScripts.run(
                CLIENT,
                List.of(
                    "node",
                    "run.mjs",
                    "http://localhost:" + RestAssured.port,
                    Api.KEY,
                    SCREENSHOT.toAbsolutePath().toString()),
                180));

    assertTrue(
        summary.getString("stdout").contains("hello from the playground"), summary.prettify());
    assertTrue(summary.getInt("images") >= 1, summary.prettify());
    assertTrue(
        summary.getInt("imageWidth") > 0,
        "the chart decoded in the browser: " + summary.prettify());
    assertEquals(0, summary.getInt("exitCode"), summary.prettify());
    assertEquals("python3-data", summary.getString("runtime"), summary.prettify());
    assertTrue(summary.getBoolean("sessionStorageHasKey"), summary.prettify());
    assertTrue(!summary.getBoolean("localStorageHasKey"), summary.prettify());
    assertEquals(List.of(), summary.getList("pageErrors"), "no script error on the page");
    assertTrue(Files.size(SCREENSHOT) > 0, "the screenshot " + SCREENSHOT);
  }
}
