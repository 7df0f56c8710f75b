package io.sandgate.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.sql.Connection;
import java.sql.ResultSet;
import java.util.Optional;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sqlite.SQLiteJDBCLoader;

/** SQLite's native library is written beside the store once per version, whole, and loads from there. */
class SqliteLibraryTest {

    @TempDir
    Path store;

    @Test
    void theLibraryIsWrittenOnceAsTheJarHoldsIt() throws Exception {
        Path home = SqliteLibrary.copyTo(store).orElseThrow();
        assertEquals(store.resolve("sqlite-native").resolve(SQLiteJDBCLoader.getVersion()), home);
        Path library = home.resolve(SqliteLibrary.NAME);
        try (InputStream in = SQLiteJDBCLoader.class.getResourceAsStream(
                "/org/sqlite/native/Linux/x86_64/" + SqliteLibrary.NAME)) {
            assertArrayEquals(in.readAllBytes(), Files.readAllBytes(library));
        }
        FileTime written = FileTime.fromMillis(1_000);
        Files.setLastModifiedTime(library, written);
        assertEquals(Optional.of(home), SqliteLibrary.copyTo(store));
        assertEquals(written, Files.getLastModifiedTime(library), "a kept library is not written again");
        try (var names = Files.list(home)) {
            assertEquals(1, names.count(), "no partial file is left behind");
        }
    }

    @Test
    void theStoreDriverLoadsSqliteFromTheStoresDirectory() throws Exception {
        Path dataDir = store.resolve("data");
        try (Connection c = new StoreDriver().connect("jdbc:sqlite:" + dataDir.resolve("sandgate.db"), new Properties());
                ResultSet r = c.createStatement().executeQuery("select sqlite_version()")) {
            assertTrue(r.next());
            assertTrue(r.getString(1).startsWith("3."), r.getString(1));
        }
        // The first SQLite connection of this JVM settles where the library loads from; this one
        // may not be the first, but whichever was put the library beside its own store.
        String path = System.getProperty("org.sqlite.lib.path");
        assertNotNull(path);
        assertTrue(Files.isRegularFile(Path.of(path, SqliteLibrary.NAME)), path);
    }
}
