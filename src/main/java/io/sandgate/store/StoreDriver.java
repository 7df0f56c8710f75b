package io.sandgate.store;

import io.quarkus.runtime.annotations.RegisterForReflection;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.DriverPropertyInfo;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.Properties;
import java.util.logging.Logger;

/**
 * The store's JDBC driver: the configured URL picks the database at run time — SQLite, the embedded
 * default ({@code jdbc:sqlite:}), or PostgreSQL ({@code jdbc:postgresql:}) — so one build serves
 * both, where a Quarkus datasource fixes its kind at build time.
 */
@RegisterForReflection
public final class StoreDriver implements Driver {

  static final String SQLITE = "jdbc:sqlite:";
  static final String POSTGRESQL = "jdbc:postgresql:";

  private final Driver sqlite = new org.sqlite.JDBC();
  private final Driver postgresql = new org.postgresql.Driver();

  @Override
  public Connection connect(String url, Properties info) throws SQLException {
    Driver driver = delegate(url);
    if (driver == sqlite) {
      Path directory = directoryOf(url);
      if (directory != null) {
        createDirectory(directory);
        SqliteLibrary.keepIn(directory);
      }
    }
    return driver.connect(url, info);
  }

  /** The directory of a SQLite file URL; null for an in-memory database. */
  private static Path directoryOf(String url) {
    String[] fileAndQuery = url.substring(SQLITE.length()).split("\\?", 2);
    String file = fileAndQuery[0];
    if (file.startsWith("file:")) {
      file = file.substring("file:".length());
    }
    if (file.isEmpty()
        || file.startsWith(":memory:")
        || (fileAndQuery.length > 1 && fileAndQuery[1].contains("mode=memory"))) {
      return null;
    }
    return Path.of(file).toAbsolutePath().getParent();
  }

  /** SQLite creates its file, not the directory it lives in: sandgate.data-dir, on first start. */
  private static void createDirectory(Path directory) throws SQLException {
    if (Files.isDirectory(directory)) {
      return;
    }
    try {
      Files.createDirectories(
          directory,
          PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
    } catch (IOException e) {
      throw new SQLException(
          "cannot create the store's directory " + directory + ": " + e.getMessage(), e);
    }
  }

  @Override
  public boolean acceptsURL(String url) {
    return url != null && (url.startsWith(SQLITE) || url.startsWith(POSTGRESQL));
  }

  @Override
  public DriverPropertyInfo[] getPropertyInfo(String url, Properties info) throws SQLException {
    return delegate(url).getPropertyInfo(url, info);
  }

  @Override
  public int getMajorVersion() {
    return 1;
  }

  @Override
  public int getMinorVersion() {
    return 0;
  }

  @Override
  public boolean jdbcCompliant() {
    return false;
  }

  @Override
  public Logger getParentLogger() throws SQLFeatureNotSupportedException {
    throw new SQLFeatureNotSupportedException();
  }

  private Driver delegate(String url) throws SQLException {
    if (url != null && url.startsWith(SQLITE)) {
      return sqlite;
    }
    if (url != null && url.startsWith(POSTGRESQL)) {
      return postgresql;
    }
    throw new SQLException(
        "sandgate.store.url must start with "
            + SQLITE
            + " (the embedded store) or "
            + POSTGRESQL
            + "; it is "
            + url);
  }
}
