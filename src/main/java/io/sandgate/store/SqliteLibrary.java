package io.sandgate.store;

import io.quarkus.logging.Log;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;
import org.sqlite.SQLiteJDBCLoader;

/**
 * SQLite's native library, kept beside the store. Left to itself, sqlite-jdbc copies the library
 * out of its jar into the temporary directory at every start, after asking {@code uname} (a
 * process of its own) whether this is Android: 80–100 ms of the native gateway's start. Here it is
 * written once per library version under the store's directory and loaded from there after that.
 * Where that cannot be done (another OS or architecture, a directory that cannot be written, an
 * {@code org.sqlite.lib.path} the operator set), sqlite-jdbc loads it its own way, as does a
 * library that will not load (sqlite-jdbc then falls back by itself).
 */
final class SqliteLibrary {

    static final String NAME = "libsqlitejdbc.so";
    private static final String PATH_PROPERTY = "org.sqlite.lib.path";
    private static final String NAME_PROPERTY = "org.sqlite.lib.name";
    private static boolean settled;

    private SqliteLibrary() {
    }

    /** Before the first SQLite connection of this process: load the library from {@code storeDirectory}. */
    static synchronized void keepIn(Path storeDirectory) {
        if (settled) {
            return;
        }
        settled = true;
        if (System.getProperty(PATH_PROPERTY) != null) {
            return;
        }
        copyTo(storeDirectory).ifPresent(home -> {
            System.setProperty(PATH_PROPERTY, home.toString());
            System.setProperty(NAME_PROPERTY, NAME);
        });
    }

    /** The directory holding this version's library under {@code storeDirectory}, written if missing. */
    static Optional<Path> copyTo(Path storeDirectory) {
        Optional<String> resource = resource();
        if (resource.isEmpty()) {
            return Optional.empty();
        }
        Path home = storeDirectory.resolve("sqlite-native").resolve(SQLiteJDBCLoader.getVersion());
        Path library = home.resolve(NAME);
        if (Files.isRegularFile(library)) {
            return Optional.of(home);
        }
        try (InputStream in = SQLiteJDBCLoader.class.getResourceAsStream(resource.get())) {
            if (in == null) {
                return Optional.empty();
            }
            Files.createDirectories(home);
            // Written whole under another name, then renamed: a crash never leaves half a library.
            Path partial = Files.createTempFile(home, NAME, ".partial");
            Files.copy(in, partial, StandardCopyOption.REPLACE_EXISTING);
            Files.move(partial, library, StandardCopyOption.ATOMIC_MOVE);
            return Optional.of(home);
        } catch (IOException e) {
            Log.debugf("SQLite's library stays with sqlite-jdbc's own loading: %s", e.getMessage());
            return Optional.empty();
        }
    }

    /** Where sqlite-jdbc keeps the library for this machine, for the platforms it is known here. */
    private static Optional<String> resource() {
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
