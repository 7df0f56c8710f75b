package io.sandgate.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Test helper: looks inside containers the way an operator would, with the docker CLI. */
public final class DockerCli {

  private DockerCli() {}

  /** Runs {@code docker exec <container> <command...>} as root and returns its output. */
  public static String exec(String containerId, String... command) {
    List<String> argv = new ArrayList<>(List.of("docker", "exec", containerId));
    argv.addAll(List.of(command));
    return docker(argv);
  }

  /** Runs {@code docker <args...>} and returns its output; fails the test if docker fails. */
  public static String docker(List<String> argv) {
    return docker(argv, Duration.ofSeconds(60));
  }

  /** {@link #docker(List)} for commands that take longer, such as an image build. */
  public static String docker(List<String> argv, Duration within) {
    try {
      Process p = new ProcessBuilder(argv).redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!p.waitFor(within.toSeconds(), TimeUnit.SECONDS) || p.exitValue() != 0) {
        throw new AssertionError(String.join(" ", argv) + " failed: " + out);
      }
      return out;
    } catch (IOException e) {
      throw new AssertionError("cannot run docker", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }
}
