package io.sandgate.sandbox;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.model.AuthConfig;
import com.github.dockerjava.api.model.AuthConfigurations;
import com.github.dockerjava.core.DockerClientConfig;
import com.github.dockerjava.core.DockerClientImpl;
import com.github.dockerjava.core.RemoteApiVersion;
import com.github.dockerjava.core.SSLConfig;
import com.github.dockerjava.transport.DockerHttpClient;
import com.github.dockerjava.zerodep.ZerodepDockerHttpClient;
import io.quarkus.logging.Log;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.net.URI;
import javax.net.ssl.SSLContext;

/**
 * The one Docker client. Creating it does not contact the engine, so a missing engine is not a
 * crash.
 */
final class DockerClientProducer {

  /**
   * The HTTP client under {@link #dockerClient}: for the few engine calls read without
   * docker-java's models.
   */
  @Produces
  @Singleton
  DockerHttpClient dockerHttp(SandboxConfig config) {
    SandboxConfig.Docker docker = config.docker();
    return new ZerodepDockerHttpClient.Builder()
        .dockerHost(URI.create(docker.host()))
        .connectionTimeout(docker.connectTimeout())
        .responseTimeout(docker.responseTimeout())
        .maxConnections(docker.maxConnections())
        // The engine is reached over a Unix socket or plain TCP, never TLS. Without a context of
        // its own the client builds the JVM's default one at start, parsing the CA trust store
        // (~230 classes and ~1 MB of heap) for nothing. This one is never initialised.
        .sslConfig(() -> SSLContext.getInstance("TLS"))
        .build();
  }

  @Produces
  @Singleton
  DockerClient dockerClient(SandboxConfig config, DockerHttpClient http) {
    return DockerClientImpl.getInstance(new EngineOnly(URI.create(config.docker().host())), http);
  }

  /** Closes the HTTP client too. */
  void close(@Disposes DockerClient client) {
    try {
      client.close();
    } catch (IOException e) {
      Log.warnf("closing the Docker client failed: %s", e.getMessage());
    }
  }

  /**
   * The engine's address and nothing else: no registry credentials (the gateway pulls nothing), no
   * TLS, nothing read from the environment or ~/.docker. docker-java's default configuration would
   * also bring its certificate loading, and with it Bouncy Castle, into the native image (the build
   * then needs Bouncy Castle, which pom.xml leaves out).
   */
  private record EngineOnly(URI host) implements DockerClientConfig {

    @Override
    public URI getDockerHost() {
      return host;
    }

    @Override
    public RemoteApiVersion getApiVersion() {
      return RemoteApiVersion.unknown();
    }

    @Override
    public String getRegistryUsername() {
      return null;
    }

    @Override
    public String getRegistryPassword() {
      return null;
    }

    @Override
    public String getRegistryEmail() {
      return null;
    }

    @Override
    public String getRegistryUrl() {
      return null;
    }

    @Override
    public AuthConfig effectiveAuthConfig(String imageName) {
      return null;
    }

    @Override
    public AuthConfigurations getAuthConfigurations() {
      return new AuthConfigurations();
    }

    @Override
    public SSLConfig getSSLConfig() {
      return null;
    }
  }
}
