package io.sandgate.execution;

/**
 * A file the program left in its output directory ({@code /tmp/out}).
 *
 * @param name its path under that directory ({@code chart-1.png}, {@code tables/a.csv})
 * @param size its size in bytes
 * @param contentType from the name's extension ({@link ContentTypes})
 * @param content its bytes; null when {@code truncated}
 * @param truncated past the run's limit on output files: listed, not returned
 */
public record OutputFile(String name, long size, String contentType, byte[] content, boolean truncated) {
}
