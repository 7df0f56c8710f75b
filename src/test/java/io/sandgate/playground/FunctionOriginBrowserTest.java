package io.sandgate.playground;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.sandgate.testing.Api;
import io.sandgate.testing.DockerEngine;
import io.sandgate.testing.Management;
import io.sandgate.testing.NodeScripts;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The key-theft attack of the security review, in a real Chromium (function-origin.mjs): tenant
 * other deploys a public function answering a page whose script reads the playground's key from
 * sessionStorage and registers a service worker with scope {@code /} (its handler answering {@code
 * Service-Worker-Allowed: /} for the worker's script); a tab where the test tenant's key was typed
 * into the playground follows a link to it. The page gets no key and no worker, on the functions'
 * port and on the API's, and the playground stays the playground.
 */
@QuarkusTest
@QuarkusTestResource(DockerEngine.class)
class FunctionOriginBrowserTest {

  private static final Path CLIENT = Path.of("src", "test", "node", "playground");
  private static final String OTHER_KEY = "other-key-7c1d2e";

  private static final String EVIL =
      """
            PAGE = '''<!doctype html><title>evil</title><script>
            const out = {};
            try { out.key = sessionStorage.getItem("sandgate.apiKey"); } catch (e) { out.key = "error:" + e.name; }
            try { out.cookie = document.cookie; } catch (e) { out.cookie = "error:" + e.name; }
            try { document.cookie = "stolen=1; path=/"; out.cookieSet = document.cookie.includes("stolen"); }
            catch (e) { out.cookieSet = "error:" + e.name; }
            (async () => {
              try {
                await navigator.serviceWorker.register(location.pathname + "/sw.js", {scope: "/"});
                out.worker = "registered";
              } catch (e) { out.worker = "error:" + e.name; }
              console.log("EVIL " + JSON.stringify(out));
            })();
            </script>'''
            WORKER = "self.addEventListener('fetch', e => e.respondWith(new Response('<title>pwned</title>',"\
                " {headers: {'Content-Type': 'text/html'}})));"

            def handler(event):
                if event['path'].endswith('/sw.js'):
                    return {'statusCode': 200, 'headers': {'Content-Type': 'text/javascript',
                            'Service-Worker-Allowed': '/'}, 'body': WORKER}
                return {'statusCode': 200, 'headers': {'Content-Type': 'text/html'}, 'body': PAGE}
            """;

  @Test
  void anotherTenantsPageGetsNeitherTheKeyNorTheOrigin() throws Exception {
    Management.awaitReady();
    String name = "evil-" + UUID.randomUUID().toString().substring(0, 8);
    // The deploy answer names the function's URL on its own origin, the functions' port.
    String url =
        RestAssured.given()
            .header("Authorization", "Bearer " + OTHER_KEY)
            .contentType(ContentType.JSON)
            .body(Map.of("code", EVIL, "runtime", "python3", "public", true))
            .put("/v1/functions/" + name)
            .then()
            .statusCode(201)
            .extract()
            .path("url");
    assertTrue(url.matches("http://localhost:[0-9]+/fn/other/" + name), url);
    NodeScripts.install(CLIENT);
    String apiBase = "http://localhost:" + RestAssured.port;
    JsonPath summary =
        new JsonPath(
            NodeScripts.run(
                CLIENT,
                List.of(
                    "node",
                    "function-origin.mjs",
                    apiBase,
                    url,
                    apiBase + "/fn/other/" + name,
                    Api.KEY),
                180));

    System.out.println("function-origin.mjs: " + summary.prettify());
    Map<String, Object> page = summary.getMap("onFunctionsOrigin");
    assertNotNull(page, "the page ran its script on the functions' origin: " + summary.prettify());
    assertFalse(
        String.valueOf(page.get("key")).contains(Api.KEY), "the key leaked: " + summary.prettify());
    assertTrue(String.valueOf(page.get("worker")).startsWith("error:"), summary.prettify());
    assertTrue(String.valueOf(page.get("cookie")).startsWith("error:"), summary.prettify());
    assertNull(summary.get("onApiPort"), "no script ran on the API's port: " + summary.prettify());
    assertTrue(
        summary.getBoolean("downloaded"),
        "on the API's port the page is a download: " + summary.prettify());
    assertEquals("Sandgate playground", summary.getString("playgroundTitle"), summary.prettify());
    assertEquals(0, summary.getInt("registrations"), summary.prettify());
  }
}
