package io.sandgate.http;

import java.util.List;

/**
 * Where each API starts, in one place: resources take their paths from here, and so do the filters
 * that authenticate an API, limit its bodies and shape its errors ({@link FrontDoor}).
 */
public final class Routes {

  /** Sandgate's own API. */
  public static final String API = "/v1";

  /** Function calls, {@code /fn/{tenant}/{name}}. */
  public static final String FUNCTIONS = "/fn";

  /** Piston's v2 API. */
  public static final String PISTON = "/api/v2";

  /** Judge0 CE's API, at the root as Judge0 serves it. */
  public static final String JUDGE0_SUBMISSIONS = "/submissions";

  public static final String JUDGE0_LANGUAGES = "/languages";
  public static final String JUDGE0_STATUSES = "/statuses";
  public static final String JUDGE0_ABOUT = "/about";

  /** Judge0 CE's API as a whole. */
  public static final List<String> JUDGE0 =
      List.of(JUDGE0_SUBMISSIONS, JUDGE0_LANGUAGES, JUDGE0_STATUSES, JUDGE0_ABOUT);

  private Routes() {}

  /**
   * Whether {@code path} is one of {@code prefixes} or below one ({@code /v1} holds /v1/x, not
   * /v1x).
   */
  public static boolean under(String path, List<String> prefixes) {
    for (String p : prefixes) {
      if (path.startsWith(p) && (path.length() == p.length() || path.charAt(p.length()) == '/')) {
        return true;
      }
    }
    return false;
  }
}
