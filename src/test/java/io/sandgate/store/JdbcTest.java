package io.sandgate.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
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
            assertThrows(IllegalStateException.class, () -> Jdbc.transaction(c, () -> {
                Jdbc.update(c, "INSERT INTO t VALUES (?)", 1);
                throw new IllegalStateException("half done");
            }));
            assertThrows(SQLException.class, () -> Jdbc.transaction(c, () -> {
                Jdbc.update(c, "INSERT INTO t VALUES (?)", 2);
                return Jdbc.update(c, "INSERT INTO no_such_table VALUES (?)", 3);
            }));
            c.setAutoCommit(true); // what a pool does to a connection handed back
            assertEquals(0, count(c));
        }
    }

    private static Connection table() throws SQLException {
        Connection c = DriverManager.getConnection("jdbc:sqlite::memory:");
        try (Statement s = c.createStatement()) {
            s.execute("CREATE TABLE t (v INTEGER)");
        }
        return c;
    }

    private static int count(Connection c) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM t")) {
            rs.next();
            return rs.getInt(1);
        }
    }
}
