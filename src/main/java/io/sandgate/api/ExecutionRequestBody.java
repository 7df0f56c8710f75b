package io.sandgate.api;

import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * The JSON body of {@code POST /v1/executions}, as documented (parsing is {@link
 * ExecutionRequestParser}'s).
 */
@Schema(
    name = "ExecutionRequest",
    description = "A program to run once in a fresh sandbox. Unknown fields are refused.")
public record ExecutionRequestBody(
    @Schema(
            required = true,
            description = "The program, UTF-8, at most sandgate.limits.max-code-bytes",
            example = "print(sum(range(10)))")
        String code,
    @Schema(
            enumeration = {"pypy3", "python3", "python3-data"},
            defaultValue = "pypy3")
        String runtime,
    @Schema(
            description =
                "Fed to standard input, then EOF; at most sandgate.limits.max-stdin-bytes")
        String stdin,
    @Schema(description = "sys.argv[1:]") List<String> args,
    @Schema(
            description =
                "Wall-clock limit in ms: 1 to the tenant's maximum (sandgate.tenant-defaults.max-timeout);"
                    + " sandgate.limits.default-timeout when absent",
            minimum = "1")
        Long timeoutMs,
    @Schema(
            description =
                "Files written beside the program before it starts (read-only to it), at most"
                    + " sandgate.limits.max-files and sandgate.limits.max-files-bytes together")
        List<File> files) {

  /** A file beside the program. */
  @Schema(name = "ExecutionFile")
  public record File(
      @Schema(
              required = true,
              description =
                  "A relative path of plain names (letters, digits, . _ -), at most"
                      + " 8 deep; not at or under a name the sandbox makes: main.py, out (and .matplotlib on"
                      + " python3-data)",
              example = "data/input.csv")
          String name,
      @Schema(required = true, description = "The content, as encoding says") String content,
      @Schema(
              enumeration = {"utf8", "base64"},
              defaultValue = "utf8")
          String encoding) {}
}
