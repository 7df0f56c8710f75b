"""Starting the program: processes forked with the agent, one of them a warm interpreter, each
handed its run over a control pipe."""

import os
import signal
import time

from .fds import place_fds, read_line, write_all
from .layout import PROGRAM_PATH, WORK_DIR
from .processes import poll_until
from .runtimes import RUNTIMES, program_env

# The program's descriptors beyond 0-2: the control pipe (closed by boot.py before the program
# runs), the result channel (moved to 3 by boot.py when the run asks for one, else closed), and the
# order channel, high (order_channel_fd).
CONTROL_FD = 3
RESULT_FD = 4
# Bound on the wait for the program's own process once everything was SIGKILLed.
REAP_TIMEOUT = 5.0


def order_channel_fd():
    """Where no file the program opens lands unless it opens that many: the last descriptor below
    its open-files limit, at most 1023."""
    return max(6, min(os.sysconf("SC_OPEN_MAX"), 1024) - 1)


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

    def __init__(self, pipes, uid, runtime=None):
        self.runtime = runtime
        control_r, self.control_w = os.pipe()
        self.pid = os.fork()
        if self.pid == 0:
            try:
                self._child(pipes, control_r, uid, runtime)
            finally:
                os._exit(127)
        os.close(control_r)
        self.status = None

    @staticmethod
    def _child(pipes, control_r, uid, runtime):
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
        place_fds(control_r, result_w, order_w)  # at CONTROL_FD, RESULT_FD and 5
        order_fd = order_channel_fd()
        os.dup2(5, order_fd)
        os.close(5)
        os.chdir(WORK_DIR)
        os.setgroups([])
        os.setgid(uid)
        os.setuid(uid)
        # Python ignores these; the program starts with the defaults, as a shell would give it.
        for sig in (signal.SIGPIPE, signal.SIGXFSZ):
            signal.signal(sig, signal.SIG_DFL)
        warm = runtime is not None
        if not warm:
            runtime = read_line(CONTROL_FD)
            if runtime not in RUNTIMES:  # the agent went away without a run
                os._exit(0)
        env = program_env(runtime, warm, {"SANDGATE_BOOT_FD": str(CONTROL_FD),
                                          "SANDGATE_ORDER_FD": str(order_fd),
                                          "SANDGATE_RESULT_FD": str(RESULT_FD)})
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
            write_all(self.control_w, data)
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

    def __init__(self, warm_runtime, uid):
        self.pipes = ProgramPipes()
        self.warm = Launcher(self.pipes, uid, warm_runtime) if warm_runtime in RUNTIMES else None
        self.cold = Launcher(self.pipes, uid)
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
