package io.sandgate.agent;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * One HTTP/1.1 exchange with an agent, over its Unix socket or TCP, on the calling thread: connect,
 * send the request, read the answer's head. The body is then read straight from the socket by
 * whoever decodes it, so a large answer is never held whole. The agent speaks a small subset (one
 * request per connection, Content-Length bodies) and lives inside the sandbox, so its answer is
 * checked as untrusted: a bounded head, a declared length, nothing past it. A deadline closes the
 * socket, which ends any read or write blocked on it.
 */
final class AgentExchange implements AutoCloseable {

  static final int MAX_HEAD_BYTES = 16 * 1024;

  private final SocketChannel channel;
  private final ScheduledExecutorService deadlines;
  private ScheduledFuture<?> deadline;
  private long deadlineNanos;
  private volatile boolean expired;
  private ByteBuffer leftover = ByteBuffer.allocate(0);

  private AgentExchange(SocketChannel channel, ScheduledExecutorService deadlines) {
    this.channel = channel;
    this.deadlines = deadlines;
  }

  /**
   * Connects within {@code connectTimeoutMs}.
   *
   * @throws AgentException NOT_CONNECTED when nothing could reach the agent
   */
  static AgentExchange connect(
      SocketAddress agent, long connectTimeoutMs, ScheduledExecutorService deadlines) {
    SocketChannel channel;
    try {
      channel =
          agent instanceof UnixDomainSocketAddress
              ? SocketChannel.open(StandardProtocolFamily.UNIX)
              : SocketChannel.open();
    } catch (IOException e) {
      throw new AgentException(AgentException.Reason.NOT_CONNECTED, "cannot open a socket", e);
    }
    AgentExchange exchange = new AgentExchange(channel, deadlines);
    exchange.expireIn(connectTimeoutMs);
    try {
      if (!(agent instanceof UnixDomainSocketAddress)) {
        // The head and the body go in two writes: without this the body waits for an ACK.
        channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
      }
      channel.connect(agent);
      return exchange;
    } catch (IOException e) {
      exchange.close();
      throw new AgentException(
          AgentException.Reason.NOT_CONNECTED, "cannot connect to the agent", e);
    }
  }

  /**
   * Sends the request and reads the answer's head; the exchange must end within {@code timeoutMs}.
   */
  Head send(String method, String uri, byte[] body, long timeoutMs) {
    expireIn(timeoutMs);
    StringBuilder request =
        new StringBuilder(160)
            .append(method)
            .append(' ')
            .append(uri)
            .append(" HTTP/1.1\r\nHost: agent\r\n");
    if (body != null) {
      request
          .append("Content-Type: application/json\r\nContent-Length: ")
          .append(body.length)
          .append("\r\n");
    }
    request.append("Connection: close\r\n\r\n");
    try {
      write(request.toString().getBytes(StandardCharsets.US_ASCII));
      if (body != null) {
        write(body);
      }
      return readHead();
    } catch (IOException e) {
      throw unreachable(e);
    }
  }

  /** The answer's body, exactly {@code length} bytes of it; a short one fails with an I/O error. */
  InputStream body(long length) {
    return new BoundedInput(leftover, Channels.newInputStream(channel), length);
  }

  /** When the exchange's time is up, in {@link System#nanoTime()}: the socket is closed then. */
  long deadlineNanos() {
    return deadlineNanos;
  }

  /** Maps an I/O failure while talking to the agent, telling a passed deadline apart. */
  AgentException unreachable(IOException e) {
    return new AgentException(
        AgentException.Reason.UNREACHABLE,
        expired
            ? "agent did not answer in time"
            : "agent unreachable: " + e.getClass().getSimpleName(),
        e);
  }

  @Override
  public void close() {
    if (deadline != null) {
      deadline.cancel(false);
    }
    try {
      channel.close();
    } catch (IOException e) {
      // nothing left to do with it
    }
  }

  private void expireIn(long millis) {
    if (deadline != null) {
      deadline.cancel(false);
    }
    deadlineNanos = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
    deadline =
        deadlines.schedule(
            () -> {
              expired = true;
              close();
            },
            millis,
            TimeUnit.MILLISECONDS);
  }

  private void write(byte[] bytes) throws IOException {
    ByteBuffer buffer = ByteBuffer.wrap(bytes);
    while (buffer.hasRemaining()) {
      channel.write(buffer);
    }
  }

  private Head readHead() throws IOException {
    ByteBuffer buffer = ByteBuffer.allocate(MAX_HEAD_BYTES);
    int end;
    int scanned = 0;
    while ((end = headEnd(buffer, scanned)) < 0) {
      scanned = Math.max(0, buffer.position() - 3);
      if (!buffer.hasRemaining()) {
        throw new AgentException(
            AgentException.Reason.FAILED, "agent answer head over " + MAX_HEAD_BYTES + " bytes");
      }
      if (channel.read(buffer) < 0) {
        throw new EOFException("agent closed the connection before answering");
      }
    }
    String head = new String(buffer.array(), 0, end, StandardCharsets.ISO_8859_1);
    leftover = ByteBuffer.wrap(buffer.array(), end + 4, buffer.position() - end - 4);
    return Head.parse(head);
  }

  /**
   * Where the blank line ending the head starts, looking from {@code from}; -1 if not there yet.
   */
  private static int headEnd(ByteBuffer buffer, int from) {
    byte[] bytes = buffer.array();
    for (int i = from; i + 3 < buffer.position(); i++) {
      if (bytes[i] == '\r'
          && bytes[i + 1] == '\n'
          && bytes[i + 2] == '\r'
          && bytes[i + 3] == '\n') {
        return i;
      }
    }
    return -1;
  }

  /** Status and declared body length of an answer. */
  record Head(int status, long contentLength) {

    static Head parse(String head) {
      String[] lines = head.split("\r\n");
      String[] statusLine = lines[0].split(" ", 3);
      if (statusLine.length < 2 || !statusLine[0].startsWith("HTTP/1.")) {
        throw invalid("status line");
      }
      int status;
      try {
        status = Integer.parseInt(statusLine[1]);
      } catch (NumberFormatException e) {
        throw invalid("status");
      }
      long length = -1;
      for (int i = 1; i < lines.length; i++) {
        int colon = lines[i].indexOf(':');
        if (colon <= 0) {
          throw invalid("header");
        }
        String name = lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT);
        String value = lines[i].substring(colon + 1).trim();
        if (name.equals("transfer-encoding")) {
          throw invalid("transfer encoding");
        }
        if (name.equals("content-length")) {
          try {
            length = Long.parseLong(value);
          } catch (NumberFormatException e) {
            throw invalid("Content-Length");
          }
        }
      }
      if (length < 0) {
        throw invalid("Content-Length");
      }
      return new Head(status, length);
    }

    private static AgentException invalid(String what) {
      return new AgentException(AgentException.Reason.FAILED, "agent answer has a bad " + what);
    }
  }

  /** The bytes already read past the head, then the socket, up to exactly the declared length. */
  private static final class BoundedInput extends InputStream {

    private final ByteBuffer leftover;
    private final InputStream socket;
    private long remaining;

    BoundedInput(ByteBuffer leftover, InputStream socket, long length) {
      this.leftover = leftover;
      this.socket = socket;
      this.remaining = length;
    }

    @Override
    public int read() throws IOException {
      byte[] one = new byte[1];
      return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] into, int offset, int length) throws IOException {
      if (remaining == 0) {
        return -1;
      }
      int wanted = (int) Math.min(length, remaining);
      int n;
      if (leftover.hasRemaining()) {
        n = Math.min(wanted, leftover.remaining());
        leftover.get(into, offset, n);
      } else {
        n = socket.read(into, offset, wanted);
        if (n < 0) {
          throw new EOFException("agent answer ended " + remaining + " bytes short");
        }
      }
      remaining -= n;
      return n;
    }
  }
}
