"""The program's processes once its run is over: all of them killed, and what the kernel did to them."""

import os
import signal
import time


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


def sandbox_pids(uid):
    """Live (not zombie) processes of the sandbox uid."""
    pids = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            if os.stat("/proc/" + entry).st_uid != uid:
                continue
            with open("/proc/%s/stat" % entry) as f:
                state = f.read().rpartition(")")[2].split()[0]
        except (OSError, IndexError):
            continue
        if state not in ("Z", "X"):
            pids.append(int(entry))
    return pids


def kill_sandbox(uid):
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
        return not sandbox_pids(uid)

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
