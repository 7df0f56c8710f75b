"""The agent: answers GET /health and the sandbox's one POST /run."""

import json
import threading

from .http import HttpError, read_request, send_json
from .launcher import Launchers
from .request import BadRequest, RunRequest
from .run import run_program
from .runtimes import prepare_runtime, runtime_versions

ROUTES = {"/health": "GET", "/run": "POST"}
REQUEST_READ_TIMEOUT = 30.0


class Agent:
    """Answers the two requests; holds the versions, the launcher, the workers and the one-run latch."""

    def __init__(self, settings):
        self.settings = settings
        self.versions = runtime_versions()
        prepare_runtime(settings.warm_runtime)
        self.launchers = Launchers(settings.warm_runtime, settings.uid)
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
                method, path, body = read_request(conn, self.settings.max_request_bytes)
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
            req = RunRequest(json.loads(body), self.settings.file_limits, self.settings.warm_runtime)
        except (ValueError, BadRequest) as e:
            return 400, {"error": str(e)}
        if not self.claim():
            return 409, {"error": "this sandbox has already run a program"}
        try:
            return 200, run_program(req, self.launchers, self.workers, self.settings)
        except BadRequest as e:  # a file of the run meets one the sandbox made: no failure of the sandbox
            return 400, {"error": str(e)}
        except Exception as e:  # the gateway maps this to 502; never reuse the sandbox
            return 500, {"error": "run failed: %s" % type(e).__name__}
