package io.sandgate.store;

import io.quarkus.logging.Log;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.util.Arrays;
import java.util.Optional;
import java.util.Set;
import org.sqlite.SQLiteJDBCLoader;

/**
 * SQLite's native library, kept beside the store. Left to itself, sqlite-jdbc copies the library
 * out of its jar into the temporary directory at every start, after asking {@code uname} (a process
 * of its own) whether this is Android: 80–100 ms of the native gateway's start. Here it is kept in
 * {@code <store>/sqlite-native/}, compared with the jar's copy at every start (rewritten when it
 * differs: another driver build, a torn write) and loaded from there — only from a directory and a
 * file that this process's user owns and no one else can write, since the gateway holds the
 * engine's socket. Otherwise (another OS or architecture, a directory it does not own, an {@code
 * org.sqlite.lib.path} the operator set), sqlite-jdbc loads it its own way.
 */
final class SqliteLibrary {

  static final String NAME = "libsqlitejdbc.so";
  private static final String PATH_PROPERTY = "org.sqlite.lib.path";
  private static final String NAME_PROPERTY = "org.sqlite.lib.name";
  private static boolean settled;

  private SqliteLibrary() {}

  /**
   * Before the first SQLite connection of this process: load the library from {@code
   * storeDirectory}.
   */
  static synchronized void keepIn(Path storeDirectory) {
    if (settled) {
      return;
    }
    settled = true;
    if (System.getProperty(PATH_PROPERTY) != null) {
      return;
    }
    copyTo(storeDirectory)
        .ifPresent(
            home -> {
              System.setProperty(PATH_PROPERTY, home.toString());
              System.setProperty(NAME_PROPERTY, NAME);
            });
  }

  /** Where the library is kept under {@code storeDirectory}. */
  static Path home(Path storeDirectory) {
    return storeDirectory.resolve("sqlite-native");
  }

  /**
   * The directory holding the jar's library under {@code storeDirectory}, written when missing or
   * different.
   */
  static Optional<Path> copyTo(Path storeDirectory) {
    Optional<String> resource = resource();
    if (resource.isEmpty()) {
      return Optional.empty();
    }
    Path home = home(storeDirectory);
    Path library = home.resolve(NAME);
    try (InputStream in = SQLiteJDBCLoader.class.getResourceAsStream(resource.get())) {
      if (in == null) {
        return Optional.empty();
      }
      // /proc/self is the process's own directory: its owner is this process's user.
      UserPrincipal self = Files.getOwner(Path.of("/proc/self"));
      if (!privateTo(self, storeDirectory)) {
        return others(storeDirectory);
      }
      if (!Files.exists(home, LinkOption.NOFOLLOW_LINKS)) {
        Files.createDirectory(
            home,
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
      }
      if (!privateTo(self, home)) {
        return others(home);
      }
      // Read only once the library can be kept here: it is a megabyte.
      byte[] wanted = in.readAllBytes();
      if (!(Files.isRegularFile(library, LinkOption.NOFOLLOW_LINKS)
          && privateTo(self, library)
          && Arrays.equals(wanted, Files.readAllBytes(library)))) {
        write(home, library, wanted);
      }
      return Optional.of(home);
    } catch (IOException | UnsupportedOperationException e) {
      Log.debugf("SQLite's library stays with sqlite-jdbc: %s", e.getMessage());
      return Optional.empty();
    }
  }

  /**
   * Written whole under another name (owner-only), then renamed: no one ever loads half a library.
   */
  private static void write(Path home, Path library, byte[] content) throws IOException {
    Path partial = Files.createTempFile(home, NAME, ".partial");
    try {
      Files.write(partial, content);
      Files.move(
          partial, library, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } finally {
      Files.deleteIfExists(partial);
    }
  }

  private static Optional<Path> others(Path directory) {
    Log.infof(
        "SQLite's library is loaded by sqlite-jdbc from a copy in the temporary directory: %s is not"
            + " this user's alone",
        directory);
    return Optional.empty();
  }

  /** Owned by {@code user}, not a link, and writable by no one else. */
  private static boolean privateTo(UserPrincipal user, Path path) throws IOException {
    Set<PosixFilePermission> mode = Files.getPosixFilePermissions(path, LinkOption.NOFOLLOW_LINKS);
    return !Files.isSymbolicLink(path)
        && user.equals(Files.getOwner(path, LinkOption.NOFOLLOW_LINKS))
        && !mode.contains(PosixFilePermission.GROUP_WRITE)
        && !mode.contains(PosixFilePermission.OTHERS_WRITE);
  }

  /** Where sqlite-jdbc keeps the library for this machine, for the platforms it is known here. */
  static Optional<String> resource() {
    if (!"Linux".equals(System.getProperty("os.name"))) {
      return Optional.empty();
    }
    return switch (System.getProperty("os.arch", "")) {
      case "amd64", "x86_64" -> Optional.of("/org/sqlite/native/Linux/x86_64/" + NAME);
      case "aarch64" -> Optional.of("/org/sqlite/native/Linux/aarch64/" + NAME);
      default -> Optional.empty();
    };
  }
}
