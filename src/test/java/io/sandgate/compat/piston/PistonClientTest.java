package io.sandgate.compat.piston;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.path.json.JsonPath;
import io.sandgate.testing.Api;
import io.sandgate.testing.DockerEngine;
import io.sandgate.testing.Management;
import io.sandgate.testing.NodeScripts;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The npm package piston-client 1.0.2 — a Piston client written by others, which takes only a
 * server URL — run with Node against the gateway (src/test/node/piston-client/run.mjs): the key
 * travels as the URL's credentials.
 */
@QuarkusTest
@QuarkusTestResource(DockerEngine.class)
class PistonClientTest {

  private static final Path CLIENT = Path.of("src", "test", "node", "piston-client");

  @Test
  void pistonClientRunsAgainstSandgateUnchanged() throws Exception {
    Management.awaitReady();
    NodeScripts.install(CLIENT);
    String server = "http://test:" + Api.KEY + "@localhost:" + RestAssured.port;
    JsonPath answers =
        new JsonPath(
            NodeScripts.run(
                CLIENT,
                List.of("node", "run.mjs", server, "http://localhost:" + RestAssured.port),
                120));

    assertTrue(
        answers.getList("runtimes.language").containsAll(List.of("python", "pypy")),
        answers.prettify());
    assertEquals(
        "['1', '2', '3']\n", answers.getString("defaults.run.stdout"), "the client's default args");
    assertEquals(0, answers.getInt("defaults.run.code"));
    assertEquals("hello\n", answers.getString("stdin.run.stdout"));
    assertEquals("['a', 'b c']\n", answers.getString("args.run.stdout"));
    assertEquals("pypy", answers.getString("args.language"));
    assertEquals("42\n", answers.getString("files.run.stdout"));
    assertEquals("TO", answers.getString("timeout.run.status"));
    assertEquals("SIGKILL", answers.getString("timeout.run.signal"));
    assertEquals("cobol-* runtime is unknown", answers.getString("unknownLanguage.message"));
    assertTrue(answers.getString("missingKey.message").contains("key"), answers.prettify());
  }
}
