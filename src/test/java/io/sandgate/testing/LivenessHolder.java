package io.sandgate.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * Another gateway's liveness, as a separate process sees it: a process that takes the lock on
 * {@code <socket-root>/.gateways/<id>.alive} the way a gateway does (an fcntl lock, taken under a
 * temporary name and renamed into place) and holds it until killed.
 */
public final class LivenessHolder {

    private static final String SCRIPT = String.join("\n",
            "import fcntl, os, sys, time",
            "path = sys.argv[1]",
            "os.makedirs(os.path.dirname(path), exist_ok=True)",
            "fd = os.open(path + '.tmp', os.O_CREAT | os.O_WRONLY, 0o600)",
            "fcntl.lockf(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)",
            "os.rename(path + '.tmp', path)",
            "print('locked', flush=True)",
            "time.sleep(3600)");

    private LivenessHolder() {
    }

    /** The liveness file of {@code instanceId}. */
    public static Path file(Path socketRoot, String instanceId) {
        return socketRoot.resolve(".gateways").resolve(instanceId + ".alive");
    }

    /** Starts a holder and returns once it holds the lock. */
    public static Process start(Path socketRoot, String instanceId) throws IOException {
        Process process = new ProcessBuilder("python3", "-c", SCRIPT, file(socketRoot, instanceId).toString())
                .redirectErrorStream(true).start();
        BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        String line = out.readLine();
        if (!"locked".equals(line)) {
            process.destroyForcibly();
            throw new IOException("the liveness holder did not take its lock: " + line);
        }
        return process;
    }
}
