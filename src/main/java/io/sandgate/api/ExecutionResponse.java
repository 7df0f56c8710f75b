package io.sandgate.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.sandgate.execution.ContentTypes;
import io.sandgate.execution.ExecutionResult;
import io.sandgate.execution.OutputFile;
import io.sandgate.http.Utf8;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** The body of a finished run, field for field as the API contract names them. */
public record ExecutionResponse(
    String stdout,
    String stderr,
    String combined,
    Integer exitCode,
    @JsonProperty("isError") boolean isError,
    boolean timedOut,
    boolean oomKilled,
    boolean outputTruncated,
    long durationMs,
    String runtime,
    @Schema(description = "What the program left under /tmp/out (charts as chart-1.png …), by path")
        List<File> files,
    @Schema(
            description =
                "Some output files are listed without content, or not listed, past the run's limits")
        boolean filesTruncated) {

  /** A file of the program's output directory. */
  @Schema(name = "ExecutionOutputFile")
  public record File(
      @Schema(
              description =
                  "Its path under /tmp/out. A path that is not UTF-8 has its invalid bytes and"
                      + " every '%' percent-escaped (bad%FF.txt), and comes with nameBase64",
              example = "chart-1.png")
          String name,
      @JsonInclude(JsonInclude.Include.NON_NULL)
          @Schema(
              format = "byte",
              description =
                  "The path's bytes in base64; present only when" + " the path is not valid UTF-8")
          String nameBase64,
      @Schema(description = "Size in bytes") long size,
      @Schema(description = "From the name's extension", example = "image/png") String contentType,
      @Schema(
              enumeration = {"utf8", "base64"},
              nullable = true,
              description = "utf8 for text that decodes as UTF-8, else base64; null when truncated")
          String encoding,
      @Schema(nullable = true, description = "The content as encoding says; null when truncated")
          String content,
      @Schema(description = "Past the run's limit on output files' bytes: listed without content")
          boolean truncated) {

    static File of(OutputFile f) {
      if (f.base64() == null) {
        return new File(f.name(), f.nameBase64(), f.size(), f.contentType(), null, null, true);
      }
      if (ContentTypes.textual(f.contentType())) {
        String text = Utf8.decodeOrNull(f.bytes());
        if (text != null) {
          return new File(f.name(), f.nameBase64(), f.size(), f.contentType(), "utf8", text, false);
        }
      }
      return new File(
          f.name(), f.nameBase64(), f.size(), f.contentType(), "base64", f.base64(), false);
    }
  }

  static ExecutionResponse of(ExecutionResult r) {
    return new ExecutionResponse(
        r.stdout(),
        r.stderr(),
        r.combined(),
        r.exitCode(),
        r.isError(),
        r.timedOut(),
        r.oomKilled(),
        r.outputTruncated(),
        r.durationMs(),
        r.runtime().id(),
        r.files().stream().map(File::of).toList(),
        r.filesTruncated());
  }
}
