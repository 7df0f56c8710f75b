import contextlib
import io
import os
import pkgutil
import subprocess
import sys
import unittest
from unittest import mock

import sandgate_agent
from sandgate_agent.__main__ import main

PACKAGE_DIR = os.path.dirname(sandgate_agent.__file__)
MODULES = sorted(m.name for m in pkgutil.iter_modules([PACKAGE_DIR]))

# Imports every module of the agent in a fresh interpreter and reports what importing them did
# besides reading their own source: files opened or made, sockets, processes, threads, signals.
PROBE = r"""
import os, signal, sys, threading
package_dir = sys.argv[1]
seen = []
def hook(event, args):
    if event in ("open", "os.listdir", "os.scandir"):
        path = args[0]
        if isinstance(path, bytes):
            path = os.fsdecode(path)
        if isinstance(path, str) and (path.startswith(package_dir) or path.endswith((".py", ".pyc"))
                                      or "__pycache__" in path or path.startswith(sys.prefix)):
            return
    if event.startswith(("open", "os.", "socket.", "subprocess.", "shutil.")) or event in ("os.listdir",):
        seen.append(event + " " + repr(args)[:120])
handlers = {s: signal.getsignal(s) for s in (signal.SIGTERM, signal.SIGINT, signal.SIGCHLD)}
sys.addaudithook(hook)
for name in sys.argv[2:]:
    __import__("sandgate_agent." + name)
sys.stdout.write("\n".join(seen) + "\n")
sys.stdout.write("threads %d\n" % threading.active_count())
sys.stdout.write("signals %s\n" % ({s: signal.getsignal(s) for s in handlers} == handlers))
"""


class PackageTest(unittest.TestCase):

    def test_every_job_has_its_module(self):
        self.assertLessEqual({"__main__", "agent", "capture", "files", "http", "launcher", "outputs",
                              "processes", "request", "run", "runtimes", "settings"}, set(MODULES))

    def test_importing_the_agent_does_nothing(self):
        env = {"PATH": os.environ.get("PATH", "/usr/bin"), "PYTHONPATH": os.path.dirname(PACKAGE_DIR),
               "PYTHONDONTWRITEBYTECODE": "1"}
        probe = subprocess.run([sys.executable, "-c", PROBE, PACKAGE_DIR, *MODULES], env=env,
                               capture_output=True, text=True, timeout=60)
        self.assertEqual(0, probe.returncode, probe.stderr)
        self.assertEqual(["threads 1", "signals True"], probe.stdout.split("\n")[-3:-1], probe.stdout)
        self.assertEqual("", probe.stdout.split("threads")[0].strip(), probe.stdout)

    def test_only_the_entry_point_reads_the_environment(self):
        for name in MODULES:
            with open(os.path.join(PACKAGE_DIR, name + ".py")) as f:
                source = f.read()
            if name != "__main__":
                with self.subTest(name):
                    self.assertNotIn("os.environ", source)
                    self.assertNotIn("getenv", source)

    def test_without_the_gateways_settings_the_agent_does_not_start(self):
        err = io.StringIO()
        with mock.patch.dict(os.environ, {}, clear=True), contextlib.redirect_stderr(err), \
                mock.patch("sandgate_agent.__main__.Agent") as agent:
            self.assertEqual(2, main([]))
        agent.assert_not_called()
        self.assertIn("SANDGATE_UID is not set", err.getvalue())


if __name__ == "__main__":
    unittest.main()
