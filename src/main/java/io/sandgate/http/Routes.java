package io.sandgate.http;

import java.util.List;

/** Path prefixes of the APIs, in one place: who authenticates them and who shapes their errors. */
public final class Routes {

  /** Judge0 CE's API. */
  public static final List<String> JUDGE0 =
      List.of("/submissions", "/languages", "/statuses", "/about");

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
