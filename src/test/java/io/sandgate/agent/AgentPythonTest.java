package io.sandgate.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The agent's own unit tests (runner-image/tests, stdlib {@code unittest}) and a compile check of
 * every Python file of the runner image, on this machine's python3: the part that stands between
 * hostile code and the host is tested from the inside too.
 */
class AgentPythonTest {

  private static final Path RUNNER_IMAGE = Path.of("runner-image").toAbsolutePath();

  /** Bytecode goes here, never beside the sources that the image build copies. */
  private static final Path CACHE = Path.of("target", "python-cache").toAbsolutePath();

  private static final long TIMEOUT_SECONDS = 180;

  @Test
  void everyPythonFileCompiles() throws IOException {
    List<String> command = new ArrayList<>(List.of("python3", "-m", "py_compile"));
    try (Stream<Path> files = Files.walk(RUNNER_IMAGE)) {
      files
          .filter(p -> p.toString().endsWith(".py"))
          .map(p -> RUNNER_IMAGE.relativize(p).toString())
          .filter(p -> !p.contains("__pycache__"))
          .sorted()
          .forEach(command::add);
    }
    assertFalse(command.size() == 3, "no Python file under " + RUNNER_IMAGE);
    assertSucceeds(command);
  }

  @Test
  void unitTestsPass() throws IOException {
    assertSucceeds(List.of("python3", "-m", "unittest", "discover", "-s", "tests", "-t", "."));
  }

  /** Runs the command; on failure the assertion message is its whole output. */
  private static void assertSucceeds(List<String> command) throws IOException {
    Files.createDirectories(CACHE);
    Path log = Files.createTempFile(CACHE, "run", ".log");
    ProcessBuilder builder =
        new ProcessBuilder(command)
            .directory(RUNNER_IMAGE.toFile())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile());
    builder.environment().put("PYTHONPYCACHEPREFIX", CACHE.toString());
    Process process;
    try {
      process = builder.start();
    } catch (IOException e) {
      throw new IllegalStateException(
          "python3 runs the agent's unit tests: install it (Debian: apt-get install -y python3)",
          e);
    }
    try {
      if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        fail(String.join(" ", command.subList(0, 4)) + " ran past " + TIMEOUT_SECONDS + "s");
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
    String output = Files.readString(log, StandardCharsets.UTF_8);
    Files.delete(log);
    assertEquals(0, process.exitValue(), String.join(" ", command) + "\n" + output);
  }
}
