package io.sandgate.footprint;

import java.util.ArrayList;
import java.util.List;

/** The address ranges at which a process maps one file, read from its {@code /proc/<pid>/maps}. */
final class ExecutableMappings {

  /** One mapping: {@code length} bytes from {@code start}. */
  record Range(long start, long length) {}

  private ExecutableMappings() {}

  /**
   * The mappings of {@code file} in {@code maps} (lines of "start-end perms offset dev inode
   * path"), compared as the kernel writes them: a binary replaced since it started reads "path
   * (deleted)" here as in the link {@code /proc/self/exe}, so the two still match.
   */
  static List<Range> of(String maps, String file) {
    List<Range> ranges = new ArrayList<>();
    for (String line : maps.split("\n")) {
      String[] fields = line.trim().split("\\s+", 6);
      if (fields.length < 6 || !fields[5].equals(file)) {
        continue;
      }
      int dash = fields[0].indexOf('-');
      long start = Long.parseUnsignedLong(fields[0].substring(0, dash), 16);
      long end = Long.parseUnsignedLong(fields[0].substring(dash + 1), 16);
      ranges.add(new Range(start, end - start));
    }
    return ranges;
  }
}
