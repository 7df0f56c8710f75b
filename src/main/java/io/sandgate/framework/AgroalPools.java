package io.sandgate.framework;

import io.agroal.api.AgroalDataSource;
import io.agroal.api.AgroalDataSourceListener;
import io.agroal.api.configuration.AgroalDataSourceConfiguration;
import java.sql.SQLException;

/**
 * Opens an Agroal pool by its implementation class, {@code io.agroal.pool.DataSource}: {@code
 * AgroalDataSource.from} finds it through a service lookup and reflection, which the native image
 * would need registered. Written for Quarkus 3.33.2 (Agroal 3.0); {@code FrameworkHooksTest} opens
 * one.
 */
public final class AgroalPools {

  private AgroalPools() {}

  /** A pool as configured, its warnings sent to {@code listener}. */
  public static AgroalDataSource open(
      AgroalDataSourceConfiguration configuration, AgroalDataSourceListener listener)
      throws SQLException {
    return new io.agroal.pool.DataSource(configuration, listener);
  }
}
