package io.sandgate.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.ResultSet;
import java.util.Optional;
import java.util.Properties;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sqlite.SQLiteJDBCLoader;

/**
 * SQLite's native library is kept beside the store as the jar holds it, written whole, and loaded
 * from there — only from a directory no one else can write.
 */
class SqliteLibraryTest {

  @TempDir Path store;

  private byte[] jarCopy;

  @BeforeEach
  void onAKnownPlatform() throws Exception {
    Optional<String> resource = SqliteLibrary.resource();
    assumeTrue(
        resource.isPresent(), "sqlite-jdbc's library is kept only on Linux x86_64 and aarch64");
    try (InputStream in = SQLiteJDBCLoader.class.getResourceAsStream(resource.get())) {
      jarCopy = in.readAllBytes();
    }
  }

  @Test
  void theLibraryIsWrittenOnceAsTheJarHoldsIt() throws Exception {
    Path home = SqliteLibrary.copyTo(store).orElseThrow();
    assertEquals(SqliteLibrary.home(store), home);
    Path library = home.resolve(SqliteLibrary.NAME);
    assertArrayEquals(jarCopy, Files.readAllBytes(library));
    assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(home)));
    FileTime written = FileTime.fromMillis(1_000);
    Files.setLastModifiedTime(library, written);
    assertEquals(Optional.of(home), SqliteLibrary.copyTo(store));
    assertEquals(
        written,
        Files.getLastModifiedTime(library),
        "a kept library equal to the jar's is not written again");
    try (var names = Files.list(home)) {
      assertEquals(1, names.count(), "no partial file is left behind");
    }
  }

  @Test
  void aLibraryThatDiffersFromTheJarsIsWrittenAgain() throws Exception {
    Path library = SqliteLibrary.copyTo(store).orElseThrow().resolve(SqliteLibrary.NAME);
    Files.write(library, new byte[] {0x7f, 'E', 'L', 'F'}); // torn, or another driver build's
    SqliteLibrary.copyTo(store).orElseThrow();
    assertArrayEquals(jarCopy, Files.readAllBytes(library));
  }

  @Test
  void aDirectoryOthersCanWriteIsNotUsed() throws Exception {
    SqliteLibrary.copyTo(store).orElseThrow();
    Files.setPosixFilePermissions(
        SqliteLibrary.home(store), PosixFilePermissions.fromString("rwxrwx---"));
    assertEquals(
        Optional.empty(), SqliteLibrary.copyTo(store), "another user could swap the library");
    Files.setPosixFilePermissions(
        SqliteLibrary.home(store), PosixFilePermissions.fromString("rwx------"));
    Files.setPosixFilePermissions(store, PosixFilePermissions.fromString("rwxrwxrwx"));
    assertEquals(Optional.empty(), SqliteLibrary.copyTo(store), "or rename its directory away");
    Files.setPosixFilePermissions(store, PosixFilePermissions.fromString("rwx------"));
    assertEquals(Optional.of(SqliteLibrary.home(store)), SqliteLibrary.copyTo(store));
  }

  @Test
  void aLinkIsNotFollowed() throws Exception {
    Path elsewhere = Files.createDirectory(store.resolve("elsewhere"));
    Path data = Files.createDirectory(store.resolve("data"));
    Files.createSymbolicLink(SqliteLibrary.home(data), elsewhere);
    assertEquals(Optional.empty(), SqliteLibrary.copyTo(data));
    try (var names = Files.list(elsewhere)) {
      assertEquals(0, names.count(), "nothing written through the link");
    }
  }

  /**
   * Which store the library is loaded from is settled once per process: FunctionStoreIT checks it
   * in a gateway's.
   */
  @Test
  void theStoreDriverConnects() throws Exception {
    Path dataDir = store.resolve("data");
    try (Connection c =
            new StoreDriver()
                .connect("jdbc:sqlite:" + dataDir.resolve("sandgate.db"), new Properties());
        ResultSet r = c.createStatement().executeQuery("select sqlite_version()")) {
      assertTrue(r.next());
      assertTrue(r.getString(1).startsWith("3."), r.getString(1));
    }
  }
}
