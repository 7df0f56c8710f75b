package io.sandgate.framework;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.agroal.api.AgroalDataSource;
import io.agroal.api.AgroalDataSourceListener;
import io.agroal.api.configuration.supplier.AgroalDataSourceConfigurationSupplier;
import io.netty.channel.Channel;
import io.quarkus.flyway.runtime.FlywayContainer;
import io.quarkus.flyway.runtime.FlywayContainerProducer;
import io.quarkus.smallrye.openapi.OpenApiFilter;
import io.quarkus.smallrye.openapi.runtime.LazyOpenApiDocumentService;
import io.quarkus.smallrye.openapi.runtime.OpenApiDocumentService;
import io.quarkus.smallrye.openapi.runtime.OpenApiRecorder;
import io.quarkus.smallrye.openapi.runtime.filter.AutoSecurityFilter;
import io.quarkus.vertx.http.runtime.VertxHttpRecorder;
import io.smallrye.openapi.runtime.io.Format;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.DriverPropertyInfo;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * One test per framework hook (see the package's Javadoc): each fails, by the hook's name, when a
 * Quarkus upgrade moves or renames what the hook relies on.
 */
class FrameworkHooksTest {

  private static final int IDLE_SECONDS = 7;

  private static Vertx vertx;
  private static HttpServer server;
  private static volatile Consumer<HttpServerRequest> onRequest;

  @BeforeAll
  static void startServer() throws Exception {
    vertx = Vertx.vertx();
    server =
        vertx
            .createHttpServer(
                new HttpServerOptions()
                    .setIdleTimeout(IDLE_SECONDS)
                    .setIdleTimeoutUnit(TimeUnit.SECONDS))
            .requestHandler(request -> onRequest.accept(request))
            .listen(0, "127.0.0.1")
            .toCompletionStage()
            .toCompletableFuture()
            .get(10, TimeUnit.SECONDS);
  }

  @AfterAll
  static void stopServer() throws Exception {
    vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  /** Runs {@code check} on the event loop of a real HTTP/1.1 request's connection. */
  private static void onConnectionOfARequest(Consumer<Channel> check) throws Exception {
    CompletableFuture<Void> checked = new CompletableFuture<>();
    onRequest =
        request -> {
          try {
            Channel channel = VertxConnections.channel(request.connection());
            assertNotNull(channel, "VertxConnections.channel: no channel under the connection");
            check.accept(channel);
            checked.complete(null);
          } catch (Throwable e) {
            checked.completeExceptionally(e);
          }
          request.response().end();
        };
    HttpClient.newBuilder()
        .version(HttpClient.Version.HTTP_1_1)
        .build()
        .send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.actualPort() + "/"))
                .build(),
            HttpResponse.BodyHandlers.discarding());
    checked.get(10, TimeUnit.SECONDS);
  }

  @Test
  void vertxConnectionsChannel() throws Exception {
    Method channel = io.vertx.core.net.impl.ConnectionBase.class.getMethod("channel");
    assertEquals(Channel.class, channel.getReturnType());
    onConnectionOfARequest(c -> assertTrue(c.isActive()));
  }

  @Test
  void vertxConnectionsIdleHandler() throws Exception {
    onConnectionOfARequest(
        channel -> {
          assertEquals(
              TimeUnit.SECONDS.toMillis(IDLE_SECONDS),
              VertxConnections.idleTimeoutMillis(channel),
              "Vert.x's idle handler is no longer '"
                  + VertxConnections.IDLE
                  + "': "
                  + channel.pipeline().names());
          VertxConnections.replaceIdleTimeout(channel, 60_000);
          assertEquals(60_000L, VertxConnections.idleTimeoutMillis(channel));
        });
  }

  @Test
  void vertxConnectionsHttpCodecNames() throws Exception {
    onConnectionOfARequest(
        channel -> {
          List<String> names = channel.pipeline().names();
          assertTrue(
              names.contains(VertxConnections.HTTP_DECODER)
                  && names.contains(VertxConnections.HTTP_ENCODER),
              "Vert.x's HTTP/1 codec is no longer named "
                  + VertxConnections.HTTP_DECODER
                  + " and "
                  + VertxConnections.HTTP_ENCODER
                  + ": "
                  + names);
        });
  }

  @Test
  void quarkusRouterRootHandler() throws Exception {
    Method root = VertxHttpRecorder.class.getMethod("getRootHandler");
    assertTrue(Modifier.isStatic(root.getModifiers()), "VertxHttpRecorder.getRootHandler: static");
    assertEquals(Handler.class, root.getReturnType());
    assertEquals(
        HttpServerRequest.class,
        ((ParameterizedType) root.getGenericReturnType()).getActualTypeArguments()[0]);
  }

  @Test
  void flywayMigrations() throws Exception {
    Method create =
        FlywayContainerProducer.class.getMethod(
            "createFlyway", DataSource.class, String.class, boolean.class, boolean.class);
    assertEquals(FlywayContainer.class, create.getReturnType());
    assertEquals(Flyway.class, FlywayContainer.class.getMethod("getFlyway").getReturnType());
  }

  @Test
  void agroalPools() throws Exception {
    var configuration =
        new AgroalDataSourceConfigurationSupplier()
            .connectionPoolConfiguration(
                pool ->
                    pool.maxSize(1)
                        .connectionFactoryConfiguration(
                            factory ->
                                factory
                                    .jdbcUrl("jdbc:none:")
                                    .connectionProviderClass(NoDriver.class)))
            .get();
    try (AgroalDataSource pool =
        AgroalPools.open(configuration, new AgroalDataSourceListener() {})) {
      assertEquals(1, pool.getConfiguration().connectionPoolConfiguration().maxSize());
    }
  }

  /** The pool is only made, never asked for a connection: its driver has none to give. */
  public static final class NoDriver implements Driver {
    @Override
    public Connection connect(String url, Properties info) throws SQLException {
      throw new SQLException("no connection in this test");
    }

    @Override
    public boolean acceptsURL(String url) {
      return true;
    }

    @Override
    public DriverPropertyInfo[] getPropertyInfo(String url, Properties info) {
      return new DriverPropertyInfo[0];
    }

    @Override
    public int getMajorVersion() {
      return 1;
    }

    @Override
    public int getMinorVersion() {
      return 0;
    }

    @Override
    public boolean jdbcCompliant() {
      return false;
    }

    @Override
    public Logger getParentLogger() {
      return Logger.getGlobal();
    }
  }

  @Test
  void lazyOpenApiDocumentService() throws Exception {
    Class<?>[] prepare = {AutoSecurityFilter.class, Map.class, String.class};
    Method deferred = OpenApiDocumentService.class.getDeclaredMethod("prepareDocument", prepare);
    int modifiers = deferred.getModifiers();
    assertFalse(
        Modifier.isPrivate(modifiers)
            || Modifier.isFinal(modifiers)
            || Modifier.isStatic(modifiers),
        "OpenApiDocumentService.prepareDocument can no longer be overridden: " + deferred);
    assertEquals(
        OpenApiFilter.RunStage.class,
        ((ParameterizedType) deferred.getGenericParameterTypes()[1]).getActualTypeArguments()[0]);
    Method served =
        OpenApiDocumentService.class.getMethod("getDocument", String.class, Format.class);
    assertEquals(byte[].class, served.getReturnType());
    // The override must be in the same package and match exactly, or it silently overrides nothing.
    assertEquals(
        OpenApiDocumentService.class.getPackageName(),
        LazyOpenApiDocumentService.class.getPackageName());
    assertEquals(OpenApiDocumentService.class, LazyOpenApiDocumentService.class.getSuperclass());
    LazyOpenApiDocumentService.class.getDeclaredMethod("prepareDocument", prepare);
    LazyOpenApiDocumentService.class.getDeclaredMethod("getDocument", String.class, Format.class);
    // What calls the hook at start: gone, and the reason for the class may be gone with it.
    OpenApiRecorder.class.getMethod("prepareDocument", prepare);
  }
}
