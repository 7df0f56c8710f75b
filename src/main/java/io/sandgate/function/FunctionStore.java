package io.sandgate.function;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sandgate.runtime.PythonRuntime;
import io.sandgate.store.Database;
import io.sandgate.store.Jdbc;
import io.sandgate.store.StoreException;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Functions, their versions and recent invocations, in the configured database (one schema,
 * migrated as the gateway starts: see {@link Database}). Versions are numbered per function, 1, 2,
 * 3…: a deploy takes the next free number in its transaction, and one that lost a race for it takes
 * the next.
 */
@ApplicationScoped
public class FunctionStore {

  private static final String COLUMNS =
      "tenant, name, version, runtime, handler, timeout_ms, public_access, env,"
          + " description, rate_limit, rate_period_ms, sha256, code, created_at";
  private static final TypeReference<Map<String, String>> ENV = new TypeReference<>() {};
  private static final int DEPLOY_ATTEMPTS = 20;
  private static final int SQLITE_CONSTRAINT = 19;

  private final Database db;
  private final ObjectMapper json;

  FunctionStore(Database db, ObjectMapper json) {
    this.db = db;
    this.json = json;
  }

  /** What a deploy stored, and whether it created the function. */
  public record Deployed(FunctionVersion version, boolean created) {}

  /** The tenant holds its maximum number of functions: a new one is refused. */
  public static final class QuotaExceededException extends RuntimeException {
    QuotaExceededException(String message) {
      super(message);
    }
  }

  /**
   * Stores {@code draft} as the function's next version (its version number is ignored), keeping
   * the {@code keep} newest versions.
   *
   * @throws QuotaExceededException when it would be the tenant's function number {@code
   *     maxFunctions + 1}
   */
  public Deployed deploy(FunctionVersion draft, int keep, int maxFunctions) {
    for (int attempt = 1; ; attempt++) {
      try (Connection c = db.connection()) {
        return Jdbc.transaction(
            c,
            () -> {
              lockTenant(c, draft.tenant());
              int newest = newestVersion(c, draft.tenant(), draft.name());
              if (newest == 0 && countFunctions(c, draft.tenant()) >= maxFunctions) {
                throw new QuotaExceededException(
                    "tenant holds its maximum of " + maxFunctions + " functions");
              }
              FunctionVersion stored = withVersion(draft, newest + 1);
              insert(c, stored);
              prune(c, stored.tenant(), stored.name(), stored.version() - keep);
              return new Deployed(stored, newest == 0);
            });
      } catch (SQLException e) {
        if (!isDuplicateKey(e) || attempt == DEPLOY_ATTEMPTS) {
          throw new StoreException("could not store a function version", e);
        }
        // Another deploy of this function took that number first: take the next.
      }
    }
  }

  /** The newest version of each of the tenant's functions, by name. */
  public List<FunctionVersion> latestOfEach(String tenant) {
    return query(
        "SELECT "
            + COLUMNS
            + " FROM function_versions v WHERE tenant = ? AND version ="
            + " (SELECT MAX(version) FROM function_versions w WHERE w.tenant = v.tenant AND w.name = v.name)"
            + " ORDER BY name",
        tenant);
  }

  public Optional<FunctionVersion> latest(String tenant, String name) {
    return query(
            "SELECT "
                + COLUMNS
                + " FROM function_versions WHERE tenant = ? AND name = ?"
                + " ORDER BY version DESC LIMIT 1",
            tenant,
            name)
        .stream()
        .findFirst();
  }

  public Optional<FunctionVersion> version(String tenant, String name, int version) {
    return query(
            "SELECT "
                + COLUMNS
                + " FROM function_versions WHERE tenant = ? AND name = ? AND version = ?",
            tenant,
            name,
            version)
        .stream()
        .findFirst();
  }

  /** The version numbers kept, oldest first. */
  public List<Integer> versions(String tenant, String name) {
    return run(
        "SELECT version FROM function_versions WHERE tenant = ? AND name = ? ORDER BY version",
        rs -> {
          List<Integer> versions = new ArrayList<>();
          while (rs.next()) {
            versions.add(rs.getInt(1));
          }
          return versions;
        },
        tenant,
        name);
  }

  /** Removes every version and the logs; false if there was no such function. */
  public boolean delete(String tenant, String name) {
    try (Connection c = db.connection()) {
      return Jdbc.transaction(
          c,
          () -> {
            int removed =
                Jdbc.update(
                    c, "DELETE FROM function_versions WHERE tenant = ? AND name = ?", tenant, name);
            Jdbc.update(
                c, "DELETE FROM function_invocations WHERE tenant = ? AND name = ?", tenant, name);
            return removed > 0;
          });
    } catch (SQLException e) {
      throw new StoreException("could not delete a function", e);
    }
  }

  /** Records an invocation, keeping the function's {@code keep} newest. */
  public void log(String tenant, String name, InvocationLog entry, int keep) {
    try (Connection c = db.connection()) {
      Jdbc.transaction(
          c,
          () -> {
            Jdbc.update(
                c,
                "INSERT INTO function_invocations (tenant, name, request_id, version, status, duration_ms,"
                    + " at, stdout, stderr) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                tenant,
                name,
                entry.requestId(),
                entry.version(),
                entry.status(),
                entry.durationMs(),
                entry.at().toEpochMilli(),
                entry.stdout(),
                entry.stderr());
            return Jdbc.update(
                c,
                "DELETE FROM function_invocations WHERE tenant = ? AND name = ? AND at < (SELECT"
                    + " MIN(at) FROM (SELECT at FROM function_invocations WHERE tenant = ? AND name = ? ORDER BY at"
                    + " DESC LIMIT ?) n)",
                tenant,
                name,
                tenant,
                name,
                keep);
          });
    } catch (SQLException e) {
      throw new StoreException("could not log an invocation", e);
    }
  }

  /** The newest invocations first. */
  public List<InvocationLog> logs(String tenant, String name, int limit) {
    return run(
        "SELECT request_id, version, status, duration_ms, at, stdout, stderr FROM function_invocations"
            + " WHERE tenant = ? AND name = ? ORDER BY at DESC, request_id LIMIT ?",
        rs -> {
          List<InvocationLog> logs = new ArrayList<>();
          while (rs.next()) {
            logs.add(
                new InvocationLog(
                    rs.getString(1),
                    rs.getInt(2),
                    rs.getInt(3),
                    rs.getLong(4),
                    Instant.ofEpochMilli(rs.getLong(5)),
                    rs.getString(6),
                    rs.getString(7)));
          }
          return logs;
        },
        tenant,
        name,
        limit);
  }

  /**
   * Serialises a tenant's deploys for the rest of the transaction, so that its function count holds
   * under concurrent deploys of different names: PostgreSQL's read-committed reads would let each
   * see room for one more. SQLite's IMMEDIATE transactions serialise every writer already.
   */
  private static void lockTenant(Connection c, String tenant) throws SQLException {
    if ("PostgreSQL".equals(c.getMetaData().getDatabaseProductName())) {
      try (PreparedStatement s =
              Jdbc.prepare(c, "SELECT pg_advisory_xact_lock(hashtext(?))", tenant);
          ResultSet rs = s.executeQuery()) {
        rs.next();
      }
    }
  }

  private static int newestVersion(Connection c, String tenant, String name) throws SQLException {
    try (PreparedStatement s =
            Jdbc.prepare(
                c,
                "SELECT COALESCE(MAX(version), 0) FROM function_versions"
                    + " WHERE tenant = ? AND name = ?",
                tenant,
                name);
        ResultSet rs = s.executeQuery()) {
      rs.next();
      return rs.getInt(1);
    }
  }

  private static int countFunctions(Connection c, String tenant) throws SQLException {
    try (PreparedStatement s =
            Jdbc.prepare(
                c, "SELECT COUNT(DISTINCT name) FROM function_versions WHERE tenant = ?", tenant);
        ResultSet rs = s.executeQuery()) {
      rs.next();
      return rs.getInt(1);
    }
  }

  private void insert(Connection c, FunctionVersion v) throws SQLException {
    Jdbc.update(
        c,
        "INSERT INTO function_versions ("
            + COLUMNS
            + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        v.tenant(),
        v.name(),
        v.version(),
        v.runtime().id(),
        v.handler(),
        v.timeoutMs(),
        v.isPublic(),
        writeEnv(v.env()),
        v.description().orElse(null),
        v.rate().map(FunctionVersion.Rate::limit).orElse(null),
        v.rate().map(r -> r.period().toMillis()).orElse(null),
        v.sha256(),
        v.code(),
        v.createdAt().toEpochMilli());
  }

  private static void prune(Connection c, String tenant, String name, int atOrBelow)
      throws SQLException {
    if (atOrBelow > 0) {
      Jdbc.update(
          c,
          "DELETE FROM function_versions WHERE tenant = ? AND name = ? AND version <= ?",
          tenant,
          name,
          atOrBelow);
    }
  }

  private List<FunctionVersion> query(String sql, Object... params) {
    return run(
        sql,
        rs -> {
          List<FunctionVersion> found = new ArrayList<>();
          while (rs.next()) {
            found.add(read(rs));
          }
          return found;
        },
        params);
  }

  private FunctionVersion read(ResultSet rs) throws SQLException {
    int rateLimit = rs.getInt("rate_limit");
    Optional<FunctionVersion.Rate> rate =
        rs.wasNull()
            ? Optional.empty()
            : Optional.of(
                new FunctionVersion.Rate(
                    rateLimit, Duration.ofMillis(rs.getLong("rate_period_ms"))));
    return new FunctionVersion(
        rs.getString("tenant"),
        rs.getString("name"),
        rs.getInt("version"),
        PythonRuntime.byId(rs.getString("runtime")).orElseThrow(),
        rs.getString("handler"),
        rs.getLong("timeout_ms"),
        rs.getBoolean("public_access"),
        readEnv(rs.getString("env")),
        Optional.ofNullable(rs.getString("description")),
        rate,
        rs.getString("sha256").trim(),
        rs.getString("code"),
        Instant.ofEpochMilli(rs.getLong("created_at")));
  }

  private String writeEnv(Map<String, String> env) {
    try {
      return json.writeValueAsString(env);
    } catch (JacksonException e) {
      throw new IllegalStateException(e);
    }
  }

  private Map<String, String> readEnv(String text) {
    try {
      return json.readValue(text, ENV);
    } catch (JacksonException e) {
      throw new StoreException("a stored environment is not valid JSON", e);
    }
  }

  private static FunctionVersion withVersion(FunctionVersion v, int version) {
    return new FunctionVersion(
        v.tenant(),
        v.name(),
        version,
        v.runtime(),
        v.handler(),
        v.timeoutMs(),
        v.isPublic(),
        v.env(),
        v.description(),
        v.rate(),
        v.sha256(),
        v.code(),
        v.createdAt());
  }

  /**
   * Unique-key violations: SQLState class 23 (integrity constraint) in PostgreSQL; SQLite has no
   * SQLState but its result code, SQLITE_CONSTRAINT (19) in the low byte of the extended code.
   */
  private static boolean isDuplicateKey(SQLException e) {
    return e.getSQLState() != null
        ? e.getSQLState().startsWith("23")
        : (e.getErrorCode() & 0xff) == SQLITE_CONSTRAINT;
  }

  private interface Rows<T> {
    T read(ResultSet rs) throws SQLException;
  }

  private <T> T run(String sql, Rows<T> rows, Object... params) {
    try (Connection c = db.connection();
        PreparedStatement s = Jdbc.prepare(c, sql, params);
        ResultSet rs = s.executeQuery()) {
      return rows.read(rs);
    } catch (SQLException e) {
      throw new StoreException("could not read functions", e);
    }
  }
}
