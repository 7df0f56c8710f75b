package io.sandgate.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real Redis server for the tests of cluster-wide limits, from Debian's {@code redis-server}: one
 * per test, on a free port of 127.0.0.1, nothing persisted. It can be stopped and started again on
 * the same port, as an outage would.
 */
public final class RedisServer implements AutoCloseable {

  private static final Path SERVER = Path.of("/usr/bin/redis-server");

  private final int port;
  private final Path log;
  private Process process;

  private RedisServer(int port, Path log) {
    this.port = port;
    this.log = log;
  }

  /** A server on a free port, answering. */
  public static RedisServer start() {
    if (!Files.isExecutable(SERVER)) {
      throw new IllegalStateException(
          "No Redis server is installed: the cluster-limit tests run a real one."
              + " Debian: apt-get install -y redis-server (.ci/run does it).");
    }
    try {
      int port;
      try (ServerSocket socket = new ServerSocket(0)) {
        port = socket.getLocalPort();
      }
      RedisServer server = new RedisServer(port, Files.createTempFile("sandgate-redis-", ".log"));
      server.startAgain();
      return server;
    } catch (IOException e) {
      throw new IllegalStateException("cannot start Redis: " + e.getMessage(), e);
    }
  }

  /** The URL a gateway takes as {@code sandgate.redis.url}. */
  public String url() {
    return "redis://127.0.0.1:" + port;
  }

  public int port() {
    return port;
  }

  /** Starts the server (again) on its port, empty, and waits until it answers. */
  public synchronized void startAgain() {
    List<String> command =
        new ArrayList<>(
            List.of(
                SERVER.toString(),
                "--port",
                Integer.toString(port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
                "--daemonize",
                "no"));
    try {
      process =
          new ProcessBuilder(command)
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
              .start();
    } catch (IOException e) {
      throw new IllegalStateException("cannot start Redis: " + e.getMessage(), e);
    }
    PoolProbe.await(
        () -> {
          if (!process.isAlive()) {
            throw new AssertionError("redis-server exited: " + readLog());
          }
          return "PONG".equals(command("PING"));
        },
        "Redis on port " + port + " to answer");
  }

  /** Stops the server at once (SIGKILL: an outage, not a shutdown); what it held is gone. */
  public synchronized void stop() throws InterruptedException {
    if (process != null) {
      process.destroyForcibly();
      process.waitFor(30, TimeUnit.SECONDS);
      process = null;
    }
  }

  /**
   * One command by plain RESP: the reply's first line without its type marker (a number, a simple
   * string, or the first element's length for arrays), or null when nothing answers.
   */
  public String command(String... args) {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", port), 1000);
      socket.setSoTimeout(2000);
      StringBuilder request = new StringBuilder("*" + args.length + "\r\n");
      for (String arg : args) {
        request
            .append('$')
            .append(arg.getBytes(StandardCharsets.UTF_8).length)
            .append("\r\n")
            .append(arg)
            .append("\r\n");
      }
      OutputStream out = socket.getOutputStream();
      out.write(request.toString().getBytes(StandardCharsets.UTF_8));
      out.flush();
      InputStream in = socket.getInputStream();
      StringBuilder line = new StringBuilder();
      for (int b = in.read(); b != -1 && b != '\r'; b = in.read()) {
        line.append((char) b);
      }
      return line.length() == 0 ? null : line.substring(1);
    } catch (IOException e) {
      return null;
    }
  }

  private String readLog() {
    try {
      return Files.readString(log);
    } catch (IOException e) {
      return "(no log)";
    }
  }

  @Override
  public void close() throws InterruptedException {
    stop();
    try {
      Files.deleteIfExists(log);
    } catch (IOException e) {
      // A temporary file.
    }
  }
}
