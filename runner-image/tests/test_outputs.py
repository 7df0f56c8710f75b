import base64
import os
import tempfile
import unittest
from unittest import mock

from sandgate_agent import outputs
from sandgate_agent.outputs import collect_outputs, output_name


class CollectOutputsTest(unittest.TestCase):

    def setUp(self):
        self.dir = tempfile.TemporaryDirectory()
        self.addCleanup(self.dir.cleanup)
        self.out = os.path.join(self.dir.name, "out")
        os.mkdir(self.out)

    def write(self, path, content):
        full = os.path.join(os.fsencode(self.out), os.fsencode(path))
        os.makedirs(os.path.dirname(full), exist_ok=True)
        with open(full, "wb") as f:
            f.write(content)

    def collect(self, max_files=10, max_bytes=1000, max_depth=8):
        return collect_outputs(self.out, max_files, max_bytes, max_depth)

    def test_regular_files_by_path_with_their_contents(self):
        self.write("b.txt", b"bee")
        self.write("a/z.bin", b"\x00\xff")
        self.write("a/b/c.txt", b"")
        files, omitted = self.collect()
        self.assertFalse(omitted)
        self.assertEqual(["a/b/c.txt", "a/z.bin", "b.txt"], [f["path"] for f in files])
        self.assertEqual({"path": "a/z.bin", "size": 2, "content": base64.b64encode(b"\x00\xff").decode(),
                          "truncated": False}, files[1])
        self.assertEqual(("", 0, False), (files[0]["content"], files[0]["size"], files[0]["truncated"]))

    def test_past_the_most_files_the_rest_is_omitted(self):
        for name in "abcde":
            self.write(name, b"x")
        files, omitted = self.collect(max_files=3)
        self.assertTrue(omitted)
        self.assertEqual(["a", "b", "c"], [f["path"] for f in files])
        files, omitted = self.collect(max_files=5)
        self.assertFalse(omitted)
        self.assertEqual(5, len(files))

    def test_contents_are_kept_while_they_fit_together(self):
        self.write("a", b"123456")
        self.write("b", b"123456")
        self.write("c", b"123")
        files, omitted = self.collect(max_bytes=10)
        self.assertFalse(omitted)
        self.assertEqual([False, True, False], [f["truncated"] for f in files])
        self.assertEqual({"path": "b", "size": 6, "content": None, "truncated": True}, files[1])
        self.assertEqual(base64.b64encode(b"123").decode(), files[2]["content"])

    def test_no_bytes_lists_every_file_without_its_content(self):
        self.write("a", b"1")
        self.write("empty", b"")
        files, _ = self.collect(max_bytes=0)
        self.assertEqual([None, ""], [f["content"] for f in files])

    def test_the_walk_stops_at_the_depth(self):
        self.write("1/2/3/deep.txt", b"x")
        self.write("1/2/shallow.txt", b"x")
        files, omitted = self.collect(max_depth=3)
        self.assertEqual(["1/2/shallow.txt"], [f["path"] for f in files])
        self.assertFalse(omitted)
        self.assertEqual(2, len(self.collect(max_depth=4)[0]))

    def test_links_pipes_and_what_they_point_at_are_left_alone(self):
        secret = os.path.join(self.dir.name, "secret")
        with open(secret, "w") as f:
            f.write("secret")
        os.mkdir(os.path.join(self.dir.name, "elsewhere"))
        self.write("real.txt", b"x")
        os.symlink(secret, os.path.join(self.out, "link"))
        os.symlink(os.path.join(self.dir.name, "elsewhere"), os.path.join(self.out, "dirlink"))
        os.mkfifo(os.path.join(self.out, "fifo"))
        files, _ = self.collect()
        self.assertEqual(["real.txt"], [f["path"] for f in files])

    def test_an_output_directory_that_is_gone_or_a_link_gives_nothing(self):
        os.rmdir(self.out)
        self.assertEqual(([], False), self.collect())
        os.mkdir(os.path.join(self.dir.name, "elsewhere"))
        with open(os.path.join(self.dir.name, "elsewhere", "f"), "w"):
            pass
        os.symlink(os.path.join(self.dir.name, "elsewhere"), self.out)
        self.assertEqual(([], False), self.collect())

    def test_names_that_are_not_utf8_are_escaped_with_their_bytes(self):
        self.write(b"caf\xe9.txt", b"x")
        self.write("100%.txt", b"x")
        self.write("ok-é", b"x")
        files, _ = self.collect()
        by_path = {f["path"]: f for f in files}
        self.assertEqual({"100%.txt", "caf%E9.txt", "ok-é"}, set(by_path))
        self.assertEqual(base64.b64encode(b"caf\xe9.txt").decode(), by_path["caf%E9.txt"]["pathBase64"])
        self.assertNotIn("pathBase64", by_path["ok-é"])

    def test_names_read_per_directory_are_bounded(self):
        for name in "abcdef":
            self.write(name, b"x")
        with mock.patch.object(outputs, "MAX_ENTRIES_SCANNED", 4):
            files, omitted = self.collect()
        self.assertEqual(4, len(files))
        self.assertFalse(omitted)


class OutputNameTest(unittest.TestCase):

    def test_utf8_names_are_as_they_are(self):
        self.assertEqual({"path": "a/%41 é"}, output_name("a/%41 é".encode()))

    def test_other_names_escape_their_invalid_bytes_and_every_percent(self):
        self.assertEqual({"path": "50%25%FF", "pathBase64": "NTAl/w=="}, output_name(b"50%\xff"))
        # Two names that differ cannot read alike: a literal "%FF" is escaped too.
        self.assertNotEqual(output_name(b"%FF\xfe")["path"], output_name(b"\xff\xfe")["path"])
        self.assertEqual("%25FF%FE", output_name(b"%FF\xfe")["path"])


if __name__ == "__main__":
    unittest.main()
