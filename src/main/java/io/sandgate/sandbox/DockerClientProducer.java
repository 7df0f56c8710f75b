package io.sandgate.sandbox;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.core.DefaultDockerClientConfig;
import com.github.dockerjava.core.DockerClientImpl;
import com.github.dockerjava.zerodep.ZerodepDockerHttpClient;
import io.quarkus.logging.Log;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.net.URI;
import javax.net.ssl.SSLContext;

/** The one Docker client. Creating it does not contact the engine, so a missing engine is not a crash. */
final class DockerClientProducer {

    @Produces
    @Singleton
    DockerClient dockerClient(SandboxConfig config) {
        SandboxConfig.Docker docker = config.docker();
        DefaultDockerClientConfig clientConfig = DefaultDockerClientConfig.createDefaultConfigBuilder()
                .withDockerHost(docker.host())
                .withDockerTlsVerify(false)
                .build();
        ZerodepDockerHttpClient http = new ZerodepDockerHttpClient.Builder()
                .dockerHost(URI.create(docker.host()))
                .connectionTimeout(docker.connectTimeout())
                .responseTimeout(docker.responseTimeout())
                .maxConnections(docker.maxConnections())
                // The engine is reached over a Unix socket or plain TCP, never TLS. Without a context of
                // its own the client builds the JVM's default one at start, parsing the CA trust store
                // (~230 classes and ~1 MB of heap) for nothing. This one is never initialised.
                .sslConfig(() -> SSLContext.getInstance("TLS"))
                .build();
        return DockerClientImpl.getInstance(clientConfig, http);
    }

    void close(@Disposes DockerClient client) {
        try {
            client.close();
        } catch (IOException e) {
            Log.warnf("closing the Docker client failed: %s", e.getMessage());
        }
    }
}
