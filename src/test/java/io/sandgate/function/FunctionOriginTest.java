package io.sandgate.function;

import static io.sandgate.testing.Api.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import io.sandgate.testing.DockerEngine;
import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Functions on an origin of their own: the functions' port serves nothing else and the API's port
 * none of them (here), a tenant's host name under the functions domain is that tenant's alone, and
 * every answer is a sandboxed document whose handler cannot reach past its tenant.
 */
@QuarkusTest
@QuarkusTestResource(DockerEngine.class)
@TestProfile(FunctionOriginTest.OwnOrigins.class)
class FunctionOriginTest {

  /** Functions on their port and under fn.test only, as a gateway ships. */
  public static class OwnOrigins implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      return Map.of(
          "sandgate.functions.origin.on-api-port",
          "false",
          "sandgate.functions.origin.domain",
          "fn.test",
          "sandgate.functions.origin.same-origin",
          "test/kept-origin",
          "sandgate.functions.origin.port",
          Integer.toString(FUNCTIONS_PORT),
          "sandgate.pool.size",
          "2");
    }
  }

  private static final String PAGE =
      """
            def handler(event):
                return {'statusCode': 200, 'headers': {'Content-Type': 'text/html'},
                        'body': '<script>document.title = sessionStorage.getItem("sandgate.apiKey")</script>'}
            """;

  /**
   * A port of its own, so that the packaged gateway (FunctionOriginIT) can be reached there too.
   */
  static final int FUNCTIONS_PORT = 18093;

  @Test
  void theFunctionsPortServesFunctionsInASandboxAndNothingElse() {
    String name = deploy(PAGE, true);
    onFunctionsPort()
        .get("/fn/test/" + name)
        .then()
        .statusCode(200)
        .header(
            "Content-Security-Policy",
            equalTo("sandbox allow-scripts allow-forms allow-popups allow-modals allow-downloads"))
        .header("X-Frame-Options", nullValue())
        .body(containsString("<script>"));
    // The playground, the API and the probes are not on this origin.
    onFunctionsPort().get("/").then().statusCode(404).contentType("application/problem+json");
    onFunctionsPort().get("/index.html").then().statusCode(404);
    onFunctionsPort().get("/playground.js").then().statusCode(404);
    onFunctionsPort()
        .header("Authorization", "Bearer test-key-0123456789")
        .get("/v1/runtimes")
        .then()
        .statusCode(404);
  }

  @Test
  void theApiPortServesNoFunctionUnlessTheOperatorLetsIt() {
    String name = deploy(PAGE, true);
    RestAssured.given()
        .get("/fn/test/" + name)
        .then()
        .statusCode(404)
        .contentType("application/problem+json")
        .body("detail", containsString("sandgate.functions.origin"));
    given().get("/fn/test/" + name).then().statusCode(404);
    // The playground stays where it is.
    RestAssured.given()
        .get("/")
        .then()
        .statusCode(200)
        .header("X-Frame-Options", "DENY")
        .header("X-Content-Type-Options", "nosniff")
        .header("Referrer-Policy", "no-referrer")
        .header("Content-Security-Policy", containsString("frame-ancestors 'none'"));
  }

  @Test
  void aTenantsHostNameServesItsFunctionsAtTheRoot() {
    String name =
        deploy(
            """
                def handler(event):
                    return {'path': event['path'], 'rawQuery': event['rawQuery']}
                """,
            true);
    RestAssured.given()
        .urlEncodingEnabled(false)
        .header("Host", "test.fn.test")
        .get("/" + name + "/a/b?x=1")
        .then()
        .statusCode(200)
        .body("path", equalTo("/a/b"))
        .body("rawQuery", equalTo("x=1"))
        .header("Content-Security-Policy", not(containsString("allow-same-origin")))
        .header("X-Frame-Options", nullValue());
    // Another tenant's host name does not serve this tenant's function.
    RestAssured.given().header("Host", "other.fn.test").get("/" + name).then().statusCode(404);
    // The tenant's origin holds only functions: no playground, no API.
    RestAssured.given().header("Host", "test.fn.test").get("/").then().statusCode(404);
    RestAssured.given()
        .header("Host", "test.fn.test")
        .header("Authorization", "Bearer test-key-0123456789")
        .get("/v1/runtimes")
        .then()
        .statusCode(404);
    // The deploy answer gives the function's URL on its own origin.
    given()
        .get("/v1/functions/" + name)
        .then()
        .statusCode(200)
        .body("url", equalTo("http://test.fn.test:" + RestAssured.port + "/" + name));
  }

  /**
   * Routes match the normalised path: a spelling that reads as a function but routes to the API,
   * the playground or another tenant is refused on a functions origin, whatever the client.
   */
  @Test
  void pathSpellingsReachNothingButFunctions() throws Exception {
    String name = deploy(PAGE, true);
    for (String path :
        List.of(
            "/fn/test/../../v1/runtimes",
            "/fn/test/%2e%2e/%2e%2e/q/openapi",
            "/fn/test/../..",
            "//fn/test/" + name,
            "/fn/test/./" + name,
            "/%66n/test/" + name)) {
      String answer = raw(FUNCTIONS_PORT, "localhost", path);
      assertTrue(answer.startsWith("HTTP/1.1 400"), path + ": " + answer);
    }
    String answer = raw(RestAssured.port, "test.fn.test", "/../other/" + name);
    assertTrue(answer.startsWith("HTTP/1.1 400"), answer);
    // On the API's port, /fn/ stays closed however it is spelt.
    for (String path :
        List.of("//fn/test/" + name, "/%66n/test/" + name, "/v1/../fn/test/" + name)) {
      String onApi = raw(RestAssured.port, "localhost", path);
      assertTrue(onApi.startsWith("HTTP/1.1 404"), path + ": " + onApi);
      assertFalse(onApi.contains("<script>"), onApi);
    }
    // Under the functions domain, only a tenant's host name: never the API, never the playground.
    for (String host : List.of("fn.test", "a.b.fn.test", "x_y.fn.test")) {
      RestAssured.given().header("Host", host).get("/").then().statusCode(404);
      RestAssured.given()
          .header("Host", host)
          .header("Authorization", "Bearer test-key-0123456789")
          .get("/v1/runtimes")
          .then()
          .statusCode(404);
    }
  }

  @Test
  void theOperatorMayGiveOneFunctionItsOriginBackOnItsOwnHost() {
    deploy(PAGE, true, "kept-origin");
    RestAssured.given()
        .header("Host", "test.fn.test")
        .get("/kept-origin")
        .then()
        .statusCode(200)
        .header("Content-Security-Policy", containsString("allow-same-origin"));
    // Never on the shared port.
    onFunctionsPort()
        .get("/fn/test/kept-origin")
        .then()
        .statusCode(200)
        .header("Content-Security-Policy", not(containsString("allow-same-origin")));
  }

  @Test
  void aHandlerCannotReachPastItsTenant() {
    for (String header :
        List.of(
            "'Service-Worker-Allowed': '/'",
            "'Clear-Site-Data': '\"*\"'",
            "'Set-Cookie': 'a=1; Path=/'",
            "'Set-Cookie': 'a=1; Path=/fn/other'",
            "'Set-Cookie': 'a=1; Path=/fn/testx'",
            "'Set-Cookie': 'a=1; Domain=fn.test'",
            "'Set-Cookie': 'a=1; Domain=localhost; Path=/fn/test'",
            "'Set-Cookie': '__Host-a=1; Path=/'",
            "'Strict-Transport-Security': 'max-age=600; includeSubDomains'",
            "'NEL': '{\"report_to\": \"x\"}'",
            "'Report-To': '{}'",
            "'Alt-Svc': 'clear'")) {
      String name =
          deploy(
              "def handler(event):\n    return {'statusCode': 200, 'headers': {"
                  + header
                  + "}, 'body': 'x'}\n",
              true);
      onFunctionsPort()
          .get("/fn/test/" + name)
          .then()
          .statusCode(500)
          .body("type", equalTo("https://sandgate.io/problems/function-error"))
          .header("Set-Cookie", nullValue())
          .header("Service-Worker-Allowed", nullValue());
    }
    String scoped =
        deploy(
            "def handler(event):\n    return {'statusCode': 200, 'headers': {'Set-Cookie':"
                + " 'a=1; Path=/fn/test/x; HttpOnly'}, 'body': 'x'}\n",
            true);
    onFunctionsPort()
        .get("/fn/test/" + scoped)
        .then()
        .statusCode(200)
        .header("Set-Cookie", "a=1; Path=/fn/test/x; HttpOnly");
    // On its own host name the tenant's whole origin is its own.
    String root =
        deploy(
            "def handler(event):\n    return {'statusCode': 200, 'headers': {'Set-Cookie':"
                + " 'a=1; Path=/'}, 'body': 'x'}\n",
            true);
    RestAssured.given()
        .header("Host", "test.fn.test")
        .get("/" + root)
        .then()
        .statusCode(200)
        .header("Set-Cookie", "a=1; Path=/");
  }

  private RequestSpecification onFunctionsPort() {
    return RestAssured.given().port(FUNCTIONS_PORT);
  }

  private static String deploy(String code, boolean isPublic) {
    return deploy(code, isPublic, "fn-" + UUID.randomUUID().toString().substring(0, 8));
  }

  private static String deploy(String code, boolean isPublic, String name) {
    given()
        .contentType(ContentType.JSON)
        .body(Map.of("code", code, "runtime", "python3", "public", isPublic))
        .put("/v1/functions/" + name)
        .then()
        .statusCode(org.hamcrest.Matchers.oneOf(200, 201));
    return name;
  }

  /** One request as written, on a socket of its own; the answer as text. */
  private static String raw(int port, String host, String path) throws IOException {
    try (Socket socket = new Socket("localhost", port)) {
      socket.setSoTimeout(60_000);
      socket
          .getOutputStream()
          .write(
              ("GET " + path + " HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n\r\n")
                  .getBytes(StandardCharsets.US_ASCII));
      return new String(socket.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
    }
  }
}
