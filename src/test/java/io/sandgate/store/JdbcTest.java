package io.sandgate.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class JdbcTest {

  @Test
  void aTransactionThatReturnsIsCommitted() throws SQLException {
    try (Connection c = table()) {
      assertEquals(1, Jdbc.transaction(c, () -> Jdbc.update(c, "INSERT INTO t VALUES (?)", 1)));
      c.setAutoCommit(true);
      assertEquals(1, count(c));
    }
  }

  @Test
  void aTransactionThatThrowsLeavesNothingEvenWhenAutoCommitIsRestored() throws SQLException {
    try (Connection c = table()) {
      assertThrows(
          IllegalStateException.class,
          () ->
              Jdbc.transaction(
                  c,
                  () -> {
                    Jdbc.update(c, "INSERT INTO t VALUES (?)", 1);
                    throw new IllegalStateException("half done");
                  }));
      assertThrows(
          SQLException.class,
          () ->
              Jdbc.transaction(
                  c,
                  () -> {
                    Jdbc.update(c, "INSERT INTO t VALUES (?)", 2);
                    return Jdbc.update(c, "INSERT INTO no_such_table VALUES (?)", 3);
                  }));
      c.setAutoCommit(true); // what a pool does to a connection handed back
      assertEquals(0, count(c));
    }
  }

  private static Connection table() throws SQLException {
    // The store's driver itself: DriverManager's view of drivers depends on the class loader a
    // test runs under once Quarkus's tests have run in the same JVM.
    Connection c = new StoreDriver().connect("jdbc:sqlite::memory:", new Properties());
    try (Statement s = c.createStatement()) {
      s.execute("CREATE TABLE t (v INTEGER)");
    }
    return c;
  }

  private static int count(Connection c) throws SQLException {
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM t")) {
      rs.next();
      return rs.getInt(1);
    }
  }
}
