package io.sandgate.testing;

import io.restassured.RestAssured;
import io.restassured.specification.RequestSpecification;
import org.eclipse.microprofile.config.ConfigProvider;

/** The gateway's management port (health, metrics), as configured for tests: {@code quarkus.management.test-port}. */
public final class Management {

    private Management() {
    }

    public static int port() {
        return ConfigProvider.getConfig().getValue("quarkus.management.test-port", Integer.class);
    }

    /** A request to the management port. */
    public static RequestSpecification given() {
        return RestAssured.given().port(port());
    }

    /** Waits until readiness is UP: the engine answers and the pool holds a warm sandbox. */
    public static void awaitReady() {
        PoolProbe.await(() -> given().get("/q/health/ready").statusCode() == 200, "the gateway to be ready");
    }
}
