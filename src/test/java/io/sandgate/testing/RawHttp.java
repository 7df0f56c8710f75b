package io.sandgate.testing;

import io.restassured.RestAssured;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;

/**
 * Bytes on a real socket to the gateway under test: for what an HTTP client library would not send.
 */
public final class RawHttp {

  private static final int CHUNK = 64 * 1024;

  private RawHttp() {}

  /** What came back: the status of the first status line (0 if none) and everything read. */
  public record Answer(int status, String text) {}

  /** Opens a connection to the gateway's API port. */
  public static Socket connect() throws IOException {
    Socket socket = new Socket("localhost", RestAssured.port);
    socket.setSoTimeout(60_000);
    return socket;
  }

  /**
   * Opens a connection to the API port from {@code localAddress}, a loopback address (127.0.0.x):
   * to the gateway, each such address is a client of its own.
   */
  public static Socket connectFrom(String localAddress) throws IOException {
    Socket socket = new Socket();
    socket.bind(new java.net.InetSocketAddress(java.net.InetAddress.getByName(localAddress), 0));
    socket.connect(
        new java.net.InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), RestAssured.port),
        10_000);
    socket.setSoTimeout(60_000);
    return socket;
  }

  /** Sends {@code request} as is and reads until the gateway closes the connection. */
  public static Answer send(String request) throws IOException {
    try (Socket socket = connect()) {
      socket.getOutputStream().write(request.getBytes(StandardCharsets.UTF_8));
      socket.getOutputStream().flush();
      return read(socket.getInputStream());
    }
  }

  /** Sends {@code body} chunked (or until the gateway stops reading) as the test tenant. */
  public static Answer chunked(String path, String contentType, byte[] body) throws IOException {
    try (Socket socket = connect()) {
      OutputStream out = socket.getOutputStream();
      out.write(
          ("POST "
                  + path
                  + " HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer "
                  + Api.KEY
                  + "\r\nContent-Type: "
                  + contentType
                  + "\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n")
              .getBytes(StandardCharsets.US_ASCII));
      try {
        for (int sent = 0; sent < body.length; sent += CHUNK) {
          int n = Math.min(CHUNK, body.length - sent);
          out.write((Integer.toHexString(n) + "\r\n").getBytes(StandardCharsets.US_ASCII));
          out.write(body, sent, n);
          out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
        }
        out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        out.flush();
      } catch (IOException e) {
        // the gateway refused the rest and closed its side: its answer is already there
      }
      return read(socket.getInputStream());
    }
  }

  /**
   * Whether the gateway closes the connection within {@code millis}, reading and dropping what it
   * sends.
   */
  public static boolean closedWithin(Socket socket, int millis) throws IOException {
    socket.setSoTimeout(millis);
    try {
      InputStream in = socket.getInputStream();
      byte[] buffer = new byte[4096];
      while (in.read(buffer) >= 0) {
        // an answer before the close is fine
      }
      return true;
    } catch (SocketTimeoutException e) {
      return false;
    } catch (IOException e) {
      return true; // reset by the gateway
    }
  }

  /** A whole answer with a Content-Length is in: no need to wait for the gateway to close. */
  private static boolean complete(String text) {
    int end = text.indexOf("\r\n\r\n");
    java.util.regex.Matcher length =
        java.util.regex.Pattern.compile("(?im)^content-length: *(\\d+)")
            .matcher(end < 0 ? "" : text.substring(0, end + 2));
    return length.find() && text.length() - end - 4 >= Integer.parseInt(length.group(1));
  }

  private static Answer read(InputStream in) throws IOException {
    ByteArrayOutputStream all = new ByteArrayOutputStream();
    byte[] buffer = new byte[8192];
    try {
      for (int n;
          !complete(all.toString(StandardCharsets.ISO_8859_1)) && (n = in.read(buffer)) >= 0; ) {
        all.write(buffer, 0, n);
      }
    } catch (IOException e) {
      // reset after the answer
    }
    String text = all.toString(StandardCharsets.ISO_8859_1);
    int status = 0;
    if (text.matches("(?s)HTTP/1\\.[01] \\d{3}.*")) {
      status = Integer.parseInt(text.substring(9, 12));
    }
    return new Answer(status, text);
  }
}
