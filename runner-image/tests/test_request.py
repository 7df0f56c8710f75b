import base64
import unittest

from sandgate_agent.request import MAX_TIMEOUT_MS, BadRequest, RunRequest, program_files, reserved_names
from sandgate_agent.settings import FileLimits

LIMITS = FileLimits(max_files=4, max_depth=3, max_name_bytes=12)
MINIMAL = {"code": "print(1)", "runtime": "python3", "timeoutMs": 5000, "maxOutputBytes": 100}


def request(**fields):
    return RunRequest(dict(MINIMAL, **fields), LIMITS)


def without(name):
    body = dict(MINIMAL)
    del body[name]
    return body


def entry(path, content=b"x"):
    return {"path": path, "content": base64.b64encode(content).decode("ascii")}


class RunRequestTest(unittest.TestCase):

    def assertRefused(self, body, words, warm_runtime=None):
        with self.assertRaises(BadRequest) as caught:
            RunRequest(body, LIMITS, warm_runtime)
        self.assertIn(words, str(caught.exception))

    def test_the_minimal_request_takes_empty_input_and_no_channels(self):
        req = request()
        self.assertEqual(("print(1)", "python3", 5000, 100), (req.code, req.runtime, req.timeout_ms, req.max_output))
        self.assertEqual(("", [], []), (req.stdin, req.args, req.files))
        self.assertEqual((False, 0), (req.result, req.max_result))
        self.assertEqual((False, 0, 0), (req.output_files, req.max_output_files, req.max_output_file_bytes))

    def test_every_field_is_taken(self):
        req = request(stdin="in", args=["a", "b c"], files=[entry("d/f.txt", b"\x00\xff")], result=True,
                      maxResultBytes=7, outputFiles=True, maxOutputFiles=3, maxOutputFileBytes=0)
        self.assertEqual(("in", ["a", "b c"]), (req.stdin, req.args))
        self.assertEqual([(["d", "f.txt"], b"\x00\xff")], req.files)
        self.assertEqual((True, 7, True, 3, 0),
                         (req.result, req.max_result, req.output_files, req.max_output_files,
                          req.max_output_file_bytes))

    def test_limits_have_no_default_in_the_agent(self):
        for name in ("code", "runtime", "timeoutMs", "maxOutputBytes"):
            with self.subTest(name):
                self.assertRefused(without(name), name + " is required")

    def test_caps_are_required_only_with_what_they_cap(self):
        self.assertRefused(dict(MINIMAL, result=True), "maxResultBytes is required")
        self.assertRefused(dict(MINIMAL, outputFiles=True, maxOutputFiles=1), "maxOutputFileBytes is required")
        self.assertRefused(dict(MINIMAL, outputFiles=True, maxOutputFileBytes=1), "maxOutputFiles is required")
        self.assertEqual(0, request(result=False).max_result)

    def test_a_cap_that_is_sent_is_checked_even_when_unused(self):
        self.assertRefused(dict(MINIMAL, maxResultBytes=0), "maxResultBytes must be positive")
        self.assertRefused(dict(MINIMAL, maxOutputFiles=-1), "must not be negative")
        self.assertRefused(dict(MINIMAL, maxOutputFileBytes=-1), "must not be negative")

    def test_types_are_exact(self):
        for name, value in (("code", 1), ("code", None), ("runtime", ["python3"]), ("stdin", b"x"),
                            ("args", "a"), ("timeoutMs", "5000"), ("timeoutMs", True), ("timeoutMs", 5000.0),
                            ("maxOutputBytes", False), ("files", {}), ("result", 1), ("result", None),
                            ("outputFiles", "true"), ("maxResultBytes", True)):
            with self.subTest(name=name, value=value):
                self.assertRefused(dict(MINIMAL, **{name: value}), name + " must be a")

    def test_bounds(self):
        self.assertEqual(1, request(timeoutMs=1).timeout_ms)
        self.assertEqual(MAX_TIMEOUT_MS, request(timeoutMs=MAX_TIMEOUT_MS).timeout_ms)
        self.assertRefused(dict(MINIMAL, timeoutMs=0), "timeoutMs must be 1 to")
        self.assertRefused(dict(MINIMAL, timeoutMs=MAX_TIMEOUT_MS + 1), "timeoutMs must be 1 to")
        self.assertRefused(dict(MINIMAL, maxOutputBytes=0), "maxOutputBytes must be positive")

    def test_runtime_is_one_of_the_image(self):
        self.assertEqual("python3-data", request(runtime="python3-data").runtime)
        self.assertRefused(dict(MINIMAL, runtime="ruby"), "unknown runtime")

    def test_args_are_text_without_nul(self):
        self.assertRefused(dict(MINIMAL, args=["a", 1]), "args must be strings")
        self.assertRefused(dict(MINIMAL, args=["a\0b"]), "without NUL")
        self.assertRefused(dict(MINIMAL, args=["\ud800"]), "valid Unicode")

    def test_body_is_an_object(self):
        for body in ([], "x", None, 1):
            with self.subTest(body=body):
                self.assertRefused(body, "body must be a JSON object")

    def test_files_are_checked_with_the_request(self):
        self.assertRefused(dict(MINIMAL, files=[entry("../x")]), "relative path of plain names")


class PathTest(unittest.TestCase):

    def assertRefused(self, entries, words, reserved=frozenset()):
        with self.assertRaises(BadRequest) as caught:
            program_files(entries, reserved, LIMITS)
        self.assertIn(words, str(caught.exception))

    def test_plain_relative_paths_are_split_into_parts(self):
        files = program_files([entry("a.txt", b"1"), entry("d/e/f", b"2"), entry("...", b"3"),
                               entry("..a", b"4")], set(), LIMITS)
        self.assertEqual([(["a.txt"], b"1"), (["d", "e", "f"], b"2"), (["..."], b"3"), (["..a"], b"4")], files)

    def test_paths_that_are_not_plain_names(self):
        for path in ("", "/etc/passwd", "/", "..", "../x", "a/../b", "a/..", ".", "./a", "a/./b", "a//b",
                     "a/", "nul\0byte", "a/\0"):
            with self.subTest(path=path):
                self.assertRefused([entry(path)], "a relative path of plain names")

    def test_depth_and_name_length_are_the_gateways(self):
        self.assertEqual(["a", "b", "c"], program_files([entry("a/b/c")], set(), LIMITS)[0][0])
        self.assertRefused([entry("a/b/c/d")], "at most 3 deep")
        self.assertEqual(["x" * 12], program_files([entry("x" * 12)], set(), LIMITS)[0][0])
        self.assertRefused([entry("x" * 13)], "plain names")
        # Bytes, not characters: six two-byte letters fit, seven do not.
        self.assertEqual(1, len(program_files([entry("é" * 6)], set(), LIMITS)))
        self.assertRefused([entry("é" * 7)], "plain names")

    def test_a_name_the_file_system_cannot_hold(self):
        self.assertRefused([entry("\ud800")], "not valid Unicode")

    def test_names_the_sandbox_makes(self):
        reserved = {"main.py", "out"}
        self.assertRefused([entry("main.py")], "is the sandbox's own", reserved)
        self.assertRefused([entry("out/chart.png")], "is the sandbox's own", reserved)
        self.assertEqual(1, len(program_files([entry("outer/main.py")], reserved, LIMITS)))

    def test_reserved_names_follow_the_runtime_and_the_warm_interpreter(self):
        self.assertEqual({"main.py", "out"}, reserved_names("python3", None))
        self.assertEqual({"main.py", "out", ".matplotlib"}, reserved_names("python3-data", None))
        self.assertEqual({"main.py", "out", ".matplotlib"}, reserved_names("pypy3", "python3-data"))
        with self.assertRaises(BadRequest):
            RunRequest(dict(MINIMAL, files=[entry(".matplotlib/x")]), LIMITS, "python3-data")
        self.assertEqual(1, len(RunRequest(dict(MINIMAL, files=[entry(".matplotlib/x")]), LIMITS).files))

    def test_one_path_once(self):
        self.assertRefused([entry("a"), entry("a")], "same path")
        self.assertRefused([entry("a"), entry("a/b")], "also a directory")
        self.assertRefused([entry("d/e/f"), entry("d/e")], "also a directory")
        self.assertEqual(2, len(program_files([entry("d/a"), entry("d/b")], set(), LIMITS)))

    def test_how_many(self):
        self.assertEqual(4, len(program_files([entry(str(i)) for i in range(4)], set(), LIMITS)))
        self.assertRefused([entry(str(i)) for i in range(5)], "at most 4 files")

    def test_entries_are_path_and_base64(self):
        self.assertRefused(["a"], "an object with a path")
        self.assertRefused([{"path": "a"}], "an object with a path")
        self.assertRefused([{"path": 1, "content": ""}], "an object with a path")
        self.assertRefused([{"path": "a", "content": "not base64!"}], "not base64")
        self.assertRefused([{"path": "a", "content": "é"}], "not base64")
        self.assertEqual(b"", program_files([{"path": "a", "content": ""}], set(), LIMITS)[0][1])


if __name__ == "__main__":
    unittest.main()
