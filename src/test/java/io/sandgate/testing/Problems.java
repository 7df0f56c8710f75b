package io.sandgate.testing;

import static org.hamcrest.Matchers.emptyOrNullString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;

import io.restassured.response.Response;
import io.restassured.response.ValidatableResponse;

/** Asserts an RFC 9457 problem answer as a client sees it. */
public final class Problems {

  private static final String BASE = "https://sandgate.io/problems/";

  private Problems() {}

  /**
   * The answer is {@code status} with a problem+json body of that type and title and some detail.
   */
  public static ValidatableResponse assertProblem(
      Response response, int status, String type, String title) {
    return response
        .then()
        .statusCode(status)
        .contentType("application/problem+json")
        .body("type", equalTo(BASE + type))
        .body("title", equalTo(title))
        .body("status", equalTo(status))
        .body("detail", not(emptyOrNullString()));
  }
}
