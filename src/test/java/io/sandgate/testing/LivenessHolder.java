package io.sandgate.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * Another gateway's liveness, as a separate process shows it: a process that listens on {@code
 * <socket-root>/.gateways/<id>.alive} the way a gateway does (bound under a temporary name, renamed
 * into place) until it is killed.
 */
public final class LivenessHolder {

  private static final String SCRIPT =
      String.join(
          "\n",
          "import os, socket, sys",
          "path = sys.argv[1]",
          "os.makedirs(os.path.dirname(path), exist_ok=True)",
          "s = socket.socket(socket.AF_UNIX)",
          "s.bind(path + '.tmp')",
          "s.listen(16)",
          "os.rename(path + '.tmp', path)",
          "print('listening', flush=True)",
          "while True:",
          "    s.accept()[0].close()");

  private LivenessHolder() {}

  /** The liveness socket of {@code instanceId}. */
  public static Path file(Path socketRoot, String instanceId) {
    return socketRoot.resolve(".gateways").resolve(instanceId + ".alive");
  }

  /** Starts a holder and returns once it listens. */
  public static Process start(Path socketRoot, String instanceId) throws IOException {
    Process process =
        new ProcessBuilder("python3", "-c", SCRIPT, file(socketRoot, instanceId).toString())
            .redirectErrorStream(true)
            .start();
    BufferedReader out =
        new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    String line = out.readLine();
    if (!"listening".equals(line)) {
      process.destroyForcibly();
      throw new IOException("the liveness holder does not listen: " + line);
    }
    return process;
  }
}
