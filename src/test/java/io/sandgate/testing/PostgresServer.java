package io.sandgate.testing;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real PostgreSQL server for the tests of the shared store, from Debian's {@code postgresql}
 * package: its own cluster in a temporary directory, on a free port of 127.0.0.1, started once per
 * test JVM and stopped (and removed) when the JVM ends. Each caller gets a database of its own.
 */
public final class PostgresServer {

  private static final String USER = "sandgate";
  private static PostgresServer running;

  private final Path bin;
  private final Path data;
  private final int port;

  private PostgresServer(Path bin, Path data, int port) {
    this.bin = bin;
    this.data = data;
    this.port = port;
  }

  /** The server, started on first use. */
  public static synchronized PostgresServer get() {
    if (running == null) {
      running = start();
      Runtime.getRuntime().addShutdownHook(new Thread(running::stop));
    }
    return running;
  }

  /** A new, empty database on the server: its JDBC URL (user {@code sandgate}, no password). */
  public String newDatabase() {
    String name = "sandgate_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    run(
        List.of(
            bin.resolve("createdb").toString(),
            "-h",
            "127.0.0.1",
            "-p",
            Integer.toString(port),
            "-U",
            USER,
            name));
    return "jdbc:postgresql://127.0.0.1:" + port + "/" + name;
  }

  public static String user() {
    return USER;
  }

  private static PostgresServer start() {
    Path bin = findBin();
    try {
      Path data = Files.createTempDirectory("sandgate-postgres-");
      int port = freePort();
      asServerUser(data);
      run(
          serverUser(
              bin.resolve("initdb").toString(),
              "-D",
              data.toString(),
              "-U",
              USER,
              "-A",
              "trust",
              "--no-sync",
              "-E",
              "UTF8"));
      // fsync off: the tests measure behaviour, not durability; the socket directory is the
      // cluster's own.
      run(
          serverUser(
              bin.resolve("pg_ctl").toString(),
              "-D",
              data.toString(),
              "-w",
              "-t",
              "60",
              "-l",
              data.resolve("server.log").toString(),
              "-o",
              "-p " + port + " -k " + data + " -c listen_addresses=127.0.0.1 -c fsync=off",
              "start"));
      return new PostgresServer(bin, data, port);
    } catch (IOException e) {
      throw new IllegalStateException("cannot start PostgreSQL: " + e.getMessage(), e);
    }
  }

  private void stop() {
    try {
      run(
          serverUser(
              bin.resolve("pg_ctl").toString(),
              "-D",
              data.toString(),
              "-m",
              "immediate",
              "-w",
              "stop"));
    } finally {
      try (Stream<Path> files = Files.walk(data)) {
        files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      } catch (IOException e) {
        // A temporary directory: the machine's cleaning removes what is left.
      }
    }
  }

  /** Debian's server binaries, the newest major version installed. */
  private static Path findBin() {
    try (Stream<Path> versions = Files.list(Path.of("/usr/lib/postgresql"))) {
      return versions
          .map(v -> v.resolve("bin"))
          .filter(b -> Files.isExecutable(b.resolve("initdb")))
          .max(Comparator.comparing(PostgresServer::majorVersion))
          .orElseThrow(PostgresServer::notInstalled);
    } catch (IOException e) {
      throw notInstalled();
    }
  }

  private static int majorVersion(Path bin) {
    return Integer.parseInt(bin.getParent().getFileName().toString().replaceAll("\\D", "0"));
  }

  private static IllegalStateException notInstalled() {
    return new IllegalStateException(
        "No PostgreSQL server is installed: the shared-store tests run a real one."
            + " Debian: apt-get install -y postgresql (.ci/run does it).");
  }

  /** initdb and the server refuse to run as root: as root, they run as Debian's postgres user. */
  private static boolean isRoot() {
    return "root".equals(System.getProperty("user.name"));
  }

  private static List<String> serverUser(String... command) {
    List<String> all = new ArrayList<>();
    if (isRoot()) {
      all.addAll(List.of("runuser", "-u", "postgres", "--"));
    }
    all.addAll(List.of(command));
    return all;
  }

  private static void asServerUser(Path data) {
    if (isRoot()) {
      run(List.of("chown", "postgres:postgres", data.toString()));
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  private static void run(List<String> command) {
    try {
      Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
      byte[] output = process.getInputStream().readAllBytes();
      if (!process.waitFor(120, TimeUnit.SECONDS) || process.exitValue() != 0) {
        throw new IllegalStateException(
            String.join(" ", command) + " failed: " + new String(output, StandardCharsets.UTF_8));
      }
    } catch (IOException e) {
      throw new IllegalStateException(String.join(" ", command) + ": " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted: " + String.join(" ", command), e);
    }
  }
}
