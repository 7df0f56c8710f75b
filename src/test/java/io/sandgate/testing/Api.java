package io.sandgate.testing;

import io.restassured.RestAssured;
import io.restassured.specification.RequestSpecification;

/** RestAssured as the test tenant (configured in the test profile). */
public final class Api {

  public static final String KEY = "test-key-0123456789";

  private Api() {}

  /** A request carrying the test tenant's key. */
  public static RequestSpecification given() {
    return RestAssured.given().header("Authorization", "Bearer " + KEY);
  }
}
