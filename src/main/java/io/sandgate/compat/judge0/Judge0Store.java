package io.sandgate.compat.judge0;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.ObjectMapper;
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
import java.util.Optional;

/**
 * Judge0 submissions in the store (the functions' database, embedded or PostgreSQL): a submission
 * is written before it runs and its result before anyone is told, so that nothing accepted is lost;
 * each one is gone after the retention.
 */
@ApplicationScoped
class Judge0Store {

  private final Database db;
  private final ObjectMapper json;

  Judge0Store(Database db, ObjectMapper json) {
    this.db = db;
    this.json = json;
  }

  /**
   * Stores the records in one transaction, all or none. Each expires {@code retention} after it was
   * made, or after it finished (see {@link #finish}).
   */
  void insert(List<Judge0Record> records, String owner, Duration retention) {
    try (Connection c = db.connection()) {
      Jdbc.transaction(
          c,
          () -> {
            for (Judge0Record r : records) {
              Jdbc.update(
                  c,
                  "INSERT INTO judge0_submissions (token, tenant, status_id, submission, result, owner,"
                      + " created_at, finished_at, expires_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                  r.token(),
                  r.tenant(),
                  r.status().id,
                  write(r.submission()),
                  r.result() == null ? null : write(r.result()),
                  owner,
                  r.createdAt().toEpochMilli(),
                  r.finishedAt() == null ? null : r.finishedAt().toEpochMilli(),
                  r.createdAt().plus(retention).toEpochMilli());
            }
            return records.size();
          });
    } catch (SQLException e) {
      throw new StoreException("could not store a submission", e);
    }
  }

  /** Marks a queued submission as running; false if it is no longer queued. */
  boolean start(String token) {
    return update(
            "UPDATE judge0_submissions SET status_id = ? WHERE token = ? AND status_id = ?",
            Judge0Status.PROCESSING.id,
            token,
            Judge0Status.IN_QUEUE.id)
        == 1;
  }

  /**
   * Stores the result of a submission still queued or running, kept {@code retention} from now;
   * false if it had finished already.
   */
  boolean finish(String token, Judge0Result result, Instant at, Duration retention) {
    return update(
            "UPDATE judge0_submissions SET status_id = ?, result = ?, finished_at = ?, expires_at = ?"
                + " WHERE token = ? AND status_id IN (?, ?)",
            result.status_id(),
            write(result),
            at.toEpochMilli(),
            at.plus(retention).toEpochMilli(),
            token,
            Judge0Status.IN_QUEUE.id,
            Judge0Status.PROCESSING.id)
        == 1;
  }

  /** The tenant's submission, unless it finished longer than the retention ago. */
  Optional<Judge0Record> find(String tenant, String token, Instant now) {
    try (Connection c = db.connection();
        PreparedStatement s =
            Jdbc.prepare(
                c,
                "SELECT token, tenant, status_id,"
                    + " submission, result, created_at, finished_at FROM judge0_submissions WHERE token = ? AND tenant = ?"
                    + " AND (expires_at > ? OR status_id IN (?, ?))",
                token,
                tenant,
                now.toEpochMilli(),
                Judge0Status.IN_QUEUE.id,
                Judge0Status.PROCESSING.id);
        ResultSet rs = s.executeQuery()) {
      return rs.next() ? Optional.of(record(rs)) : Optional.empty();
    } catch (SQLException e) {
      throw new StoreException("could not read a submission", e);
    }
  }

  /**
   * {@code owner}'s submissions still queued or running that were made before {@code madeBefore}:
   * what it left when it stopped last.
   */
  List<Judge0Record> inFlightOf(String owner, Instant madeBefore) {
    return inFlight(" owner = ?", owner, madeBefore);
  }

  /**
   * Every other gateway's submissions still queued or running that were made before {@code
   * madeBefore}: leftovers of gateways that stopped.
   */
  List<Judge0Record> inFlightOfOthers(String owner, Instant madeBefore) {
    return inFlight(" owner <> ?", owner, madeBefore);
  }

  private List<Judge0Record> inFlight(String ownerIs, String owner, Instant madeBefore) {
    List<Judge0Record> found = new ArrayList<>();
    try (Connection c = db.connection();
        PreparedStatement s =
            Jdbc.prepare(
                c,
                "SELECT token, tenant, status_id,"
                    + " submission, result, created_at, finished_at FROM judge0_submissions WHERE status_id IN (?, ?) AND"
                    + ownerIs
                    + " AND created_at < ?",
                Judge0Status.IN_QUEUE.id,
                Judge0Status.PROCESSING.id,
                owner,
                madeBefore.toEpochMilli());
        ResultSet rs = s.executeQuery()) {
      while (rs.next()) {
        found.add(record(rs));
      }
      return found;
    } catch (SQLException e) {
      throw new StoreException("could not read the submissions in flight", e);
    }
  }

  /** Removes the finished submissions past their retention (one still queued or running stays). */
  int expire(Instant now) {
    return update(
        "DELETE FROM judge0_submissions WHERE expires_at <= ? AND status_id NOT IN (?, ?)",
        now.toEpochMilli(),
        Judge0Status.IN_QUEUE.id,
        Judge0Status.PROCESSING.id);
  }

  /** A row of token, tenant, status_id, submission, result, created_at, finished_at. */
  private Judge0Record record(ResultSet rs) throws SQLException {
    String result = rs.getString(5);
    long finished = rs.getLong(7);
    Instant finishedAt = rs.wasNull() ? null : Instant.ofEpochMilli(finished);
    return new Judge0Record(
        rs.getString(1),
        rs.getString(2),
        Judge0Status.byId(rs.getInt(3)),
        read(rs.getString(4), Judge0Submission.class),
        result == null ? null : read(result, Judge0Result.class),
        Instant.ofEpochMilli(rs.getLong(6)),
        finishedAt);
  }

  private int update(String sql, Object... params) {
    try (Connection c = db.connection()) {
      return Jdbc.update(c, sql, params);
    } catch (SQLException e) {
      throw new StoreException("could not store a submission", e);
    }
  }

  private String write(Object value) {
    try {
      return json.writeValueAsString(value);
    } catch (JacksonException e) {
      throw new IllegalStateException(e);
    }
  }

  private <T> T read(String text, Class<T> type) {
    try {
      return json.readValue(text, type);
    } catch (JacksonException e) {
      throw new StoreException("a stored submission is not valid JSON", e);
    }
  }
}
