import os
import stat
import tempfile
import unittest

from sandgate_agent.files import make_output_dir, write_files, write_program
from sandgate_agent.request import BadRequest


def mode(path):
    return stat.S_IMODE(os.lstat(path).st_mode)


class WriteFilesTest(unittest.TestCase):

    def setUp(self):
        self.dir = tempfile.TemporaryDirectory()
        self.root = os.path.join(self.dir.name, "tmp")
        self.outside = os.path.join(self.dir.name, "outside")
        os.mkdir(self.root)
        os.mkdir(self.outside)
        self.addCleanup(self.dir.cleanup)

    def path(self, *parts):
        return os.path.join(self.root, *parts)

    def test_files_are_written_read_only_in_directories_open_to_the_program(self):
        write_files([(["a.txt"], b"one"), (["d", "e", "f.bin"], b"\x00\xff"), (["d", "g"], b"")], self.root)
        with open(self.path("a.txt"), "rb") as f:
            self.assertEqual(b"one", f.read())
        with open(self.path("d", "e", "f.bin"), "rb") as f:
            self.assertEqual(b"\x00\xff", f.read())
        self.assertEqual(0, os.path.getsize(self.path("d", "g")))
        self.assertEqual(0o444, mode(self.path("a.txt")))
        self.assertEqual(0o777, mode(self.path("d")))
        self.assertEqual(0o777, mode(self.path("d", "e")))

    def test_a_directory_already_there_is_used_as_it_is(self):
        os.mkdir(self.path("d"), 0o700)
        write_files([(["d", "f"], b"x")], self.root)
        self.assertTrue(os.path.isfile(self.path("d", "f")))
        self.assertEqual(0o700, mode(self.path("d")))

    def test_a_file_that_meets_one_already_there_is_the_requests_mistake(self):
        with open(self.path("main.py"), "w") as f:
            f.write("mine")
        with self.assertRaises(BadRequest):
            write_files([(["main.py"], b"theirs")], self.root)
        with open(self.path("main.py")) as f:
            self.assertEqual("mine", f.read())

    def test_a_file_where_a_directory_is_needed(self):
        with open(self.path("main.py"), "w"):
            pass
        with self.assertRaises(BadRequest):
            write_files([(["main.py", "x"], b"")], self.root)

    def test_a_link_at_the_files_name_is_not_followed(self):
        target = os.path.join(self.outside, "target")
        os.symlink(target, self.path("link"))
        with self.assertRaises(BadRequest):
            write_files([(["link"], b"escaped")], self.root)
        self.assertFalse(os.path.lexists(target))

    def test_a_link_on_the_way_is_not_followed(self):
        os.symlink(self.outside, self.path("out"))
        with self.assertRaises(BadRequest):
            write_files([(["out", "escaped"], b"x")], self.root)
        self.assertEqual([], os.listdir(self.outside))

    def test_the_program_is_written_read_only_with_its_lone_surrogates_as_bytes(self):
        path = self.path("main.py")
        write_program("print('é')\n# \udcff", path)
        with open(path, "rb") as f:
            self.assertEqual("print('é')\n# ".encode() + b"\xed\xb3\xbf", f.read())
        self.assertEqual(0o444, mode(path))

    def test_the_output_directory_is_open_to_the_program_and_made_once(self):
        out = self.path("out")
        make_output_dir(out)
        self.assertEqual(0o777, mode(out))
        os.chmod(out, 0o700)
        make_output_dir(out)
        self.assertEqual(0o700, mode(out))


if __name__ == "__main__":
    unittest.main()
