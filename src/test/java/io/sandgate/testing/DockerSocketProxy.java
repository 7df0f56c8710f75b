package io.sandgate.testing;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A Unix-socket relay in front of the real Docker engine that a test can cut and restore, to take
 * the engine away from the gateway (and give it back) without touching the engine.
 */
public class DockerSocketProxy implements QuarkusTestResourceLifecycleManager {

  public static final Path SOCKET = Path.of("/tmp/sandgate-test-docker.sock");
  private static final UnixDomainSocketAddress ENGINE =
      UnixDomainSocketAddress.of("/var/run/docker.sock");
  private static volatile DockerSocketProxy current;

  private final List<SocketChannel> open = new CopyOnWriteArrayList<>();
  private volatile ServerSocketChannel server;

  @Override
  public Map<String, String> start() {
    current = this;
    connect();
    return Map.of("sandgate.sandbox.docker.host", "unix://" + SOCKET);
  }

  @Override
  public void stop() {
    disconnect();
  }

  /** The engine as the gateway sees it goes away: listener closed, open connections cut. */
  public static void cut() {
    current.disconnect();
  }

  /** The engine comes back. */
  public static void restore() {
    current.connect();
  }

  private synchronized void connect() {
    try {
      Files.deleteIfExists(SOCKET);
      server =
          ServerSocketChannel.open(java.net.StandardProtocolFamily.UNIX)
              .bind(UnixDomainSocketAddress.of(SOCKET));
    } catch (IOException e) {
      throw new IllegalStateException("cannot listen on " + SOCKET, e);
    }
    ServerSocketChannel listening = server;
    Thread acceptor = new Thread(() -> accept(listening), "docker-proxy-accept");
    acceptor.setDaemon(true);
    acceptor.start();
  }

  private synchronized void disconnect() {
    try {
      if (server != null) {
        server.close();
      }
      for (SocketChannel c : open) {
        c.close();
      }
      open.clear();
      Files.deleteIfExists(SOCKET);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private void accept(ServerSocketChannel listening) {
    while (listening.isOpen()) {
      try {
        SocketChannel client = listening.accept();
        SocketChannel engine = SocketChannel.open(ENGINE);
        open.add(client);
        open.add(engine);
        relay(client, engine);
        relay(engine, client);
      } catch (IOException e) {
        return;
      }
    }
  }

  private void relay(SocketChannel from, SocketChannel to) {
    Thread t =
        new Thread(
            () -> {
              ByteBuffer buffer = ByteBuffer.allocate(64 * 1024);
              try {
                while (from.read(buffer) >= 0) {
                  buffer.flip();
                  while (buffer.hasRemaining()) {
                    to.write(buffer);
                  }
                  buffer.clear();
                }
              } catch (IOException e) {
                // cut: the other direction closes too
              } finally {
                closeQuietly(from);
                closeQuietly(to);
              }
            },
            "docker-proxy-relay");
    t.setDaemon(true);
    t.start();
  }

  private void closeQuietly(SocketChannel c) {
    try {
      c.close();
    } catch (IOException e) {
      // already closed
    }
    open.remove(c);
  }
}
