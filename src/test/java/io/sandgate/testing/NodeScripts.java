package io.sandgate.testing;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Node scripts of the tests (src/test/node/*): their packages installed once, then run. */
public final class NodeScripts {

  private NodeScripts() {}

  /** {@code npm ci} in {@code dir} unless its packages are there already. */
  public static void install(Path dir) throws IOException, InterruptedException {
    if (!Files.isDirectory(dir.resolve("node_modules"))) {
      run(dir, List.of("npm", "ci", "--no-audit", "--no-fund"), 300);
    }
  }

  /**
   * Runs {@code command} in {@code dir}; its standard output, once it exited 0 within {@code
   * seconds}.
   */
  public static String run(Path dir, List<String> command, int seconds)
      throws IOException, InterruptedException {
    File out = File.createTempFile("node", ".out");
    File err = File.createTempFile("node", ".err");
    try {
      Process p =
          new ProcessBuilder(command)
              .directory(dir.toFile())
              .redirectOutput(out)
              .redirectError(err)
              .start();
      boolean done = p.waitFor(seconds, TimeUnit.SECONDS);
      if (!done) {
        p.destroyForcibly();
      }
      String stdout = Files.readString(out.toPath(), StandardCharsets.UTF_8);
      assertTrue(
          done && p.exitValue() == 0,
          String.join(" ", command)
              + (done ? " failed" : " took over " + seconds + " s")
              + " (Node, npm and, for browser tests, Chromium at /usr/bin/chromium are"
              + " needed; .ci/run installs them): "
              + Files.readString(err.toPath())
              + stdout);
      return stdout;
    } finally {
      Files.deleteIfExists(out.toPath());
      Files.deleteIfExists(err.toPath());
    }
  }
}
