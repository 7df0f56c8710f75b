package io.sandgate.pool;

import io.quarkus.logging.Log;
import io.sandgate.GatewayInstance;
import io.sandgate.agent.SocketFile;
import io.sandgate.sandbox.SandboxConfig;
import io.sandgate.threads.GatewayThreads;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.net.ConnectException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Which gateways sharing this host's socket root are alive. Each gateway listens on a Unix socket
 * named after its instance for as long as its process lives; the kernel closes it when the process
 * dies, however it dies (kill -9 included). A socket nobody listens on any more is a dead
 * gateway's, so its sandboxes are orphans at once. No socket at all means a gateway this host
 * cannot see (another machine on a shared engine): then only the age of its containers counts.
 */
@Singleton
class GatewayLiveness {

  /** What is known of another gateway instance. */
  enum State {
    ALIVE,
    DEAD,
    UNKNOWN
  }

  private static final String SUFFIX = ".alive";
  private static final Pattern SAFE_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,63}");

  private final Path dir;
  private final String ownId;
  private ServerSocketChannel own;

  GatewayLiveness(SandboxConfig config, GatewayInstance instance) {
    this.dir = config.socketRoot().resolve(".gateways");
    this.ownId = instance.id();
  }

  /**
   * Starts listening. The socket is bound under a temporary name and renamed into place, so no
   * other gateway ever finds it there without a listener.
   *
   * @throws IllegalStateException when a live gateway already uses this instance id: the two would
   *     take each other's sandboxes for their own, and remove them
   */
  synchronized void hold() {
    if (!SAFE_ID.matcher(ownId).matches()) {
      Log.warnf(
          "instance id '%s' cannot name a liveness socket; other gateways will judge its sandboxes by"
              + " age",
          ownId);
      return;
    }
    if (of(ownId, true) == State.ALIVE) {
      throw new IllegalStateException(
          "another live gateway uses instance id "
              + ownId
              + " (sandgate.sandbox.instance-id): give each gateway its own");
    }
    Path temp = dir.resolve("." + ownId + ".tmp");
    try {
      // Only this gateway's user may plant or remove what tells the living from the dead.
      Files.createDirectories(
          dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
      if (!trusted()) {
        Log.warnf(
            "%s is not this gateway's own directory: other gateways will judge its sandboxes by age",
            dir);
        return;
      }
      Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
      Files.deleteIfExists(temp);
      ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
      server.bind(UnixDomainSocketAddress.of(temp));
      Files.move(
          temp, socket(ownId), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      own = server;
      GatewayThreads.start("sandgate-liveness", this::answer);
    } catch (IOException e) {
      Log.warnf(
          "cannot listen on a liveness socket under %s (%s); other gateways will judge this one's"
              + " sandboxes by age",
          dir, e.getMessage());
    }
  }

  /** Accepts and hangs up: a connection is the whole answer, "alive". Only shutdown ends it. */
  private void answer() {
    ServerSocketChannel server = own;
    while (server != null && server.isOpen()) {
      try (SocketChannel probe = server.accept()) {
        // nothing to say
      } catch (IOException e) {
        if (!server.isOpen()) {
          return; // closed at shutdown
        }
        pause(); // e.g. out of file descriptors: keep answering once it passes
      }
    }
  }

  private static void pause() {
    try {
      Thread.sleep(100);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Whether the gateway with this instance id is alive, dead, or out of this host's sight. */
  State of(String instanceId) {
    return of(instanceId, false);
  }

  private State of(String instanceId, boolean evenOwn) {
    if (instanceId.equals(ownId) && !evenOwn) {
      return State.ALIVE;
    }
    Path socket = socket(instanceId);
    if (!SAFE_ID.matcher(instanceId).matches()
        || !trusted()
        || SocketFile.at(socket) != SocketFile.SOCKET) {
      return State.UNKNOWN;
    }
    // Never blocking: a gateway that is paused, or whose backlog is full, is alive all the same.
    try (SocketChannel probe = SocketChannel.open(StandardProtocolFamily.UNIX)) {
      probe.configureBlocking(false);
      probe.connect(UnixDomainSocketAddress.of(socket));
      return State.ALIVE;
    } catch (ConnectException e) {
      return State.DEAD; // the socket is there, its listener is gone
    } catch (IOException e) {
      return State.UNKNOWN;
    }
  }

  /** The directory is a real one (no link), and ours: what it says can be believed. */
  private boolean trusted() {
    try {
      return Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)
          && Files.getOwner(dir, LinkOption.NOFOLLOW_LINKS).equals(ownOwner());
    } catch (IOException | UnsupportedOperationException e) {
      return false;
    }
  }

  /** The user this process runs as: /proc/self belongs to it. */
  private static UserPrincipal ownOwner() throws IOException {
    return Files.getOwner(Path.of("/proc/self"));
  }

  /**
   * Deletes the sockets of dead gateways, but of those in {@code withContainers}: they are still
   * needed.
   */
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
      Log.debugf("could not clean liveness sockets under %s: %s", dir, e.getMessage());
    }
  }

  /** Stops listening and removes the socket, at a clean shutdown. */
  synchronized void release() {
    if (own == null) {
      return;
    }
    try {
      own.close();
      Files.deleteIfExists(socket(ownId));
    } catch (IOException e) {
      Log.debugf("could not remove this gateway's liveness socket: %s", e.getMessage());
    }
    own = null;
  }

  private Path socket(String instanceId) {
    return dir.resolve(instanceId + SUFFIX);
  }
}
