package io.sandgate.store;

import io.agroal.api.AgroalDataSource;
import io.agroal.api.AgroalDataSourceListener;
import io.agroal.api.configuration.AgroalConnectionPoolConfiguration.ConnectionValidator;
import io.agroal.api.configuration.supplier.AgroalDataSourceConfigurationSupplier;
import io.agroal.api.exceptionsorter.PostgreSQLExceptionSorter;
import io.agroal.api.security.NamePrincipal;
import io.agroal.api.security.SimplePassword;
import io.quarkus.logging.Log;
import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.StartupEvent;
import io.sandgate.framework.AgroalPools;
import io.sandgate.framework.FlywayMigrations;
import io.sandgate.threads.GatewayThreads;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Startup;

/**
 * The store's database, opened beside the gateway: its connection pool, its first connection (for
 * SQLite, loading the driver's library and opening the file) and its migration run on a thread of
 * their own while the gateway starts listening, as the pool does. Whoever needs a connection first
 * waits for the migration; the startup probe waits too, and for the observers of {@link Opened}. A
 * database that cannot be opened or migrated stops the gateway, as a failed start always did.
 *
 * <p>The pool is this class's own, not a Quarkus datasource: Quarkus creates its datasource and
 * Flyway (a classpath scan) on the main thread before the gateway listens. The datasource declared
 * in application.properties is inactive; it is there so that the build registers the driver and the
 * migrations, and Flyway is built from its {@code quarkus.flyway.*} configuration by the producer
 * Quarkus itself uses ({@link FlywayMigrations}).
 *
 * <p>A singleton: the container destroys singletons after application-scoped beans, so the pool
 * closes after the drains of those that still write (function logs, Judge0 results).
 */
@Singleton
public class Database {

  /** How long a caller waits for the store to open, as for a free connection in the pool. */
  private static final long OPEN_WAIT_SECONDS = 5;

  /**
   * Idle connections are checked this often, and closed after this long unused: Quarkus's defaults.
   */
  private static final Duration VALIDATION_INTERVAL = Duration.ofMinutes(2);

  private static final Duration IDLE_REMOVAL = Duration.ofMinutes(5);

  /**
   * Fired once the store is migrated, on the thread that opened it, before the startup probe
   * passes.
   */
  public record Opened() {}

  private final StoreConfig config;
  private final FlywayMigrations flyway;
  private final Event<Opened> opened;
  private final CompletableFuture<AgroalDataSource> migrated = new CompletableFuture<>();
  private AgroalDataSource dataSource; // guarded by this
  private boolean closed; // guarded by this
  private volatile boolean started;

  Database(StoreConfig config, FlywayMigrations flyway, Event<Opened> opened) {
    this.config = config;
    this.flyway = flyway;
    this.opened = opened;
  }

  void onStart(@Observes StartupEvent event) {
    GatewayThreads.start(
        "sandgate-store-open",
        () -> {
          try {
            AgroalDataSource db = newPool();
            synchronized (this) {
              if (closed) { // the gateway stopped while it started
                db.close();
                return;
              }
              dataSource = db;
            }
            flyway.migrate(db);
            migrated.complete(db);
          } catch (
              Throwable e) { // an Error too (SQLite's library not loading): never a gateway waiting
            // forever
            migrated.completeExceptionally(e);
            if (isClosed()) {
              return; // the pool closed under the migration: a stop, not a failure
            }
            Log.errorf(e, "the store could not be opened");
            Quarkus.asyncExit(1);
            return;
          }
          try {
            opened.fire(new Opened());
            started = true;
          } catch (Throwable e) {
            Log.errorf(e, "the store opened, but what waited for it failed");
            Quarkus.asyncExit(1);
          }
        });
  }

  /**
   * Agroal's pool with Quarkus's defaults: idle connections validated and removed, a bounded wait
   * for a free one, warnings logged; on PostgreSQL, a connection that failed fatally is dropped at
   * once rather than at its next validation.
   */
  private AgroalDataSource newPool() throws SQLException {
    boolean postgresql = config.url().startsWith(StoreDriver.POSTGRESQL);
    var configuration =
        new AgroalDataSourceConfigurationSupplier()
            .connectionPoolConfiguration(
                pool -> {
                  pool.maxSize(config.maxConnections())
                      .acquisitionTimeout(config.acquisitionTimeout())
                      .validationTimeout(VALIDATION_INTERVAL)
                      .reapTimeout(IDLE_REMOVAL)
                      .connectionValidator(ConnectionValidator.defaultValidator())
                      .connectionFactoryConfiguration(
                          factory -> {
                            factory
                                .jdbcUrl(config.url())
                                .connectionProviderClass(StoreDriver.class)
                                .principal(new NamePrincipal(config.username()));
                            config
                                .password()
                                .ifPresent(
                                    password -> factory.credential(new SimplePassword(password)));
                            return factory;
                          });
                  if (postgresql) {
                    pool.exceptionSorter(new PostgreSQLExceptionSorter());
                  }
                  return pool;
                });
    return AgroalPools.open(configuration.get(), new WarningLog());
  }

  /** What the pool warns of (a failed validation, a connection it could not open), in the log. */
  private static final class WarningLog implements AgroalDataSourceListener {
    @Override
    public void onWarning(String message) {
      Log.warnf("store connection pool: %s", message);
    }

    @Override
    public void onWarning(Throwable throwable) {
      Log.warnf(throwable, "store connection pool: %s", throwable.getMessage());
    }
  }

  @PreDestroy
  synchronized void close() {
    closed = true;
    if (dataSource != null) {
      dataSource.close();
    }
  }

  private synchronized boolean isClosed() {
    return closed;
  }

  /** Whether the store is open: migrated, and what waited for that done. */
  public boolean isOpen() {
    return started;
  }

  @Produces
  @Startup
  HealthCheck started() {
    return () -> HealthCheckResponse.named("store-open").status(started).build();
  }

  /** A connection from the pool, once the store is migrated. */
  public Connection connection() throws SQLException {
    AgroalDataSource db;
    try {
      db = migrated.get(OPEN_WAIT_SECONDS, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new SQLException("interrupted while the store opens", e);
    } catch (ExecutionException e) {
      throw new SQLException("the store could not be opened", e.getCause());
    } catch (TimeoutException e) {
      throw new SQLException("the store is still opening", e);
    }
    return db.getConnection();
  }
}
