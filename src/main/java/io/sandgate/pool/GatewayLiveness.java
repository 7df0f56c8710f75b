package io.sandgate.pool;

import io.quarkus.logging.Log;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Which gateways sharing this host's socket root are alive. Each gateway holds a lock on a file
 * named after its instance for as long as its process lives; the kernel drops the lock when the
 * process dies, however it dies (kill -9 included). A lock another gateway can take is a dead
 * gateway's, so its sandboxes are orphans at once. No file at all means a gateway this host
 * cannot see (another machine on a shared engine): then only the age of its containers counts.
 */
final class GatewayLiveness {

    /** What is known of another gateway instance. */
    enum State {
        ALIVE, DEAD, UNKNOWN
    }

    private static final String SUFFIX = ".alive";
    private static final Pattern SAFE_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,63}");

    private final Path dir;
    private final String ownId;
    private FileChannel ownChannel;

    GatewayLiveness(Path dir, String ownId) {
        this.dir = dir;
        this.ownId = ownId;
    }

    /**
     * Takes this gateway's lock. The file is locked under a temporary name and then renamed into
     * place, so no other gateway ever sees it unlocked.
     */
    synchronized void hold() {
        if (!SAFE_ID.matcher(ownId).matches()) {
            Log.warnf("instance id '%s' cannot name a liveness file; other gateways will judge its sandboxes by age",
                    ownId);
            return;
        }
        Path temp = dir.resolve("." + ownId + ".tmp");
        try {
            Files.createDirectories(dir);
            FileChannel channel = FileChannel.open(temp, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            if (channel.tryLock() == null) {
                channel.close();
                Log.errorf("another live gateway uses instance id %s: give each gateway its own", ownId);
                return;
            }
            Files.move(temp, lockFile(ownId), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            ownChannel = channel;
        } catch (IOException e) {
            Log.warnf("cannot hold a liveness file under %s (%s); other gateways will judge this one's sandboxes"
                    + " by age", dir, e.getMessage());
        }
    }

    /** Whether the gateway with this instance id is alive, dead, or out of this host's sight. */
    State of(String instanceId) {
        if (instanceId.equals(ownId)) {
            return State.ALIVE;
        }
        if (!SAFE_ID.matcher(instanceId).matches() || !Files.exists(lockFile(instanceId))) {
            return State.UNKNOWN;
        }
        // Opening and closing the file is safe: locks are per process, and this is not our own file.
        try (FileChannel channel = FileChannel.open(lockFile(instanceId), StandardOpenOption.WRITE)) {
            FileLock lock = channel.tryLock();
            if (lock == null) {
                return State.ALIVE;
            }
            lock.release();
            return State.DEAD;
        } catch (OverlappingFileLockException e) {
            return State.ALIVE; // held by this very process
        } catch (IOException e) {
            return State.UNKNOWN;
        }
    }

    /** Deletes the files of dead gateways, but of those in {@code withContainers}: they are still needed. */
    void forgetDead(Set<String> withContainers) {
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file : files.toList()) {
                String name = file.getFileName().toString();
                String id = name.substring(0, Math.max(0, name.length() - SUFFIX.length()));
                if (name.endsWith(SUFFIX) && !withContainers.contains(id) && of(id) == State.DEAD) {
                    Files.deleteIfExists(file);
                }
            }
        } catch (IOException e) {
            Log.debugf("could not clean liveness files under %s: %s", dir, e.getMessage());
        }
    }

    /** Gives up this gateway's lock and its file, at a clean shutdown. */
    synchronized void release() {
        if (ownChannel == null) {
            return;
        }
        try {
            Files.deleteIfExists(lockFile(ownId));
            ownChannel.close();
        } catch (IOException e) {
            Log.debugf("could not delete this gateway's liveness file: %s", e.getMessage());
        }
        ownChannel = null;
    }

    private Path lockFile(String instanceId) {
        return dir.resolve(instanceId + SUFFIX);
    }
}
