import json
import socket
import threading
import unittest

from sandgate_agent.http import ANSWER_CHUNK_BYTES, MAX_HEAD_BYTES, HttpError, json_pieces, read_request, send_json


class ReadRequestTest(unittest.TestCase):

    def exchange(self, data, max_body_bytes=100, close=True):
        """read_request on a connection the data was sent on."""
        server, client = socket.socketpair()
        self.addCleanup(server.close)
        self.addCleanup(client.close)
        sender = threading.Thread(target=self._send, args=(client, data, close))
        sender.start()
        self.addCleanup(sender.join)
        return read_request(server, max_body_bytes)

    @staticmethod
    def _send(conn, data, close):
        try:
            conn.sendall(data)
        except OSError:  # the agent stopped reading: it refused the request
            pass
        if close:
            conn.shutdown(socket.SHUT_WR)

    def assertStatus(self, status, data, **kwargs):
        with self.assertRaises(HttpError) as caught:
            self.exchange(data, **kwargs)
        self.assertEqual(status, caught.exception.status)

    def test_a_request_without_a_body(self):
        self.assertEqual(("GET", "/health", None), self.exchange(b"GET /health HTTP/1.1\r\nHost: agent\r\n\r\n"))

    def test_a_body_by_its_length(self):
        body = b'{"code": "print(1)"}'
        method, path, got = self.exchange(b"POST /run HTTP/1.1\r\nContent-Length: %d\r\n\r\n%s" % (len(body), body))
        self.assertEqual(("POST", "/run", body), (method, path, got))

    def test_only_the_declared_length_is_read(self):
        self.assertEqual(b"abc", self.exchange(b"POST /run HTTP/1.1\r\nContent-Length: 3\r\n\r\nabcdef")[2])

    def test_a_body_over_the_gateways_bound_is_refused_by_its_declared_length(self):
        self.assertStatus(413, b"POST /run HTTP/1.1\r\nContent-Length: 101\r\n\r\n", close=False)
        self.assertEqual(b"x" * 100, self.exchange(b"POST /run HTTP/1.1\r\nContent-Length: 100\r\n\r\n" + b"x" * 100)[2])

    def test_malformed_requests(self):
        self.assertStatus(400, b"garbage\r\n\r\n")
        self.assertStatus(400, b"GET /health HTTP/2\r\n\r\n")
        self.assertStatus(400, b"POST /run HTTP/1.1\r\nno colon here\r\n\r\n")
        self.assertStatus(400, b"POST /run HTTP/1.1\r\nContent-Length: -1\r\n\r\n")
        self.assertStatus(400, b"POST /run HTTP/1.1\r\nContent-Length: ten\r\n\r\n")
        self.assertStatus(411, b"POST /run HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n1\r\n{\r\n0\r\n\r\n")
        self.assertStatus(431, b"GET /health HTTP/1.1\r\nX-Big: " + b"a" * MAX_HEAD_BYTES + b"\r\n\r\n", close=False)

    def test_a_caller_that_hangs_up_early(self):
        with self.assertRaises(ConnectionError):
            self.exchange(b"POST /run HTTP/1.1\r\nContent-Length: 100\r\n\r\n{\"code\": ")
        with self.assertRaises(ConnectionError):
            self.exchange(b"GET /health HTTP/1.1\r\n")


class JsonTest(unittest.TestCase):

    def encode(self, payload):
        return b"".join(json_pieces(payload))

    def test_plain_values_are_json(self):
        payload = {"exitCode": 0, "timedOut": False, "files": None, "runtime": "pypy3", "list": [{"a": "é"}]}
        self.assertEqual(payload, json.loads(self.encode(payload)))

    def test_output_is_utf8_with_invalid_bytes_replaced(self):
        data = self.encode({"stdout": b"ok \xc3\xa9 \xff\x00\n\"\\"})
        self.assertIn("é".encode(), data)  # raw UTF-8, not \u escapes
        self.assertEqual({"stdout": "ok é \ufffd\x00\n\"\\"}, json.loads(data))

    def test_a_character_across_chunks_is_not_broken(self):
        value = b"a" * (ANSWER_CHUNK_BYTES - 1) + "€".encode() + b"b" * ANSWER_CHUNK_BYTES
        self.assertEqual("a" * (ANSWER_CHUNK_BYTES - 1) + "€" + "b" * ANSWER_CHUNK_BYTES,
                         json.loads(self.encode({"stdout": value}))["stdout"])

    def test_an_answer_says_its_length_and_closes(self):
        server, client = socket.socketpair()
        with server, client:
            send_json(server, 200, {"stdout": bytearray(b"\x01" * 10), "exitCode": 0})
            server.shutdown(socket.SHUT_WR)
            with client.makefile("rb") as reader:
                answer = reader.read()
        head, _, body = answer.partition(b"\r\n\r\n")
        self.assertTrue(head.startswith(b"HTTP/1.1 200 OK\r\n"), head)
        self.assertIn(b"\r\nContent-Length: %d\r\n" % len(body), head + b"\r\n")
        self.assertIn(b"\r\nConnection: close", head)
        self.assertEqual({"stdout": "\x01" * 10, "exitCode": 0}, json.loads(body))


if __name__ == "__main__":
    unittest.main()
