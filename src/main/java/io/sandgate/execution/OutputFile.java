package io.sandgate.execution;

import java.util.Base64;

/**
 * A file the program left in its output directory ({@code /tmp/out}).
 *
 * @param name its path under that directory ({@code chart-1.png}, {@code tables/a.csv}); a path
 *     that is not UTF-8 with its invalid bytes and every {@code %} percent-escaped ({@code
 *     bad%FF.txt})
 * @param nameBase64 the path's bytes in base64 when it is not UTF-8, else null: what tells apart
 *     (and gives back) names that no text can hold
 * @param size its size in bytes
 * @param contentType from the name's extension ({@link ContentTypes})
 * @param base64 its bytes in base64, as the agent sent them (most outputs are binary and leave as
 *     base64 again, so they are decoded only when read as text); null when {@code truncated}
 * @param truncated past the run's limit on output files: listed, not returned
 */
public record OutputFile(
    String name,
    String nameBase64,
    long size,
    String contentType,
    String base64,
    boolean truncated) {

  /** Its bytes; null when {@code truncated}. */
  public byte[] bytes() {
    return base64 == null ? null : Base64.getDecoder().decode(base64);
  }
}
