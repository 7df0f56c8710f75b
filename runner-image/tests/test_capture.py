import os
import threading
import unittest
from unittest import mock

from sandgate_agent import capture
from sandgate_agent.capture import ORDER_RECORD, Capture, _incomplete_tail

TAGS = {"stdout": b"1", "stderr": b"2"}


def record(name, data):
    """What boot.py sends before a write through sys.stdout or sys.stderr."""
    return ORDER_RECORD.pack(TAGS[name], len(data), data[0], data[-1])


def settled(stdout, stderr, records=b""):
    """A capture that read the two streams, then the records, then placed what it could."""
    c = Capture(1000, 0)
    c.add("stdout", stdout)
    c.add("stderr", stderr)
    c.add_records(records)
    c.settle()
    return c


def interleaved(count):
    return [("stdout" if i % 2 == 0 else "stderr", ("%s %d\n" % ("out" if i % 2 == 0 else "err", i)).encode())
            for i in range(count)]


class OrderTest(unittest.TestCase):

    def test_recorded_writes_are_combined_in_the_order_they_were_made(self):
        writes = interleaved(4)
        c = settled(b"".join(d for n, d in writes if n == "stdout"), b"".join(d for n, d in writes if n == "stderr"),
                    b"".join(record(n, d) for n, d in writes))
        self.assertEqual(b"out 0\nerr 1\nout 2\nerr 3\n", bytes(c.combined))
        self.assertEqual((b"out 0\nout 2\n", b"err 1\nerr 3\n"), (bytes(c.streams["stdout"]), bytes(c.streams["stderr"])))

    def test_without_records_the_streams_are_combined_as_they_arrived(self):
        self.assertEqual(b"out 0\nout 2\nerr 1\n", bytes(settled(b"out 0\nout 2\n", b"err 1\n").combined))

    def test_a_record_split_across_reads_counts_once_whole(self):
        c = Capture(1000, 0)
        records = record("stderr", b"e") + record("stdout", b"o")
        c.add("stdout", b"o")
        c.add("stderr", b"e")
        c.add_records(records[:3])
        c.add_records(records[3:10])
        c.add_records(records[10:])
        c.settle()
        self.assertEqual(b"eo", bytes(c.combined))

    def test_a_write_whose_record_came_first_waits_for_its_bytes(self):
        c = Capture(1000, 0)
        c.add_records(record("stdout", b"hello"))
        c.add("stderr", b"direct")  # no record: written before the recorded write that is under way
        c.settle()
        self.assertEqual(b"direct", bytes(c.combined))
        c.add("stdout", b"hel")
        c.settle()
        self.assertEqual(b"direct", bytes(c.combined))
        c.add("stdout", b"lo")
        c.settle()
        self.assertEqual(b"directhello", bytes(c.combined))

    def test_direct_bytes_before_a_recorded_write_of_their_stream_stay_before_it(self):
        c = settled(b"DIRECT hello", b"E", record("stdout", b"hello") + record("stderr", b"E"))
        self.assertEqual(b"DIRECT helloE", bytes(c.combined))

    def test_writes_to_the_channel_by_the_program_give_arrival_order(self):
        c = settled(b"ab", b"c", record("stderr", b"c") + ORDER_RECORD.pack(b"9", 1, 0, 0))
        self.assertFalse(c.ordered)
        self.assertEqual(b"abc", bytes(c.combined))

    def test_an_empty_record_is_not_the_interpreters(self):
        c = Capture(1000, 0)
        c.add_records(ORDER_RECORD.pack(b"1", 0, 0, 0))
        self.assertFalse(c.ordered)

    def test_records_far_ahead_of_their_bytes_give_arrival_order(self):
        c = Capture(1000, 0)
        with mock.patch.object(capture, "MAX_PENDING_RECORDS", 3):
            c.add_records(b"".join(record("stdout", b"x") for _ in range(3)))
            self.assertTrue(c.ordered)
            c.add_records(record("stdout", b"x"))
        self.assertFalse(c.ordered)
        self.assertEqual(0, len(c.spans))


class CapsTest(unittest.TestCase):

    def test_each_stream_keeps_its_cap_and_reads_the_rest(self):
        c = Capture(5, 0)
        c.add("stdout", b"0123456789")
        c.add("stderr", b"abc")
        self.assertEqual(b"01234", bytes(c.streams["stdout"]))
        self.assertEqual(b"abc", bytes(c.streams["stderr"]))
        self.assertTrue(c.truncated)
        self.assertEqual(10, c.read_bytes["stdout"])
        c.settle(final=True)
        self.assertEqual(b"01234abc", bytes(c.combined))

    def test_exactly_the_cap_is_not_truncated(self):
        c = Capture(5, 0)
        c.add("stdout", b"01")
        c.add("stdout", b"234")
        self.assertFalse(c.truncated)
        c.add("stdout", b"5")
        self.assertTrue(c.truncated)

    def test_records_past_the_cap_are_not_kept(self):
        c = Capture(2, 0)
        c.add("stdout", b"ab")
        c.add_records(record("stdout", b"ab"))
        c.settle()
        c.add_records(b"".join(record("stdout", b"more") for _ in range(10)))
        self.assertEqual(0, len(c.spans))

    def test_the_result_channel_has_its_own_cap(self):
        c = Capture(100, 4)
        c.add_result(b"abc")
        self.assertFalse(c.result_truncated)
        c.add_result(b"def")
        self.assertEqual((b"abcd", True), (bytes(c.result), c.result_truncated))
        self.assertEqual(b"", bytes(c.combined))


class Utf8Test(unittest.TestCase):

    def test_a_read_that_ends_inside_a_character_holds_it_back(self):
        c = Capture(1000, 0)
        c.add("stdout", b"a\xc3")
        c.add("stderr", b"E")
        c.settle()
        self.assertEqual(b"aE", bytes(c.combined))
        c.add("stdout", b"\xa9!")
        c.settle()
        self.assertEqual("aEé!", bytes(c.combined).decode("utf-8"))

    def test_what_is_held_back_is_taken_at_the_streams_end(self):
        c = Capture(1000, 0)
        c.add("stdout", b"x\xe2\x82")
        self.assertEqual(b"x", bytes(c.streams["stdout"]))
        c.end("stdout")
        self.assertEqual(b"x\xe2\x82", bytes(c.streams["stdout"]))

    def test_bytes_placed_by_count_run_on_to_the_end_of_their_character(self):
        c = Capture(1000, 0)
        c.add("stdout", "aé€".encode())
        c._place("stdout", 2)
        self.assertEqual("aé", bytes(c.combined).decode("utf-8"))
        c._place("stdout", 1)
        self.assertEqual("aé€", bytes(c.combined).decode("utf-8"))

    def test_incomplete_tails(self):
        for data, tail in ((b"", 0), (b"abc", 0), (b"a\xc3", 1), (b"\xc3\xa9", 0), (b"\xe2\x82", 2),
                           (b"\xe2\x82\xac", 0), (b"\xf0\x9f\x98", 3), (b"\xf0\x9f\x98\x80", 0),
                           (b"\x80\x80", 0), (b"\xff", 0)):
            with self.subTest(data=data):
                self.assertEqual(tail, _incomplete_tail(data))


class PipesTest(unittest.TestCase):
    """The capture reading real pipes, written as a program's interpreter writes them."""

    def setUp(self):
        self.fds = {}
        for name in ("stdout", "stderr", "order", "result"):
            self.fds[name] = os.pipe()
        os.set_blocking(self.fds["order"][0], False)
        self.closed = set()

    def tearDown(self):
        for read, write in self.fds.values():
            for fd in (read, write):
                if fd not in self.closed:
                    os.close(fd)

    def close_writers(self):
        for name in self.fds:
            fd = self.fds[name][1]
            os.close(fd)
            self.closed.add(fd)

    def write(self, writes, result=b""):
        for name, data in writes:
            os.write(self.fds["order"][1], record(name, data))
            os.write(self.fds[name][1], data)
        if result:
            os.write(self.fds["result"][1], result)
        self.close_writers()

    def read(self, c, stop=lambda: False):
        fds = [self.fds[name][0] for name in ("stdout", "stderr", "order", "result")]
        c.pump(*fds, stop)
        c.drain(*fds, grace=0.5)

    def test_combined_follows_the_writes_however_the_pipes_are_read(self):
        writes = interleaved(400)
        self.write(writes, result=b'{"answer": 42}')
        c = Capture(1 << 20, 100)
        self.read(c)
        self.assertEqual(b"".join(d for _, d in writes), bytes(c.combined))
        self.assertEqual(b"".join(d for n, d in writes if n == "stderr"), bytes(c.streams["stderr"]))
        self.assertEqual(b'{"answer": 42}', bytes(c.result))
        self.assertFalse(c.truncated or c.result_truncated)

    def test_combined_follows_the_writes_of_a_program_still_writing(self):
        writes = interleaved(3000)
        writer = threading.Thread(target=self.write, args=(writes,))
        c = Capture(1 << 20, 0)
        writer.start()
        try:
            self.read(c)
        finally:
            writer.join()
        self.assertEqual(b"".join(d for _, d in writes), bytes(c.combined))

    def test_a_flood_is_capped_and_read_to_its_end(self):
        def flood():
            for _ in range(64):
                os.write(self.fds["stdout"][1], b"z" * 4096)
            self.close_writers()
        writer = threading.Thread(target=flood)
        c = Capture(1000, 0)
        writer.start()
        try:
            self.read(c)
        finally:
            writer.join()
        self.assertEqual(b"z" * 1000, bytes(c.streams["stdout"]))
        self.assertEqual(b"z" * 1000, bytes(c.combined))
        self.assertEqual(64 * 4096, c.read_bytes["stdout"])
        self.assertTrue(c.truncated)


if __name__ == "__main__":
    unittest.main()
