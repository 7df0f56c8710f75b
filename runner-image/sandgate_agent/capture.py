"""The program's stdout, stderr and result channel, read together: each capped, and `combined`."""

import collections
import os
import selectors
import struct
import time

# Records of the order channel (see boot.py): a stream's tag, a byte count, the first and last byte.
ORDER_RECORD = struct.Struct(">cIBB")
# Beyond this many records waiting for their bytes, `combined` falls back to arrival order:
# what a program writes cannot grow the agent without bound.
MAX_PENDING_RECORDS = 65536


class Capture:
    """Reads stdout, stderr and the order channel together: each stream capped, and `combined`.

    `combined` puts what the program wrote through sys.stdout and sys.stderr in the exact order
    it wrote it: before each such write, the program's interpreter sends a record (stream, byte
    count, first and last byte) on the order channel (boot.py). The agent reads in rounds: the
    streams first, then the channel, so a record is read no later than its bytes, and every
    record read in a round was written after the previous round read the streams. Bytes that
    no record claims were written straight to the descriptor (os.write, a child process), and
    are placed in the order they arrived: before a recorded write of their stream when the
    record's first and last byte say so (so that a write is never split), before a recorded
    write still arriving when they are the other stream's, otherwise once every record read so
    far has its bytes.

    Neither stream's bytes ever land inside a character of the other's: a read that ends inside
    a UTF-8 character keeps those bytes back until the stream's next read (or its end), and bytes
    placed by count run on to the end of the character they end in.
    """

    STREAMS = {b"1": "stdout", b"2": "stderr"}

    def __init__(self, limit, result_limit):
        self.limit = limit
        self.streams = {"stdout": bytearray(), "stderr": bytearray()}
        self.read_bytes = {"stdout": 0, "stderr": 0}  # kept or not
        self.tails = {"stdout": b"", "stderr": b""}  # a character the last read cut short, held back
        self.placed = {"stdout": 0, "stderr": 0}  # in `combined` (or past the cap)
        self.queued = {"stdout": 0, "stderr": 0}  # bytes the queue's spans claim
        self.combined = bytearray()
        self.truncated = False
        self.spans = collections.deque()  # recorded writes: (stream, bytes, first byte, last byte)
        self.partial_record = b""
        self.ordered = True
        self.result = bytearray()
        self.result_limit = result_limit
        self.result_truncated = False

    def add(self, name, data):
        """A read of the stream. A character it cut short waits for the stream's next read (or its
        end): a read of the other stream is never placed in `combined` between its bytes."""
        data = self.tails[name] + data
        whole = len(data) - _incomplete_tail(data)
        self.tails[name] = data[whole:]
        self._take(name, data[:whole])

    def end(self, name):
        """The stream is read no more: what it held back is taken as it is."""
        tail, self.tails[name] = self.tails[name], b""
        self._take(name, tail)

    def _take(self, name, data):
        self.read_bytes[name] += len(data)
        if _keep(self.streams[name], self.limit, data):
            self.truncated = True

    def add_result(self, data):
        if _keep(self.result, self.result_limit, data):
            self.result_truncated = True

    def add_records(self, data):
        data = self.partial_record + data
        whole = len(data) - len(data) % ORDER_RECORD.size
        self.partial_record = data[whole:]
        if not self.ordered:
            return
        streams, placed, queued, limit, append = self.STREAMS, self.placed, self.queued, self.limit, self.spans.append
        for tag, nbytes, first, last in ORDER_RECORD.iter_unpack(data[:whole]):
            name = streams.get(tag)
            if name is None or nbytes == 0:  # not the interpreter's: the program wrote to the channel
                self._give_up_order()
                return
            if placed[name] < limit:  # else nothing more of it is kept: its order is moot
                queued[name] += nbytes
                append((name, nbytes, first, last))
        if len(self.spans) > MAX_PENDING_RECORDS:
            self._give_up_order()

    def _give_up_order(self):
        self.ordered = False
        self.spans.clear()
        self.queued = {"stdout": 0, "stderr": 0}

    def _place(self, name, nbytes):
        """Moves the stream's next bytes (at most those read) into `combined`, and the rest of a
        character they end inside: bytes that no record claims are placed by count, and the other
        stream's next must not land inside a character."""
        start, buf = self.placed[name], self.streams[name]
        end = start + min(nbytes, self.read_bytes[name] - start)
        for _ in range(3):
            if end >= len(buf) or not 0x80 <= buf[end] < 0xC0:
                break
            end += 1
        self.placed[name] = end
        if start < self.limit:
            self.combined += buf[start:end]

    def _direct_bytes_before(self, name, nbytes, first, last, most):
        """How many of the bytes waiting before a recorded write are direct ones: the
        first offset at which the write's first and last byte match; 0 if none does (or past
        the cap); None while the write's bytes have not all arrived."""
        buf, start = self.streams[name], self.placed[name]
        for shift in range(most + 1):
            end = start + shift + nbytes - 1
            if end >= len(buf):
                return 0 if self.read_bytes[name] > len(buf) else None
            if buf[start + shift] == first and buf[end] == last:
                return shift
        return 0

    def _unclaimed(self, name):
        return max(0, self.read_bytes[name] - self.placed[name] - self.queued[name])

    def settle(self, final=False, caught_up=True):
        """Moves into `combined` what can be placed now. `caught_up`: every record written so
        far has been read, so bytes that none claims are direct ones, before any later record."""
        spans, streams, placed, read_bytes, queued = self.spans, self.streams, self.placed, self.read_bytes, self.queued
        while spans:
            name, nbytes, first, last = spans[0]
            start, buf = placed[name], streams[name]
            end = start + nbytes
            if end <= len(buf) and buf[start] == first and buf[end - 1] == last:  # the usual case
                placed[name] = end
                self.combined += buf[start:end]
            else:
                waiting = read_bytes[name] - start
                shift = self._direct_bytes_before(name, nbytes, first, last, waiting)
                waiting -= shift or 0
                if (shift is None or waiting < nbytes) and not final:
                    # The write is under way: what the other stream has unclaimed came before it.
                    other = "stderr" if name == "stdout" else "stdout"
                    self._place(other, self._unclaimed(other))
                    return
                self._place(name, shift or 0)
                self._place(name, min(nbytes, waiting))  # fewer: its writer died first
            queued[name] -= nbytes
            spans.popleft()
        if caught_up or final:
            for name in ("stdout", "stderr"):
                self._place(name, self.read_bytes[name] - self.placed[name])

    def pump(self, out_fd, err_fd, order_fd, result_fd, stop):
        """Reads the pipes until they close or `stop()` says the program is done."""
        self._read(out_fd, err_fd, order_fd, result_fd, stop, float("inf"))

    def drain(self, out_fd, err_fd, order_fd, result_fd, grace=2.0):
        """Reads what is left once every writer is dead (bounded, in case one is not)."""
        self._read(out_fd, err_fd, order_fd, result_fd, lambda: False, time.monotonic() + grace)
        for name in self.tails:
            self.end(name)
        self.settle(final=True)

    def _read(self, out_fd, err_fd, order_fd, result_fd, stop, deadline):
        sel = selectors.DefaultSelector()
        for fd, name in ((out_fd, "stdout"), (err_fd, "stderr"), (result_fd, "result")):
            try:
                sel.register(fd, selectors.EVENT_READ, name)
            except (ValueError, KeyError):
                pass
        order_open = caught_up = True
        while sel.get_map() and time.monotonic() < deadline:
            for key, _ in sel.select(timeout=0.05):
                data = os.read(key.fd, 65536)
                if not data:
                    sel.unregister(key.fd)
                    if key.data != "result":
                        self.end(key.data)
                elif key.data == "result":
                    self.add_result(data)
                else:
                    self.add(key.data, data)
            # After the streams: a record comes before its bytes, so it is read no later.
            if order_open:
                order_open, caught_up = self._read_records(order_fd)
            self.settle(caught_up=caught_up or not order_open)
            if stop():
                break
        sel.close()

    def _read_records(self, fd):
        """(channel still open, every record written so far read)."""
        for _ in range(16):
            try:
                data = os.read(fd, 65536)
            except BlockingIOError:
                return True, True
            if not data:
                return False, True
            self.add_records(data)
        return True, False


def _incomplete_tail(data):
    """How many bytes at the end of data (0 to 3) begin a UTF-8 character that is not complete."""
    for back in range(1, min(4, len(data)) + 1):
        byte = data[-back]
        if byte < 0x80:
            return 0
        if byte >= 0xC0:  # the lead byte, which says how long its character is
            length = 2 if byte < 0xE0 else 3 if byte < 0xF0 else 4 if byte < 0xF8 else 1
            return back if back < length else 0
    return 0


def _keep(buf, limit, data):
    """Appends to buf what of data fits under limit; True when some of it did not."""
    room = limit - len(buf)
    buf += data[:max(room, 0)]
    return len(data) > room
