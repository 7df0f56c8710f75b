package io.sandgate.store;

import io.agroal.api.AgroalDataSource;
import io.quarkus.logging.Log;
import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.StartupEvent;
import io.sandgate.BesideStart;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Produces;
import jakarta.enterprise.inject.Instance;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Startup;
import org.flywaydb.core.Flyway;

/**
 * The store's database, opened beside the gateway: its first connection (for SQLite, loading the
 * driver's library and opening the file) and its migration run on a thread of their own while the
 * gateway starts listening, as the pool does. Whoever needs a connection first waits for the
 * migration; the startup probe waits too, and for the observers of {@link Opened}. A database
 * that cannot be opened or migrated stops the gateway, as a failed start always did.
 */
@ApplicationScoped
public class Database {

    /** How long a caller waits for the store to open, as for a free connection in Agroal's pool. */
    private static final long OPEN_WAIT_SECONDS = 5;

    /** Fired once the store is migrated, on the thread that opened it, before the startup probe passes. */
    public record Opened() {
    }

    private final AgroalDataSource db;
    private final Instance<Flyway> flyway;
    private final Event<Opened> opened;
    private final CompletableFuture<Void> migrated = new CompletableFuture<>();
    private volatile boolean started;

    Database(AgroalDataSource db, Instance<Flyway> flyway, Event<Opened> opened) {
        this.db = db;
        this.flyway = flyway;
        this.opened = opened;
    }

    void onStart(@Observes StartupEvent event) {
        BesideStart.run("sandgate-store-open", () -> {
            try {
                flyway.get().migrate();
            } catch (Throwable e) { // an Error too (SQLite's library not loading): never a gateway waiting forever
                Log.errorf(e, "the store could not be opened");
                migrated.completeExceptionally(e);
                Quarkus.asyncExit(1);
                return;
            }
            migrated.complete(null);
            try {
                opened.fire(new Opened());
                started = true;
            } catch (Throwable e) {
                Log.errorf(e, "the store opened, but what waited for it failed");
                Quarkus.asyncExit(1);
            }
        });
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
        if (!migrated.isDone() || migrated.isCompletedExceptionally()) {
            try {
                migrated.get(OPEN_WAIT_SECONDS, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new SQLException("interrupted while the store opens", e);
            } catch (ExecutionException e) {
                throw new SQLException("the store could not be opened", e.getCause());
            } catch (TimeoutException e) {
                throw new SQLException("the store is still opening", e);
            }
        }
        return db.getConnection();
    }
}
