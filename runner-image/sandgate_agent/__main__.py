"""Starts the agent: python3 -I -m sandgate_agent.

Listens on a Unix socket (SANDGATE_SOCKET_DIR/agent.sock, mode 0600), created under a temporary
name and renamed into place once listening, so "the socket exists" means "the agent is ready".
Stdlib only; run by CPython as root with only the SETUID, SETGID and KILL capabilities. See
README.md for the contract. `--write-versions` records the runtimes' versions (the image build).
"""

import os
import signal
import sys

from .agent import Agent
from .http import listen
from .runtimes import write_versions
from .settings import SettingsError, from_environ
from .workers import Workers

# Threads started with the agent, before any program: one runs, one feeds stdin, the rest answer
# health checks.
WORKER_THREADS = 4


def main(argv):
    if argv == ["--write-versions"]:
        write_versions()
        return 0
    try:
        settings = from_environ(os.environ)
    except SettingsError as e:
        print("sandgate agent: %s" % e, file=sys.stderr)
        return 2
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    agent = Agent(settings)  # forks the launchers while this process is still single-threaded
    agent.workers = Workers(WORKER_THREADS)
    server = listen(settings)
    while True:
        conn, _ = server.accept()
        agent.workers.submit(agent.serve, conn)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
