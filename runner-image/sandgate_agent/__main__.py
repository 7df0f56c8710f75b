"""Sandgate agent: runs exactly one untrusted Python program inside its container.

Listens on a Unix socket (SANDGATE_SOCKET_DIR/agent.sock, mode 0600), created
under a temporary name and renamed into place once listening, so "the socket
exists" means "the agent is ready". Stdlib only; run by CPython as root with
only the SETUID, SETGID and KILL capabilities. See README.md for the contract.
"""

import binascii
import codecs
import collections
import fcntl
import itertools
import json
import os
import queue
import selectors
import signal
import socket
import stat
import struct
import sys
import threading
import time

SOCKET_DIR = os.environ.get("SANDGATE_SOCKET_DIR", "/run/sandgate")
SOCKET_NAME = "agent.sock"
# The gateway gives every sandbox a user id of its own, so that no per-user kernel budget
# (processes, inotify instances, pending signals, message queues) is shared with another.
SANDBOX_UID = int(os.environ.get("SANDGATE_UID", "65534"))
SANDBOX_GID = SANDBOX_UID
WORK_DIR = "/tmp"
PROGRAM_PATH = "/tmp/main.py"
RUNTIMES = {"pypy3": "/usr/bin/pypy3", "python3": "/usr/bin/python3", "python3-data": "/usr/bin/python3"}
# The data runtime is CPython with the image's scientific stack and its chart backend.
DATA_RUNTIME = "python3-data"
# matplotlib keeps its font list in a directory it can write; the image built it once, and it is
# copied where the program's matplotlib looks before the program (or its warm interpreter) starts.
MATPLOTLIB_DIR = "/tmp/.matplotlib"
MATPLOTLIB_BUILT = "/opt/sandgate/matplotlib"
RUNTIME_ENV = {
    DATA_RUNTIME: {
        "MPLBACKEND": "module://sandgate_charts",
        "MPLCONFIGDIR": MATPLOTLIB_DIR,
        # A sandbox has one CPU: one BLAS thread, and no pool of them holding memory and pids.
        "OPENBLAS_NUM_THREADS": "1",
        "OMP_NUM_THREADS": "1",
    },
}
# What the runtime's interpreter needs in the program's directory, made before the run's files are
# written there (prepare_runtime): no file of a run may take these names. The gateway keeps the same
# list (PythonRuntime.reservedNames).
RUNTIME_DIRS = {DATA_RUNTIME: (MATPLOTLIB_DIR,)}
# What a warm interpreter of the runtime imports while it waits (boot.py), so the program's own
# imports of them cost nothing.
WARM_IMPORTS = {DATA_RUNTIME: "numpy pandas matplotlib.pyplot sandgate_charts"}
# The interpreter started with the sandbox, waiting for its program (see boot.py); none: every run starts cold.
WARM_RUNTIME = os.environ.get("SANDGATE_WARM_RUNTIME") or None
# Records of the order channel (see boot.py): a stream's tag, a byte count, the first and last byte.
ORDER_RECORD = struct.Struct(">cIBB")
# Beyond this many records waiting for their bytes, `combined` falls back to arrival order:
# what a program writes cannot grow the agent without bound.
MAX_PENDING_RECORDS = 65536
# The gateway decides what a run request may hold and tells the agent (its limits, six-fold
# for JSON escapes); without it, room for the default limits.
MAX_BODY_BYTES = int(os.environ.get("SANDGATE_MAX_REQUEST_BYTES", 8 * 1024 * 1024))
MAX_HEAD_BYTES = 16 * 1024
REQUEST_READ_TIMEOUT = 30.0
MAX_TIMEOUT_MS = 10 * 60 * 1000
DEFAULT_OUTPUT_BYTES = 1024 * 1024
# Files written beside the program: how many, how deep, and their names' parts.
MAX_FILES = 256
MAX_PATH_DEPTH = 8
MAX_NAME_BYTES = 255
# What the program writes here comes back with the answer, when the run asks for it.
OUTPUT_DIR = "out"
DEFAULT_OUTPUT_FILES = 64
# Names read per directory of it: a program that makes a million empty files costs no more.
MAX_OUTPUT_ENTRIES_SCANNED = 4096
# The program's descriptors beyond 0-2: the control pipe (closed by boot.py before the program
# runs), the result channel (moved to 3 by boot.py when the run asks for one, else closed), and the
# order channel, high, where no file the program opens lands unless it opens that many.
CONTROL_FD = 3
RESULT_FD = 4
ORDER_FD = max(6, min(os.sysconf("SC_OPEN_MAX"), 1024) - 1)
# Threads started with the agent, before any program: one runs, one feeds stdin, the rest answer
# health checks. A program that holds the pids limit (a fork bomb) leaves no room for new ones.
WORKER_THREADS = 4
# Bound on the wait for the program's own process once everything was SIGKILLed.
REAP_TIMEOUT = 5.0
# Program output is escaped into the answer this many bytes at a time.
ANSWER_CHUNK_BYTES = 64 * 1024
PROGRAM_ENV = {
    "PATH": "/usr/local/bin:/usr/bin:/bin",
    "HOME": WORK_DIR,
    "TMPDIR": WORK_DIR,
    "LANG": "C.UTF-8",
    # Unbuffered so that `combined` follows the order in which the program wrote.
    "PYTHONUNBUFFERED": "1",
    "PYTHONDONTWRITEBYTECODE": "1",
    "PYTHONIOENCODING": "utf-8",
}


VERSIONS_FILE = "/opt/sandgate/versions.json"


# PyPy sizes its GC nursery as half the "cache size" of /proc/cpuinfo: on some hosts that is the
# whole last-level cache (seen: 480 MB), so a pypy3 program that allocates is OOM-killed in a 64-MiB
# sandbox before its first collection; where the line is missing (gVisor) it warns on stderr at
# every start. A fixed nursery makes pypy3 alike on every host.
PROGRAM_ENV["PYPY_GC_NURSERY"] = "4M"


def runtime_versions():
    """Read from the file the image build wrote, so that start-up runs no interpreter."""
    try:
        with open(VERSIONS_FILE) as f:
            return json.load(f)
    except (OSError, ValueError):
        pass
    import subprocess  # only when the image lacks the file: never on the start-up path
    versions = {}
    for name, path in RUNTIMES.items():
        try:
            out = subprocess.run(
                [path, "-c", "import sys; print('%d.%d.%d' % sys.version_info[:3])"],
                capture_output=True, timeout=30, env=PROGRAM_ENV, check=True)
            versions[name] = out.stdout.decode().strip()
        except (OSError, subprocess.SubprocessError):
            versions[name] = None
    return versions


class BadRequest(Exception):
    pass


class RunRequest:
    """The validated body of POST /run."""

    def __init__(self, body):
        if not isinstance(body, dict):
            raise BadRequest("body must be a JSON object")
        self.code = self._field(body, "code", str, None)
        self.runtime = self._field(body, "runtime", str, "pypy3")
        if self.runtime not in RUNTIMES:
            raise BadRequest("unknown runtime: choose one of " + ", ".join(RUNTIMES))
        self.stdin = self._field(body, "stdin", str, "")
        self.args = self._field(body, "args", list, [])
        if not all(isinstance(a, str) and "\0" not in a for a in self.args):
            raise BadRequest("args must be strings without NUL")
        try:
            [os.fsencode(a) for a in self.args]
        except UnicodeEncodeError:
            raise BadRequest("args must be valid Unicode text") from None
        self.timeout_ms = self._field(body, "timeoutMs", int, 10000)
        if not 1 <= self.timeout_ms <= MAX_TIMEOUT_MS:
            raise BadRequest("timeoutMs must be 1 to %d" % MAX_TIMEOUT_MS)
        self.max_output = self._field(body, "maxOutputBytes", int, DEFAULT_OUTPUT_BYTES)
        if self.max_output < 1:
            raise BadRequest("maxOutputBytes must be positive")
        self.files = program_files(self._field(body, "files", list, []), reserved_names(self.runtime))
        self.result = body.get("result", False)
        if not isinstance(self.result, bool):
            raise BadRequest("result must be a boolean")
        self.max_result = self._field(body, "maxResultBytes", int, DEFAULT_OUTPUT_BYTES)
        if self.max_result < 1:
            raise BadRequest("maxResultBytes must be positive")
        self.output_files = body.get("outputFiles", False)
        if not isinstance(self.output_files, bool):
            raise BadRequest("outputFiles must be a boolean")
        self.max_output_files = self._field(body, "maxOutputFiles", int, DEFAULT_OUTPUT_FILES)
        self.max_output_file_bytes = self._field(body, "maxOutputFileBytes", int, DEFAULT_OUTPUT_BYTES)
        if self.max_output_files < 0 or self.max_output_file_bytes < 0:
            raise BadRequest("maxOutputFiles and maxOutputFileBytes must not be negative")

    @staticmethod
    def _field(body, name, kind, default):
        value = body.get(name, default)
        if value is None or isinstance(value, bool) or not isinstance(value, kind):
            raise BadRequest("%s must be a %s" % (name, kind.__name__))
        return value


def reserved_names(runtime):
    """The names in the program's directory that the sandbox makes before a run's files are written:
    the program, its output directory, and what the run's runtime needs (and the warm interpreter's,
    made at the agent's start)."""
    names = {os.path.basename(PROGRAM_PATH), OUTPUT_DIR}
    for name in (runtime, WARM_RUNTIME):
        names.update(os.path.basename(path) for path in RUNTIME_DIRS.get(name, ()))
    return names


def program_files(entries, reserved):
    """[(path parts, bytes)] of the files to write beside the program, each path checked:
    relative, plain parts (no "..", ".", empty or NUL), not at or under a reserved name, no file
    where another needs a directory."""
    if len(entries) > MAX_FILES:
        raise BadRequest("at most %d files" % MAX_FILES)
    files, paths = [], set()
    for entry in entries:
        if not isinstance(entry, dict) or not isinstance(entry.get("path"), str) \
                or not isinstance(entry.get("content"), str):
            raise BadRequest("each file must be an object with a path and a base64 content")
        path = entry["path"]
        parts = path.split("/")
        if not path or path.startswith("/") or len(parts) > MAX_PATH_DEPTH or any(
                p in ("", ".", "..") or "\0" in p or len(os.fsencode(p)) > MAX_NAME_BYTES for p in parts):
            raise BadRequest("file path %r: a relative path of plain names, at most %d deep"
                             % (path, MAX_PATH_DEPTH))
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


def make_output_dir():
    """/tmp/out, open to the program (the agent may not chown), so it can write there at once."""
    try:
        os.mkdir(os.path.join(WORK_DIR, OUTPUT_DIR))
    except FileExistsError:
        return
    os.chmod(os.path.join(WORK_DIR, OUTPUT_DIR), 0o777)


def prepare_runtime(runtime):
    """What the runtime's interpreter needs in /tmp before it starts: the data runtime's
    matplotlib directory, with the font list the image built (root's, in sticky /tmp)."""
    if runtime != DATA_RUNTIME:
        return
    try:
        os.mkdir(MATPLOTLIB_DIR)
    except FileExistsError:
        return
    os.chmod(MATPLOTLIB_DIR, 0o777)
    try:
        names = os.listdir(MATPLOTLIB_BUILT)
    except OSError:  # an image without the data layer: matplotlib is missing anyway
        return
    for name in names:
        with open(os.path.join(MATPLOTLIB_BUILT, name), "rb") as src, \
                open(os.path.join(MATPLOTLIB_DIR, name), "wb") as dst:
            dst.write(src.read())


def collect_outputs(max_files, max_bytes):
    """The regular files under /tmp/out once every process of the program is dead, by path:
    [{path, size, content (base64) or None, truncated}] and whether entries were left out past
    max_files. Contents are kept, smallest path first, while they fit in max_bytes together; a
    file past that is listed without its content. Directories are walked by descriptor with
    O_NOFOLLOW, at most MAX_PATH_DEPTH deep; links, pipes and devices are never opened."""
    files, budget = [], [max_bytes]
    try:
        root = os.open(os.path.join(WORK_DIR, OUTPUT_DIR), os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW)
    except OSError:  # the program removed it, or made it something else
        return files, False
    try:
        complete = _collect(root, "", 1, files, max_files, budget)
    finally:
        os.close(root)
    return files, not complete


def _collect(dir_fd, prefix, depth, files, max_files, budget):
    """Adds what lies under dir_fd to files; False once max_files entries are taken."""
    with os.scandir(dir_fd) as entries:
        names = sorted(itertools.islice((entry.name for entry in entries), MAX_OUTPUT_ENTRIES_SCANNED))
    for name in names:
        try:
            st = os.stat(name, dir_fd=dir_fd, follow_symlinks=False)
        except OSError:
            continue
        path = prefix + name
        if stat.S_ISDIR(st.st_mode) and depth < MAX_PATH_DEPTH:
            try:
                child = os.open(name, os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW, dir_fd=dir_fd)
            except OSError:
                continue
            try:
                if not _collect(child, path + "/", depth + 1, files, max_files, budget):
                    return False
            finally:
                os.close(child)
        elif stat.S_ISREG(st.st_mode):
            if len(files) >= max_files:
                return False
            files.append(_output_file(dir_fd, name, path, st.st_size, budget))
    return True


def output_name(raw):
    """{"path": the name} for a name that is UTF-8. Any other name is percent-escaped: its invalid
    bytes and every "%" ("%FF", "%25"), so that no two of them read alike, and "pathBase64" holds
    its bytes."""
    try:
        return {"path": raw.decode("utf-8")}
    except UnicodeDecodeError:
        text = raw.replace(b"%", b"%25").decode("utf-8", errors="surrogateescape")
        return {"path": "".join("%%%02X" % (ord(c) - 0xDC00) if "\udc80" <= c <= "\udcff" else c for c in text),
                "pathBase64": binascii.b2a_base64(raw, newline=False).decode("ascii")}


def _output_file(dir_fd, name, path, size, budget):
    entry = dict(output_name(os.fsencode(path)), size=size, content=None, truncated=True)
    if size > budget[0]:
        return entry
    try:
        fd = os.open(name, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK, dir_fd=dir_fd)
    except OSError:
        return entry
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            return entry
        chunks, left = [], size
        while left > 0:
            chunk = os.read(fd, min(left, ANSWER_CHUNK_BYTES))
            if not chunk:
                break
            chunks.append(chunk)
            left -= len(chunk)
    finally:
        os.close(fd)
    content = b"".join(chunks)
    budget[0] -= len(content)
    entry.update(size=len(content), content=binascii.b2a_base64(content, newline=False).decode("ascii"),
                 truncated=False)
    return entry


def write_files(files):
    """Writes the files under the program's directory, read-only, as root; the directories they
    need are open to the program (the agent may not chown), so it can write beside them. No
    link is followed. A file that meets something already there is the request's mistake (BadRequest)."""
    for parts, content in files:
        try:
            _write_file(parts, content)
        except (FileExistsError, NotADirectoryError):
            raise BadRequest("file path %r meets a name the sandbox made" % "/".join(parts)) from None


def _write_file(parts, content):
    dir_fd = os.open(WORK_DIR, os.O_RDONLY | os.O_DIRECTORY)
    try:
        for part in parts[:-1]:
            try:
                os.mkdir(part, dir_fd=dir_fd)
                created = True
            except FileExistsError:
                created = False
            child = os.open(part, os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW, dir_fd=dir_fd)
            os.close(dir_fd)
            dir_fd = child
            if created:
                os.fchmod(dir_fd, 0o777)
        fd = os.open(parts[-1], os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o444, dir_fd=dir_fd)
        try:
            _write_all(fd, content)
        finally:
            os.close(fd)
    finally:
        os.close(dir_fd)


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

    def __init__(self, limit, result_limit=DEFAULT_OUTPUT_BYTES):
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


def oom_kill_count():
    """How many times the kernel's OOM killer acted in this container's cgroup."""
    for path, key in (("/sys/fs/cgroup/memory.events", "oom_kill"),
                      ("/sys/fs/cgroup/memory/memory.oom_control", "oom_kill")):
        try:
            with open(path) as f:
                for line in f:
                    parts = line.split()
                    if len(parts) == 2 and parts[0] == key:
                        return int(parts[1])
        except OSError:
            continue
    return 0


def sandbox_pids():
    """Live (not zombie) processes of the sandbox uid."""
    pids = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            if os.stat("/proc/" + entry).st_uid != SANDBOX_UID:
                continue
            with open("/proc/%s/stat" % entry) as f:
                state = f.read().rpartition(")")[2].split()[0]
        except (OSError, IndexError):
            continue
        if state not in ("Z", "X"):
            pids.append(int(entry))
    return pids


def kill_sandbox():
    """SIGKILLs every process in the container but init and this agent.

    kill(-1) is atomic with respect to fork(), so neither a fork bomb, a process
    that left its group with setsid(), nor a SIGSTOPped one escapes it. Only the
    agent and init run as root here, so this hits exactly the program's processes.
    """
    def killed_all():
        try:
            os.kill(-1, signal.SIGKILL)
        except ProcessLookupError:
            pass
        return not sandbox_pids()

    poll_until(killed_all, timeout=0.5)


def poll_until(done, timeout=None):
    """Calls done() until it is true or timeout seconds pass; returns its last answer.
    Polls from 0.5 ms up to 10 ms apart: what is awaited here (a SIGKILLed process dying,
    a program's exit once its pipes closed) usually takes a millisecond or less."""
    end = None if timeout is None else time.monotonic() + timeout
    delay = 0.0005
    while not done():
        if end is not None and time.monotonic() >= end:
            return False
        time.sleep(delay)
        delay = min(delay * 2, 0.01)
    return True


class ProgramPipes:
    """The program's stdin, stdout, stderr, order and result channels: the agent's ends and the program's."""

    def __init__(self):
        self.stdin_r, self.stdin_w = os.pipe()
        self.stdout_r, self.stdout_w = os.pipe()
        self.stderr_r, self.stderr_w = os.pipe()
        self.order_r, self.order_w = os.pipe()
        os.set_blocking(self.order_r, False)
        self.result_r, self.result_w = os.pipe()

    def programs_ends(self):
        return self.stdin_r, self.stdout_w, self.stderr_w, self.order_w, self.result_w

    def close_programs_ends(self):
        for fd in self.programs_ends():
            os.close(fd)


class Launcher:
    """A process for the program, forked at agent start so that a run has no fork on its path.

    The child prepares everything while the agent is still single-threaded: it makes the
    OOM killer prefer it (while still root: after setuid its /proc files belong to root),
    starts a new session, puts stdin/stdout/stderr on the program's pipes, drops to the
    sandbox's own uid/gid with no groups, and starts `<interpreter> /tmp/main.py`, which waits
    in boot.py for its run on the control pipe. A warm launcher starts its interpreter at
    once; a cold one first waits for the runtime's name, so it serves whichever is asked for.
    """

    def __init__(self, pipes, runtime=None):
        self.runtime = runtime
        control_r, self.control_w = os.pipe()
        self.pid = os.fork()
        if self.pid == 0:
            try:
                self._child(pipes, control_r, runtime)
            finally:
                os._exit(127)
        os.close(control_r)
        self.status = None

    @staticmethod
    def _child(pipes, control_r, runtime):
        try:
            with open("/proc/self/oom_score_adj", "w") as f:
                f.write("1000")
        except OSError:
            pass
        os.setsid()
        stdin_r, stdout_w, stderr_w, order_w, result_w = pipes.programs_ends()
        for fd, target in ((stdin_r, 0), (stdout_w, 1), (stderr_w, 2)):
            os.dup2(fd, target)
        keep = {order_w, control_r, result_w}
        for name in os.listdir("/proc/self/fd"):
            fd = int(name)
            if fd > 2 and fd not in keep:
                try:
                    os.close(fd)
                except OSError:  # the listing's own descriptor
                    pass
        # The control pipe at 3, the result channel at 4 (boot.py moves it to 3 when the run asks
        # for a result, and closes it otherwise), the order channel high: what the program sees
        # does not vary.
        _place_fds(control_r, result_w, order_w)  # at CONTROL_FD, RESULT_FD and 5
        os.dup2(5, ORDER_FD)
        os.close(5)
        os.chdir(WORK_DIR)
        os.setgroups([])
        os.setgid(SANDBOX_GID)
        os.setuid(SANDBOX_UID)
        # Python ignores these; the program starts with the defaults, as a shell would give it.
        for sig in (signal.SIGPIPE, signal.SIGXFSZ):
            signal.signal(sig, signal.SIG_DFL)
        warm = runtime is not None
        if not warm:
            runtime = _read_line(CONTROL_FD)
            if runtime not in RUNTIMES:  # the agent went away without a run
                os._exit(0)
        env = dict(PROGRAM_ENV, SANDGATE_BOOT_FD=str(CONTROL_FD), SANDGATE_ORDER_FD=str(ORDER_FD),
                   SANDGATE_RESULT_FD=str(RESULT_FD), **RUNTIME_ENV.get(runtime, {}))
        if warm and runtime in WARM_IMPORTS:
            env["SANDGATE_WARM_IMPORTS"] = WARM_IMPORTS[runtime]
        try:
            os.execve(RUNTIMES[runtime], [RUNTIMES[runtime], PROGRAM_PATH], env)
        except OSError as e:
            os.write(2, ("cannot start %s: %s\n" % (runtime, e.strerror)).encode())

    def start(self, args, result, runtime=None):
        """Hands the program its args and whether it gets a result channel (and a cold launcher
        its runtime); OSError if the child is gone."""
        head = (runtime + "\n").encode() if self.runtime is None else b""
        data = head + (b"run+result\0" if result else b"run\0") + b"".join(os.fsencode(a) + b"\0" for a in args)
        try:
            _write_all(self.control_w, data)
        finally:
            os.close(self.control_w)

    def kill(self):
        try:
            os.close(self.control_w)
        except OSError:
            pass
        try:
            os.kill(self.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass

    def poll(self):
        if self.status is None:
            pid, status = os.waitpid(self.pid, os.WNOHANG)
            if pid:
                self.status = os.waitstatus_to_exitcode(status)
        return self.status

    def wait(self, timeout=None):
        """The exit status (negative: killed by that signal), or None at the timeout."""
        poll_until(lambda: self.poll() is not None, timeout)
        return self.status


class Launchers:
    """The warm interpreter, if the sandbox has one, and a cold launcher for any runtime."""

    def __init__(self, warm_runtime):
        self.pipes = ProgramPipes()
        self.warm = Launcher(self.pipes, warm_runtime) if warm_runtime in RUNTIMES else None
        self.cold = Launcher(self.pipes)
        self.pipes.close_programs_ends()

    def start(self, runtime, args, result):
        """Starts the program: in the warm interpreter when it is the one asked for and still
        waits, otherwise cold. Returns (the launcher that runs it, whether it was warm, the
        moment it was handed over)."""
        warm, cold = self.warm, self.cold
        if warm is not None and (warm.runtime != runtime or warm.poll() is not None):
            self._discard(warm)  # before the program starts: its memory is the program's
            warm = None
        started = time.monotonic()
        if warm is not None:
            try:
                warm.start(args, result)
                cold.kill()
                return warm, True, started
            except OSError:  # it died while waiting
                self._discard(warm)
                started = time.monotonic()
        cold.start(args, result, runtime)
        return cold, False, started

    def reap(self):
        """Collects the launcher that did not run the program (killed with the sandbox's processes)."""
        for launcher in (self.warm, self.cold):
            if launcher is not None:
                launcher.wait(timeout=REAP_TIMEOUT)

    @staticmethod
    def _discard(launcher):
        launcher.kill()
        launcher.wait(timeout=REAP_TIMEOUT)


def _place_fds(*fds):
    """Moves the descriptors to 3, 4, 5, …, in order (they are the only ones above 2)."""
    # First out of the way (above any target): none may sit where another is to go.
    high = [fcntl.fcntl(fd, fcntl.F_DUPFD, 3 + len(fds)) for fd in fds]
    for fd in fds:
        os.close(fd)
    for target, fd in enumerate(high, start=3):
        os.dup2(fd, target)  # inheritable
        os.close(fd)


def _read_line(fd):
    """One line, read byte by byte so that nothing after it is taken from the pipe."""
    line = b""
    while not line.endswith(b"\n") and len(line) < 64:
        byte = os.read(fd, 1)
        if not byte:
            break
        line += byte
    return line[:-1].decode("ascii", "replace") if line.endswith(b"\n") else None


def _write_all(fd, data):
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view):]


def run_program(req, launchers, workers):
    with open(PROGRAM_PATH, "wb") as f:
        f.write(req.code.encode("utf-8", errors="surrogatepass"))
    os.chmod(PROGRAM_PATH, 0o444)
    make_output_dir()
    prepare_runtime(req.runtime)
    write_files(req.files)
    oom_before = oom_kill_count()
    capture = Capture(req.max_output, req.max_result)
    pipes = launchers.pipes
    # Before the program starts: once it runs, it may leave no room for anything new.
    start_stdin(pipes.stdin_w, req.stdin.encode("utf-8"), workers)
    launcher, warm, started = launchers.start(req.runtime, req.args, req.result)
    deadline = started + req.timeout_ms / 1000.0
    fds = pipes.stdout_r, pipes.stderr_r, pipes.order_r, pipes.result_r
    # Read while the program runs; stop at its exit or at the deadline.
    capture.pump(*fds, lambda: launcher.poll() is not None or time.monotonic() >= deadline)
    # The pipes may close before the program ends.
    timed_out = launcher.wait(timeout=max(0.0, deadline - time.monotonic())) is None
    # Leftovers (background children, a stopped group) die with the program.
    kill_sandbox()
    status = launcher.wait(timeout=REAP_TIMEOUT)
    if status is None:  # never seen to die (an engine that delays it): it was SIGKILLed all the same
        status = -signal.SIGKILL
    duration_ms = int((time.monotonic() - started) * 1000)
    launchers.reap()
    capture.drain(*fds)
    for fd in fds:
        os.close(fd)
    exit_code = 128 - status if status < 0 else status
    oom_killed = oom_kill_count() > oom_before and not timed_out
    # Every process of the program is dead: nothing can change or swap a file while it is read.
    outputs, omitted = collect_outputs(req.max_output_files, req.max_output_file_bytes) \
        if req.output_files else (None, False)
    return {
        "stdout": capture.streams["stdout"],
        "stderr": capture.streams["stderr"],
        "combined": capture.combined,
        "exitCode": exit_code,
        "timedOut": timed_out,
        "oomKilled": oom_killed,
        "outputTruncated": capture.truncated,
        "durationMs": duration_ms,
        "runtime": req.runtime,
        "warm": warm,
        "result": capture.result if req.result else None,
        "resultTruncated": capture.result_truncated,
        "files": outputs,
        "filesOmitted": omitted,
    }


def start_stdin(fd, data, workers):
    """Feeds stdin and closes it. What fits in the pipe is written at once; only a remainder
    needs a worker, so that a program that never reads its stdin cannot block the agent."""
    os.set_blocking(fd, False)
    try:
        written = os.write(fd, data) if data else 0
    except BlockingIOError:
        written = 0
    except OSError:  # the program is already gone
        written = len(data)
    os.set_blocking(fd, True)
    if written < len(data):
        workers.submit(feed_stdin, fd, data[written:])
    else:
        os.close(fd)


def feed_stdin(fd, data):
    try:
        if data:
            _write_all(fd, data)
    except OSError:  # the program closed its stdin or is gone
        pass
    finally:
        os.close(fd)


class HttpError(Exception):
    def __init__(self, status, message):
        super().__init__(message)
        self.status = status


ROUTES = {"/health": "GET", "/run": "POST"}
REASONS = {200: "OK", 400: "Bad Request", 404: "Not Found", 405: "Method Not Allowed",
           409: "Conflict", 411: "Length Required", 413: "Content Too Large",
           431: "Request Header Fields Too Large", 500: "Internal Server Error"}


def read_request(conn):
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
    if length > MAX_BODY_BYTES:
        raise HttpError(413, "body over %d bytes" % MAX_BODY_BYTES)
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


class Workers:
    """Threads started once, with the agent, that take tasks from a queue."""

    def __init__(self, count):
        self.tasks = queue.SimpleQueue()
        for _ in range(count):
            threading.Thread(target=self._work, daemon=True).start()

    def submit(self, fn, *args):
        self.tasks.put((fn, args))

    def _work(self):
        while True:
            fn, args = self.tasks.get()
            try:
                fn(*args)
            except Exception:  # a task's failure must not cost the agent a worker
                pass


class Agent:
    """Answers the two requests; holds the versions, the launcher, the workers and the one-run latch."""

    def __init__(self):
        self.versions = runtime_versions()
        prepare_runtime(WARM_RUNTIME)
        self.launchers = Launchers(WARM_RUNTIME)
        self.workers = None
        self.lock = threading.Lock()
        self.used = False

    def claim(self):
        with self.lock:
            if self.used:
                return False
            self.used = True
            return True

    def serve(self, conn):
        """One connection, one request, one answer. Requests are never logged: they carry untrusted code."""
        with conn:
            try:
                conn.settimeout(REQUEST_READ_TIMEOUT)
                method, path, body = read_request(conn)
                conn.settimeout(None)  # a run answers when its program ends
                status, payload = self.answer(method, path, body)
            except HttpError as e:
                status, payload = e.status, {"error": str(e)}
            except OSError:
                return  # the caller went away or never sent a whole request
            try:
                send_json(conn, status, payload)
            except OSError:
                pass

    def answer(self, method, path, body):
        if path not in ROUTES:
            return 404, {"error": "not found"}
        if method != ROUTES[path]:
            return 405, {"error": "use %s" % ROUTES[path]}
        if path == "/health":
            return 200, {"status": "UP", "runtimes": self.versions, "used": self.used,
                         "warm": self.launchers.warm and self.launchers.warm.runtime}
        if body is None:
            return 411, {"error": "send the body with a Content-Length"}
        try:
            req = RunRequest(json.loads(body))
        except (ValueError, BadRequest) as e:
            return 400, {"error": str(e)}
        if not self.claim():
            return 409, {"error": "this sandbox has already run a program"}
        try:
            return 200, run_program(req, self.launchers, self.workers)
        except BadRequest as e:  # a file of the run meets one the sandbox made: no failure of the sandbox
            return 400, {"error": str(e)}
        except Exception as e:  # the gateway maps this to 502; never reuse the sandbox
            return 500, {"error": "run failed: %s" % type(e).__name__}


def listen():
    port = os.environ.get("SANDGATE_AGENT_PORT")
    if port:  # the tcp transport: the container sits on an internal network
        return socket.create_server(("0.0.0.0", int(port)), backlog=16)
    os.makedirs(SOCKET_DIR, mode=0o700, exist_ok=True)
    final = os.path.join(SOCKET_DIR, SOCKET_NAME)
    temp = os.path.join(SOCKET_DIR, ".%s.%d" % (SOCKET_NAME, os.getpid()))
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
    gid = os.environ.get("SANDGATE_SOCKET_GID")
    if gid:  # a non-root gateway in this group connects; the program is in no group
        os.chown(temp, -1, int(gid))
        os.chmod(temp, 0o660)
    else:
        os.chmod(temp, 0o600)
    os.rename(temp, final)
    return server


def main():
    if sys.argv[1:] == ["--write-versions"]:
        with open(VERSIONS_FILE, "w") as f:
            json.dump(runtime_versions(), f)
        return
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    agent = Agent()  # forks the launchers while this process is still single-threaded
    agent.workers = Workers(WORKER_THREADS)
    server = listen()
    while True:
        conn, _ = server.accept()
        agent.workers.submit(agent.serve, conn)


if __name__ == "__main__":
    main()
