package io.sandgate.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;

/** Statements of the store: positional parameters, a null bound as SQL NULL. */
public final class Jdbc {

  private Jdbc() {}

  public static PreparedStatement prepare(Connection c, String sql, Object... params)
      throws SQLException {
    PreparedStatement s = c.prepareStatement(sql);
    for (int i = 0; i < params.length; i++) {
      if (params[i] == null) {
        s.setNull(i + 1, Types.NULL);
      } else {
        s.setObject(i + 1, params[i]);
      }
    }
    return s;
  }

  public static int update(Connection c, String sql, Object... params) throws SQLException {
    try (PreparedStatement s = prepare(c, sql, params)) {
      return s.executeUpdate();
    }
  }

  /** Statements that hold together. */
  @FunctionalInterface
  public interface Work<T> {
    T run() throws SQLException;
  }

  /**
   * Runs {@code work} as one transaction on {@code c}: committed when it returns, rolled back when
   * it throws. Rolled back explicitly: a pooled connection handed back mid-transaction has its
   * auto-commit restored, which would commit what had been done.
   */
  public static <T> T transaction(Connection c, Work<T> work) throws SQLException {
    c.setAutoCommit(false);
    try {
      T result = work.run();
      c.commit();
      return result;
    } catch (SQLException | RuntimeException e) {
      try {
        c.rollback();
      } catch (SQLException rollback) {
        e.addSuppressed(rollback);
      }
      throw e;
    }
  }
}
