"""One run: the program's directory staged, the program started and read, every process of it
killed, and the answer."""

import os
import signal
import time

from .capture import Capture
from .fds import write_all
from .files import make_output_dir, write_files, write_program
from .launcher import REAP_TIMEOUT
from .layout import OUTPUT_PATH
from .outputs import collect_outputs
from .processes import kill_sandbox, oom_kill_count
from .runtimes import prepare_runtime


def run_program(req, launchers, workers, settings):
    """Runs the request's program in the sandbox and answers what it did; once only."""
    write_program(req.code)
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
    kill_sandbox(settings.uid)
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
    outputs, omitted = collect_outputs(OUTPUT_PATH, req.max_output_files, req.max_output_file_bytes,
                                       settings.file_limits.max_depth) \
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
            write_all(fd, data)
    except OSError:  # the program closed its stdin or is gone
        pass
    finally:
        os.close(fd)
