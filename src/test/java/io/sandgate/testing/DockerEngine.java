package io.sandgate.testing;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * Stops the test run at once, with a way out, when no Docker engine answers: Sandgate's tests run
 * real code in real containers and are never skipped.
 */
public class DockerEngine implements QuarkusTestResourceLifecycleManager {

  private static final String SOCKET = "/var/run/docker.sock";

  @Override
  public Map<String, String> start() {
    if (!answers()) {
      throw new IllegalStateException(
          "No Docker engine answers at "
              + SOCKET
              + ". Sandgate's tests run real containers: install and start one"
              + " (Debian: apt-get install -y docker.io, then start dockerd), or run .ci/run, which does both.");
    }
    return Map.of();
  }

  static boolean answers() {
    try (SocketChannel channel = SocketChannel.open(UnixDomainSocketAddress.of(SOCKET))) {
      channel.write(
          ByteBuffer.wrap("GET /_ping HTTP/1.0\r\n\r\n".getBytes(StandardCharsets.US_ASCII)));
      ByteBuffer answer = ByteBuffer.allocate(64);
      channel.read(answer);
      return new String(answer.array(), 0, answer.position(), StandardCharsets.US_ASCII)
          .matches("HTTP/1\\.. 200.*(?s).*");
    } catch (IOException e) {
      return false;
    }
  }

  @Override
  public void stop() {}
}
