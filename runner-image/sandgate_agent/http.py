"""The agent's HTTP: the subset of HTTP/1.1 the gateway speaks, on a Unix socket or a TCP port."""

import codecs
import json
import os
import socket

SOCKET_NAME = "agent.sock"
MAX_HEAD_BYTES = 16 * 1024
# Program output is escaped into the answer this many bytes at a time.
ANSWER_CHUNK_BYTES = 64 * 1024


class HttpError(Exception):
    def __init__(self, status, message):
        super().__init__(message)
        self.status = status


REASONS = {200: "OK", 400: "Bad Request", 404: "Not Found", 405: "Method Not Allowed",
           409: "Conflict", 411: "Length Required", 413: "Content Too Large",
           431: "Request Header Fields Too Large", 500: "Internal Server Error"}


def read_request(conn, max_body_bytes):
    """One request as (method, path, body or None): the subset of HTTP/1.1 the gateway speaks,
    a Content-Length body and one request per connection. (http.server would cost the agent's
    start-up more than the rest of it: it imports ssl and email.)"""
    data = b""
    while b"\r\n\r\n" not in data and len(data) <= MAX_HEAD_BYTES:
        chunk = conn.recv(65536)
        if not chunk:
            raise ConnectionError("closed before a whole request")
        data += chunk
    head, _, body = data.partition(b"\r\n\r\n")
    if len(head) > MAX_HEAD_BYTES:
        raise HttpError(431, "request head over %d bytes" % MAX_HEAD_BYTES)
    lines = head.decode("latin-1").split("\r\n")
    parts = lines[0].split(" ")
    if len(parts) != 3 or not parts[2].startswith("HTTP/1."):
        raise HttpError(400, "bad request line")
    headers = {}
    for line in lines[1:]:
        name, sep, value = line.partition(":")
        if not sep:
            raise HttpError(400, "bad header line")
        headers[name.strip().lower()] = value.strip()
    if "transfer-encoding" in headers:
        raise HttpError(411, "send the body with a Content-Length")
    if "content-length" not in headers:
        return parts[0], parts[1], None
    try:
        length = int(headers["content-length"])
    except ValueError:
        raise HttpError(400, "bad Content-Length") from None
    if length < 0:
        raise HttpError(400, "bad Content-Length")
    if length > max_body_bytes:
        raise HttpError(413, "body over %d bytes" % max_body_bytes)
    while len(body) < length:
        chunk = conn.recv(min(65536, length - len(body)))
        if not chunk:
            raise ConnectionError("closed inside the body")
        body += chunk
    return parts[0], parts[1], body[:length]


def json_pieces(payload):
    """The payload as JSON, in pieces. Program output (bytes) is decoded (invalid UTF-8 becomes
    U+FFFD) and escaped a chunk at a time, so an answer never exists whole in the sandbox's memory:
    a flood of control characters is six JSON bytes per byte. Raw UTF-8, not \\u escapes."""
    yield b"{"
    for i, (key, value) in enumerate(payload.items()):
        yield (b"," if i else b"") + json.dumps(key).encode("ascii") + b":"
        if not isinstance(value, (bytes, bytearray)):
            yield json.dumps(value, ensure_ascii=False).encode("utf-8", errors="replace")
            continue
        yield b'"'
        decoder = codecs.getincrementaldecoder("utf-8")(errors="replace")
        view = memoryview(value)
        for start in range(0, len(value), ANSWER_CHUNK_BYTES):
            text = decoder.decode(view[start:start + ANSWER_CHUNK_BYTES],
                                  final=start + ANSWER_CHUNK_BYTES >= len(value))
            yield json.dumps(text, ensure_ascii=False)[1:-1].encode("utf-8")
        yield b'"'
    yield b"}"


def send_json(conn, status, payload):
    """Two passes over the pieces: one to count the bytes for Content-Length, one to send them."""
    length = sum(len(piece) for piece in json_pieces(payload))
    head = ("HTTP/1.1 %d %s\r\nServer: sandgate-agent\r\nContent-Type: application/json\r\n"
            "Content-Length: %d\r\nConnection: close\r\n\r\n") % (status, REASONS[status], length)
    conn.sendall(head.encode("ascii"))
    for piece in json_pieces(payload):
        conn.sendall(piece)


def listen(settings):
    """The listening socket: SOCKET_NAME in the socket directory, created under a temporary name and
    renamed into place once listening, so "the socket exists" means "the agent is ready"; or a TCP
    port."""
    if settings.agent_port is not None:  # the tcp transport: the container sits on an internal network
        return socket.create_server(("0.0.0.0", settings.agent_port), backlog=16)
    os.makedirs(settings.socket_dir, mode=0o700, exist_ok=True)
    final = os.path.join(settings.socket_dir, SOCKET_NAME)
    temp = os.path.join(settings.socket_dir, ".%s.%d" % (SOCKET_NAME, os.getpid()))
    for path in (final, temp):
        try:
            os.unlink(path)
        except FileNotFoundError:
            pass
    server = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    old_umask = os.umask(0o177)  # the socket is born 0600: no window for others
    server.bind(temp)
    os.umask(old_umask)
    server.listen(16)
    if settings.socket_gid is not None:  # a non-root gateway in this group connects; the program is in no group
        os.chown(temp, -1, settings.socket_gid)
        os.chmod(temp, 0o660)
    else:
        os.chmod(temp, 0o600)
    os.rename(temp, final)
    return server
