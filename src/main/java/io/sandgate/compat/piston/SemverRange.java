package io.sandgate.compat.piston;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The version ranges Piston's clients send, as npm's semver reads them: {@code *}, {@code x}, exact
 * and partial versions ({@code 3.11.2}, {@code 3.11}, {@code 3.x}), comparators ({@code >=3.9 <4}),
 * caret and tilde ({@code ^3.9}, {@code ~3.11}), hyphen ranges ({@code 3.9 - 3.11}) and
 * alternatives ({@code 3.9 || 3.11}). A range that does not parse (numbers of more than nine digits
 * included) matches nothing, as with semver.satisfies. Prerelease and build suffixes are not read:
 * such ranges match nothing here.
 */
final class SemverRange {

  private static final Pattern COMPARATOR =
      Pattern.compile(
          "(<=|>=|<|>|=|\\^|~>?)?\\s*v?(\\*|[xX]|\\d{1,9})(?:\\.(\\*|[xX]|\\d{1,9}))?(?:\\.(\\*|[xX]|\\d{1,9}))?");
  private static final Pattern HYPHEN = Pattern.compile("(\\S+)\\s+-\\s+(\\S+)");

  /** One comparator: the version compared with {@code operator} (one of {@code < <= > >= =}). */
  private record Bound(String operator, int[] version) {

    boolean admits(int[] v) {
      int c = compare(v, version);
      return switch (operator) {
        case "<" -> c < 0;
        case "<=" -> c <= 0;
        case ">" -> c > 0;
        case ">=" -> c >= 0;
        default -> c == 0;
      };
    }
  }

  private final List<List<Bound>> alternatives;

  private SemverRange(List<List<Bound>> alternatives) {
    this.alternatives = alternatives;
  }

  /** The range, or empty when it does not parse. */
  static Optional<SemverRange> parse(String range) {
    List<List<Bound>> alternatives = new ArrayList<>();
    for (String part : range.trim().split("\\s*\\|\\|\\s*", -1)) {
      List<Bound> bounds = new ArrayList<>();
      Matcher hyphen = HYPHEN.matcher(part.trim());
      if (hyphen.matches()) {
        if (!addBounds(">=", hyphen.group(1), bounds)
            || !addBounds("<=", hyphen.group(2), bounds)) {
          return Optional.empty();
        }
      } else if (!part.isBlank()) {
        // ">= 3.9" is one comparator: join an operator to the version after it.
        for (String token :
            part.trim().replaceAll("(<=|>=|<|>|=|\\^|~>?)\\s+", "$1").split("\\s+")) {
          if (!addBounds(null, token, bounds)) {
            return Optional.empty();
          }
        }
      }
      alternatives.add(bounds);
    }
    return Optional.of(new SemverRange(alternatives));
  }

  /**
   * Whether {@code version} (such as {@code 3.11.2}; a missing part counts as 0) is in the range.
   */
  boolean admits(String version) {
    int[] v = numbers(version);
    return alternatives.stream().anyMatch(bounds -> bounds.stream().allMatch(b -> b.admits(v)));
  }

  /** Orders versions by their numbers. */
  static int compare(String a, String b) {
    return compare(numbers(a), numbers(b));
  }

  private static int compare(int[] a, int[] b) {
    for (int i = 0; i < 3; i++) {
      if (a[i] != b[i]) {
        return Integer.compare(a[i], b[i]);
      }
    }
    return 0;
  }

  private static int[] numbers(String version) {
    int[] v = new int[3];
    String[] parts = version.split("[.+-]");
    for (int i = 0; i < 3 && i < parts.length; i++) {
      v[i] = parts[i].matches("\\d{1,9}") ? Integer.parseInt(parts[i]) : 0;
    }
    return v;
  }

  /**
   * Adds the bounds of one comparator. A partial version is a range of its own: {@code 3.11} is
   * {@code >=3.11.0 <3.12.0}; {@code <=3.11} is {@code <3.12.0}; {@code >3.11} is {@code >=3.12.0}.
   */
  private static boolean addBounds(String forced, String token, List<Bound> bounds) {
    Matcher m = COMPARATOR.matcher(token);
    if (!m.matches()) {
      return false;
    }
    String operator = forced != null ? forced : m.group(1) == null ? "" : m.group(1);
    int given = 0;
    int[] v = new int[3];
    for (int i = 0; i < 3; i++) {
      String part = m.group(i + 2);
      if (part == null || part.equals("*") || part.equalsIgnoreCase("x")) {
        break;
      }
      v[i] = Integer.parseInt(part);
      given++;
    }
    int[] next = given == 0 ? null : bump(v, given - 1);
    switch (operator) {
      case "", "=" -> {
        if (given == 3) {
          bounds.add(new Bound("=", v));
        } else if (given > 0) {
          bounds.add(new Bound(">=", v));
          bounds.add(new Bound("<", next));
        }
      }
      case ">=" -> bounds.add(new Bound(">=", v));
      case ">" ->
          bounds.add(
              given == 3
                  ? new Bound(">", v)
                  : given == 0 ? new Bound("<", v) : new Bound(">=", next));
      case "<" -> bounds.add(new Bound("<", v));
      case "<=" -> {
        if (given == 3) {
          bounds.add(new Bound("<=", v));
        } else if (given > 0) {
          bounds.add(new Bound("<", next));
        }
      }
      case "^" -> {
        bounds.add(new Bound(">=", v));
        if (given > 0) {
          // The first non-zero part may not change (^0.2 is <0.3.0, ^3.9 is <4.0.0).
          int keep = 0;
          while (keep < given - 1 && v[keep] == 0) {
            keep++;
          }
          bounds.add(new Bound("<", bump(v, keep)));
        }
      }
      default -> { // "~" and "~>": the minor may not change when given, else the major
        bounds.add(new Bound(">=", v));
        if (given > 0) {
          bounds.add(new Bound("<", bump(v, given == 1 ? 0 : 1)));
        }
      }
    }
    return true;
  }

  /** The version with part {@code i} one higher and the parts after it zero. */
  private static int[] bump(int[] v, int i) {
    int[] out = new int[3];
    System.arraycopy(v, 0, out, 0, i);
    out[i] = v[i] + 1;
    return out;
  }
}
