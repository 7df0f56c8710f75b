package io.sandgate.testing;

import io.restassured.RestAssured;
import io.restassured.specification.RequestSpecification;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * The gateway's management port (health, metrics), as configured for tests: {@code
 * quarkus.management.test-port}.
 */
public final class Management {

  private Management() {}

  public static int port() {
    return ConfigProvider.getConfig().getValue("quarkus.management.test-port", Integer.class);
  }

  /** A request to the management port. */
  public static RequestSpecification given() {
    return RestAssured.given().port(port());
  }

  /**
   * Waits until the gateway has started (pool and store) and is ready: the engine answers, a warm
   * sandbox waits.
   */
  public static void awaitReady() {
    PoolProbe.await(
        () ->
            given().get("/q/health/started").statusCode() == 200
                && given().get("/q/health/ready").statusCode() == 200,
        "the gateway to have started and be ready");
  }
}
