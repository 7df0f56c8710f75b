"""Whole reads and writes on raw descriptors, and placing them where a child expects them."""

import fcntl
import os


def write_all(fd, data):
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view):]


def read_line(fd):
    """One line, read byte by byte so that nothing after it is taken from the pipe."""
    line = b""
    while not line.endswith(b"\n") and len(line) < 64:
        byte = os.read(fd, 1)
        if not byte:
            break
        line += byte
    return line[:-1].decode("ascii", "replace") if line.endswith(b"\n") else None


def place_fds(*fds):
    """Moves the descriptors to 3, 4, 5, …, in order (they are the only ones above 2)."""
    # First out of the way (above any target): none may sit where another is to go.
    high = [fcntl.fcntl(fd, fcntl.F_DUPFD, 3 + len(fds)) for fd in fds]
    for fd in fds:
        os.close(fd)
    for target, fd in enumerate(high, start=3):
        os.dup2(fd, target)  # inheritable
        os.close(fd)
