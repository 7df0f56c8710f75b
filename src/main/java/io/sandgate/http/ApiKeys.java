package io.sandgate.http;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * Where a request carries its tenant's key: {@code Authorization: Bearer <key>}, HTTP Basic (for
 * clients that take only a server URL), {@code X-API-Key}, or Judge0's {@code X-Auth-Token}.
 */
public final class ApiKeys {

  /** The headers that may carry a key: never handed on (to a function's handler, to a log). */
  public static final List<String> HEADERS = List.of("authorization", "x-api-key", "x-auth-token");

  private static final String BEARER = "Bearer ";
  private static final String BASIC = "Basic ";

  private ApiKeys() {}

  /**
   * The key the request carries, or null; {@code header} reads a header by name (null when absent).
   */
  public static String from(UnaryOperator<String> header) {
    String authorization = header.apply("Authorization");
    if (authorization != null && authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
      return authorization.substring(BEARER.length()).trim();
    }
    if (authorization != null && authorization.regionMatches(true, 0, BASIC, 0, BASIC.length())) {
      return basicKey(authorization.substring(BASIC.length()).trim());
    }
    String key = header.apply("X-API-Key");
    if (key == null) {
      key = header.apply("X-Auth-Token");
    }
    return key == null ? null : key.trim();
  }

  /**
   * HTTP Basic ({@code http://tenant:KEY@host}): the key is the password, or the user when the
   * password is empty. Unreadable credentials are no key.
   */
  static String basicKey(String credentials) {
    String decoded;
    try {
      decoded = new String(Base64.getDecoder().decode(credentials), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      return null;
    }
    int colon = decoded.indexOf(':');
    if (colon < 0) {
      return decoded.isEmpty() ? null : decoded;
    }
    String password = decoded.substring(colon + 1);
    String key = password.isEmpty() ? decoded.substring(0, colon) : password;
    return key.isEmpty() ? null : key;
  }
}
