package io.sandgate.framework;

import io.quarkus.datasource.common.runtime.DataSourceUtil;
import io.quarkus.flyway.runtime.FlywayContainerProducer;
import jakarta.inject.Singleton;
import javax.sql.DataSource;

/**
 * Migrates a data source with the Flyway that Quarkus would build for its default datasource: the
 * {@code quarkus.flyway.*} configuration, the migrations the build bundled. The data source is not
 * a Quarkus one (it is opened beside the start), so Quarkus's internal producer, {@code
 * io.quarkus.flyway.runtime.FlywayContainerProducer}, is called directly. Written for Quarkus
 * 3.33.2; {@code FrameworkHooksTest} checks the method.
 */
@Singleton
public class FlywayMigrations {

  private final FlywayContainerProducer producer;

  FlywayMigrations(FlywayContainerProducer producer) {
    this.producer = producer;
  }

  /** Applies the migrations not yet applied to {@code db}. */
  public void migrate(DataSource db) {
    producer
        .createFlyway(db, DataSourceUtil.DEFAULT_DATASOURCE_NAME, true, false)
        .getFlyway()
        .migrate();
  }
}
