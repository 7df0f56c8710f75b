"""Sandgate agent: runs exactly one untrusted Python program inside its container.

Listens on a Unix socket (SANDGATE_SOCKET_DIR/agent.sock, mode 0600), created
under a temporary name and renamed into place once listening, so "the socket
exists" means "the agent is ready". Stdlib only; run by CPython as root with
only the SETUID, SETGID and KILL capabilities. See README.md for the contract.
"""

import http.server
import json
import os
import selectors
import signal
import socketserver
import subprocess
import sys
import threading
import time

SOCKET_DIR = os.environ.get("SANDGATE_SOCKET_DIR", "/run/sandgate")
SOCKET_NAME = "agent.sock"
SANDBOX_UID = 65534
SANDBOX_GID = 65534
WORK_DIR = "/tmp"
PROGRAM_PATH = "/tmp/main.py"
RUNTIMES = {"pypy3": "/usr/bin/pypy3", "python3": "/usr/bin/python3"}
MAX_BODY_BYTES = 4 * 1024 * 1024
MAX_TIMEOUT_MS = 10 * 60 * 1000
DEFAULT_OUTPUT_BYTES = 1024 * 1024
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


def runtime_versions():
    """Read from the file the image build wrote, so that start-up runs no interpreter."""
    try:
        with open(VERSIONS_FILE) as f:
            return json.load(f)
    except (OSError, ValueError):
        pass
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
        self.timeout_ms = self._field(body, "timeoutMs", int, 10000)
        if not 1 <= self.timeout_ms <= MAX_TIMEOUT_MS:
            raise BadRequest("timeoutMs must be 1 to %d" % MAX_TIMEOUT_MS)
        self.max_output = self._field(body, "maxOutputBytes", int, DEFAULT_OUTPUT_BYTES)
        if self.max_output < 1:
            raise BadRequest("maxOutputBytes must be positive")

    @staticmethod
    def _field(body, name, kind, default):
        value = body.get(name, default)
        if value is None or isinstance(value, bool) or not isinstance(value, kind):
            raise BadRequest("%s must be a %s" % (name, kind.__name__))
        return value


class Capture:
    """Reads stdout and stderr together, keeping each capped and their interleaving."""

    def __init__(self, limit):
        self.limit = limit
        self.streams = {"stdout": bytearray(), "stderr": bytearray()}
        self.combined = bytearray()
        self.truncated = False

    def add(self, name, data):
        buf = self.streams[name]
        room = self.limit - len(buf)
        if len(data) > room:
            self.truncated = True
            data = data[:max(room, 0)]
        buf += data
        self.combined += data

    def pump(self, out_fd, err_fd, stop):
        """Reads both pipes until they close or `stop()` says the program is done."""
        self._read(out_fd, err_fd, stop, float("inf"))

    def drain(self, out_fd, err_fd, grace=2.0):
        """Reads what is left once every writer is dead (bounded, in case one is not)."""
        self._read(out_fd, err_fd, lambda: False, time.monotonic() + grace)

    def _read(self, out_fd, err_fd, stop, deadline):
        sel = selectors.DefaultSelector()
        for fd, name in ((out_fd, "stdout"), (err_fd, "stderr")):
            try:
                sel.register(fd, selectors.EVENT_READ, name)
            except (ValueError, KeyError):
                pass
        while sel.get_map() and time.monotonic() < deadline:
            for key, _ in sel.select(timeout=0.05):
                data = os.read(key.fd, 65536)
                if data:
                    self.add(key.data, data)
                else:
                    sel.unregister(key.fd)
            if stop():
                break
        sel.close()

    @staticmethod
    def text(data):
        return bytes(data).decode("utf-8", errors="replace")


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
    for _ in range(50):
        try:
            os.kill(-1, signal.SIGKILL)
        except ProcessLookupError:
            pass
        if not sandbox_pids():
            return
        time.sleep(0.01)


def prefer_oom_kill():
    """Runs in the child, already uid 65534, before exec: the kernel's OOM killer
    picks the program, not the agent, when the container runs out of memory."""
    try:
        with open("/proc/self/oom_score_adj", "w") as f:
            f.write("1000")
    except OSError:
        pass


def run_program(req):
    with open(PROGRAM_PATH, "wb") as f:
        f.write(req.code.encode("utf-8", errors="surrogatepass"))
    os.chmod(PROGRAM_PATH, 0o444)
    oom_before = oom_kill_count()
    capture = Capture(req.max_output)
    started = time.monotonic()
    proc = subprocess.Popen(
        [RUNTIMES[req.runtime], PROGRAM_PATH] + req.args,
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
        cwd=WORK_DIR, env=PROGRAM_ENV, close_fds=True,
        user=SANDBOX_UID, group=SANDBOX_GID, extra_groups=[], start_new_session=True,
        preexec_fn=prefer_oom_kill)
    threading.Thread(target=feed_stdin, args=(proc.stdin, req.stdin.encode("utf-8")),
                     daemon=True).start()
    deadline = started + req.timeout_ms / 1000.0
    out_fd, err_fd = proc.stdout.fileno(), proc.stderr.fileno()
    # Read while the program runs; stop at its exit or at the deadline.
    capture.pump(out_fd, err_fd, lambda: proc.poll() is not None or time.monotonic() >= deadline)
    try:  # the pipes may close before the program ends
        proc.wait(timeout=max(0.0, deadline - time.monotonic()))
    except subprocess.TimeoutExpired:
        pass
    timed_out = proc.poll() is None
    # Leftovers (background children, a stopped group) die with the program.
    kill_sandbox()
    status = proc.wait()
    duration_ms = int((time.monotonic() - started) * 1000)
    capture.drain(out_fd, err_fd)
    proc.stdout.close()
    proc.stderr.close()
    exit_code = 128 - status if status < 0 else status
    oom_killed = oom_kill_count() > oom_before and not timed_out
    return {
        "stdout": capture.text(capture.streams["stdout"]),
        "stderr": capture.text(capture.streams["stderr"]),
        "combined": capture.text(capture.combined),
        "exitCode": exit_code,
        "timedOut": timed_out,
        "oomKilled": oom_killed,
        "outputTruncated": capture.truncated,
        "durationMs": duration_ms,
        "runtime": req.runtime,
    }


def feed_stdin(pipe, data):
    try:
        if data:
            pipe.write(data)
    except (BrokenPipeError, OSError):
        pass
    finally:
        try:
            pipe.close()
        except OSError:
            pass


class Agent:
    """State shared by request handlers: the versions and the one-run latch."""

    def __init__(self):
        self.versions = runtime_versions()
        self.lock = threading.Lock()
        self.used = False

    def claim(self):
        with self.lock:
            if self.used:
                return False
            self.used = True
            return True


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "sandgate-agent"
    agent = None

    def do_GET(self):
        if self.path == "/health":
            self.reply(200, {"status": "UP", "runtimes": self.agent.versions,
                             "used": self.agent.used})
        else:
            self.reply(404, {"error": "not found"})

    def do_POST(self):
        if self.path != "/run":
            self.reply(404, {"error": "not found"})
            return
        try:
            length = int(self.headers.get("Content-Length", "-1"))
        except ValueError:
            length = -1
        if not 0 <= length <= MAX_BODY_BYTES:
            self.reply(413 if length > MAX_BODY_BYTES else 411, {"error": "bad body length"})
            return
        body = self.rfile.read(length)
        try:
            req = RunRequest(json.loads(body))
        except (ValueError, BadRequest) as e:
            self.reply(400, {"error": str(e)})
            return
        if not self.agent.claim():
            self.reply(409, {"error": "this sandbox has already run a program"})
            return
        try:
            result = run_program(req)
        except Exception as e:  # the gateway maps this to 502; never reuse the sandbox
            self.reply(500, {"error": "run failed: %s" % type(e).__name__})
            return
        self.reply(200, result)

    def reply(self, status, payload):
        data = json.dumps(payload).encode("utf-8")
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def address_string(self):
        return "gateway"

    def log_message(self, fmt, *args):
        pass  # never log requests: they carry untrusted code


class Server(socketserver.ThreadingMixIn, socketserver.UnixStreamServer):
    daemon_threads = True


class TcpServer(socketserver.ThreadingMixIn, socketserver.TCPServer):
    daemon_threads = True
    allow_reuse_address = True


def listen():
    port = os.environ.get("SANDGATE_AGENT_PORT")
    if port:  # the tcp transport: the container sits on an internal network
        return TcpServer(("0.0.0.0", int(port)), Handler)
    os.makedirs(SOCKET_DIR, mode=0o700, exist_ok=True)
    final = os.path.join(SOCKET_DIR, SOCKET_NAME)
    temp = os.path.join(SOCKET_DIR, ".%s.%d" % (SOCKET_NAME, os.getpid()))
    for path in (final, temp):
        try:
            os.unlink(path)
        except FileNotFoundError:
            pass
    old_umask = os.umask(0o177)  # the socket is born 0600: no window for others
    server = Server(temp, Handler)
    os.umask(old_umask)
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
    Handler.agent = Agent()
    server = listen()
    server.serve_forever()


if __name__ == "__main__":
    main()
