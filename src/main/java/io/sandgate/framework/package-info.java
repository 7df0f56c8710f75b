/**
 * The fence around the framework internals the gateway relies on: each hook here reaches past a
 * public API of Quarkus, Vert.x, Flyway or Agroal, names why, and says which Quarkus it was written
 * for. {@code FrameworkHooksTest} checks every one of them, so that an upgrade that moves one fails
 * the build by the hook's name instead of changing the gateway's behaviour silently.
 *
 * <ul>
 *   <li>{@link io.sandgate.framework.VertxConnections}: the Netty channel under a Vert.x connection
 *       and the names Vert.x gives its handlers in that channel's pipeline.
 *   <li>{@link io.sandgate.framework.QuarkusRouter}: Quarkus's root HTTP handler, served on a
 *       second port.
 *   <li>{@link io.sandgate.framework.FlywayMigrations}: Flyway built by Quarkus's own producer for
 *       a data source that is not a Quarkus one.
 *   <li>{@link io.sandgate.framework.AgroalPools}: Agroal's pool made without its service lookup.
 * </ul>
 *
 * <p>One hook cannot live here: {@code
 * io.quarkus.smallrye.openapi.runtime.LazyOpenApiDocumentService} overrides a package-private
 * method, so it sits in the extension's own package; that package, in this source tree, holds
 * nothing else.
 */
package io.sandgate.framework;
