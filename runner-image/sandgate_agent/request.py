"""The body of POST /run, checked whole before anything of the sandbox is spent."""

import binascii
import os

from .layout import OUTPUT_DIR, PROGRAM_PATH
from .runtimes import RUNTIME_DIRS, RUNTIMES

# The agent's own bound on a run's wall time, whatever it is asked.
MAX_TIMEOUT_MS = 10 * 60 * 1000
# Marks a field without a default: the gateway sends it in every request.
REQUIRED = object()
KINDS = {str: "string", int: "integer", list: "list", bool: "boolean"}


class BadRequest(Exception):
    """The request's mistake: answered 400."""


class RunRequest:
    """The validated body of POST /run. Limits come with the request: the agent has none of its own
    to fall back on; a cap is needed only where what it caps was asked for."""

    def __init__(self, body, file_limits, warm_runtime=None):
        if not isinstance(body, dict):
            raise BadRequest("body must be a JSON object")
        self.code = _field(body, "code", str)
        self.runtime = _field(body, "runtime", str)
        if self.runtime not in RUNTIMES:
            raise BadRequest("unknown runtime: choose one of " + ", ".join(RUNTIMES))
        self.stdin = _field(body, "stdin", str, "")
        self.args = _field(body, "args", list, [])
        if not all(isinstance(a, str) and "\0" not in a for a in self.args):
            raise BadRequest("args must be strings without NUL")
        try:
            [os.fsencode(a) for a in self.args]
        except UnicodeEncodeError:
            raise BadRequest("args must be valid Unicode text") from None
        self.timeout_ms = _field(body, "timeoutMs", int)
        if not 1 <= self.timeout_ms <= MAX_TIMEOUT_MS:
            raise BadRequest("timeoutMs must be 1 to %d" % MAX_TIMEOUT_MS)
        self.max_output = _field(body, "maxOutputBytes", int)
        if self.max_output < 1:
            raise BadRequest("maxOutputBytes must be positive")
        self.files = program_files(_field(body, "files", list, []),
                                   reserved_names(self.runtime, warm_runtime), file_limits)
        self.result = _field(body, "result", bool, False)
        self.max_result = _field(body, "maxResultBytes", int, REQUIRED if self.result else 0)
        if self.max_result < 1 and "maxResultBytes" in body:
            raise BadRequest("maxResultBytes must be positive")
        self.output_files = _field(body, "outputFiles", bool, False)
        caps = REQUIRED if self.output_files else 0
        self.max_output_files = _field(body, "maxOutputFiles", int, caps)
        self.max_output_file_bytes = _field(body, "maxOutputFileBytes", int, caps)
        if self.max_output_files < 0 or self.max_output_file_bytes < 0:
            raise BadRequest("maxOutputFiles and maxOutputFileBytes must not be negative")


def _field(body, name, kind, default=REQUIRED):
    if name not in body:
        if default is REQUIRED:
            raise BadRequest("%s is required" % name)
        return default
    value = body[name]
    if isinstance(value, bool) != (kind is bool) or not isinstance(value, kind):
        raise BadRequest("%s must be a %s" % (name, KINDS[kind]))
    return value


def reserved_names(runtime, warm_runtime):
    """The names in the program's directory that the sandbox makes before a run's files are written:
    the program, its output directory, and what the run's runtime needs (and the warm interpreter's,
    made at the agent's start)."""
    names = {os.path.basename(PROGRAM_PATH), OUTPUT_DIR}
    for name in (runtime, warm_runtime):
        names.update(os.path.basename(path) for path in RUNTIME_DIRS.get(name, ()))
    return names


def program_files(entries, reserved, limits):
    """[(path parts, bytes)] of the files to write beside the program, each path checked:
    relative, plain parts (no "..", ".", empty or NUL), not at or under a reserved name, no file
    where another needs a directory; at most limits.max_files of them."""
    if len(entries) > limits.max_files:
        raise BadRequest("at most %d files" % limits.max_files)
    files, paths = [], set()
    for entry in entries:
        if not isinstance(entry, dict) or not isinstance(entry.get("path"), str) \
                or not isinstance(entry.get("content"), str):
            raise BadRequest("each file must be an object with a path and a base64 content")
        path = entry["path"]
        parts = path.split("/")
        if not path or path.startswith("/") or len(parts) > limits.max_depth or any(
                p in ("", ".", "..") or "\0" in p or len(_name_bytes(p)) > limits.max_name_bytes
                for p in parts):
            raise BadRequest("file path %r: a relative path of plain names, at most %d deep"
                             % (path, limits.max_depth))
        if parts[0] in reserved:
            raise BadRequest("file path %r: %r is the sandbox's own" % (path, parts[0]))
        try:
            content = binascii.a2b_base64(entry["content"].encode("ascii"))
        except (ValueError, UnicodeEncodeError):
            raise BadRequest("file %r: content is not base64" % path) from None
        files.append((parts, content))
        paths.add(path)
    for parts, _ in files:
        for depth in range(1, len(parts)):
            if "/".join(parts[:depth]) in paths:
                raise BadRequest("file path %r is also a directory of another" % "/".join(parts[:depth]))
    if len(paths) != len(files):
        raise BadRequest("two files have the same path")
    return files


def _name_bytes(part):
    try:
        return os.fsencode(part)
    except UnicodeEncodeError:  # a lone surrogate: no name the file system can hold
        raise BadRequest("file path part %r is not valid Unicode text" % part) from None
