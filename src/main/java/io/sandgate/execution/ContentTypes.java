package io.sandgate.execution;

import java.util.Locale;
import java.util.Map;

/**
 * A file's media type from its name's extension: the common ones of data work, else octet-stream.
 */
public final class ContentTypes {

  public static final String BINARY = "application/octet-stream";

  private static final Map<String, String> BY_EXTENSION =
      Map.ofEntries(
          Map.entry("png", "image/png"),
          Map.entry("jpg", "image/jpeg"),
          Map.entry("jpeg", "image/jpeg"),
          Map.entry("gif", "image/gif"),
          Map.entry("webp", "image/webp"),
          Map.entry("svg", "image/svg+xml"),
          Map.entry("pdf", "application/pdf"),
          Map.entry("txt", "text/plain"),
          Map.entry("log", "text/plain"),
          Map.entry("md", "text/markdown"),
          Map.entry("csv", "text/csv"),
          Map.entry("tsv", "text/tab-separated-values"),
          Map.entry("html", "text/html"),
          Map.entry("htm", "text/html"),
          Map.entry("css", "text/css"),
          Map.entry("py", "text/x-python"),
          Map.entry("json", "application/json"),
          Map.entry("xml", "application/xml"),
          Map.entry("yaml", "application/yaml"),
          Map.entry("yml", "application/yaml"),
          Map.entry("zip", "application/zip"),
          Map.entry("gz", "application/gzip"),
          Map.entry("parquet", "application/vnd.apache.parquet"),
          Map.entry("npy", BINARY),
          Map.entry("pkl", BINARY));

  private ContentTypes() {}

  public static String of(String name) {
    int slash = name.lastIndexOf('/');
    int dot = name.lastIndexOf('.');
    if (dot <= slash + 1) { // no extension, or a dot file such as .env
      return BINARY;
    }
    return BY_EXTENSION.getOrDefault(name.substring(dot + 1).toLowerCase(Locale.ROOT), BINARY);
  }

  /** Whether files of this type are text, so they can travel as UTF-8 when they decode as such. */
  public static boolean textual(String contentType) {
    return contentType.startsWith("text/")
        || contentType.equals("application/json")
        || contentType.equals("application/xml")
        || contentType.equals("application/yaml")
        || contentType.equals("image/svg+xml");
  }
}
