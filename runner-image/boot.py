"""The program's interpreter waits here for its run, then runs /tmp/main.py as a plain script.

Executed by sandgate-boot.pth while `site` starts the interpreter, and only when the agent set
SANDGATE_BOOT_FD: the interpreter was started as `<python> /tmp/main.py` (before that file
exists, when it is a warm interpreter), and opens its main script only after `site` returns.
So once this returns, the program runs exactly as `python main.py` would run it: its own
__main__, sys.argv, sys.path[0], tracebacks, exit codes. It uses only modules every interpreter
has loaded by now (os, sys, io), adds nothing to sys.modules and leaves no name behind.

The agent sends b"run\\0" + the program's arguments, each followed by NUL, then closes the
pipe. An end of file without that means the sandbox is being torn down: exit quietly.

sys.stdout and sys.stderr are replaced by equal streams that, before writing, tell the agent
on the order channel which stream the next bytes belong to, how many there are and their first
and last byte (one record of seven bytes, written atomically): so the agent puts what the
program writes through them in the exact order it was written. Bytes written straight to fd 1 and 2 (os.write, child
processes) have no record; the agent merges them in the order they arrive.
"""


def _boot(os, sys, io):
    control = int(os.environ.pop("SANDGATE_BOOT_FD"))
    order = int(os.environ.pop("SANDGATE_ORDER_FD"))
    chunks = []
    while True:
        chunk = os.read(control, 65536)
        if not chunk:
            break
        chunks.append(chunk)
    os.close(control)
    message = b"".join(chunks)
    if not message.startswith(b"run\0"):
        os._exit(0)
    args = [os.fsdecode(a) for a in message[4:].split(b"\0")[:-1]]
    sys.argv[1:] = args
    if hasattr(sys, "orig_argv"):
        sys.orig_argv[2:] = args
    order_id = os.fstat(order)[1:3]  # (inode, device): is `order` still our pipe?

    class FileIO(io.FileIO):
        """fd 1 or 2, as the interpreter made it, with a record on the order channel per write."""

        def __init__(self, fd, name, tag):
            super().__init__(fd, "wb", closefd=False)
            self._tag = tag
            self.name = name

        def write(self, data):
            view = memoryview(data).cast("B")
            if view.nbytes:
                self._record(view)
            written = 0
            while written < view.nbytes:  # all of it, so the record's count holds
                n = super().write(view[written:])
                if n is None:  # the program made the descriptor non-blocking
                    return written or None
                written += n
            return written

        def _record(self, view):
            try:
                # The program may have closed the channel and opened a file under its number.
                if os.fstat(order)[1:3] == order_id:
                    os.write(order, self._tag + view.nbytes.to_bytes(4, "big")
                             + bytes((view[0], view[-1])))
            except OSError:
                pass

        def __repr__(self):
            return "<_io.FileIO name=%r mode='wb' closefd=False>" % self.name

    FileIO.__module__, FileIO.__qualname__ = "_io", "FileIO"

    def like(stream, fd, tag):
        return io.TextIOWrapper(FileIO(fd, stream.buffer.name, tag), encoding=stream.encoding,
                                errors=stream.errors, line_buffering=stream.line_buffering,
                                write_through=stream.write_through)

    # The interpreter's own streams do not own their descriptors: dropping them closes nothing.
    sys.stdout = sys.__stdout__ = like(sys.__stdout__, 1, b"1")
    sys.stderr = sys.__stderr__ = like(sys.__stderr__, 2, b"2")


_boot(__import__("os"), __import__("sys"), __import__("io"))
