"""The program's interpreter waits here for its run, then runs /tmp/main.py as a plain script.

Executed by sandgate-boot.pth while `site` starts the interpreter, and only when the agent set
SANDGATE_BOOT_FD: the interpreter was started as `<python> /tmp/main.py` (before that file
exists, when it is a warm interpreter), and opens its main script only after `site` returns.
So once this returns, the program runs exactly as `python main.py` would run it: its own
__main__, sys.argv, sys.path[0], tracebacks, exit codes. It imports what a plain start would
have imported by the time the program runs (os, sys, io, sitecustomize; gc, which it removes
again where a plain start has not loaded it), and leaves no name behind (except the warm
imports of the data runtime, see below).

The agent sends b"run\\0" (or b"run+result\\0": the program gets the result channel as fd 3)
and the program's arguments, each followed by NUL, then closes the pipe. An end of file
without that means the sandbox is being torn down: exit quietly.

sys.stdout and sys.stderr are replaced by equal streams that, before writing, tell the agent
on the order channel which stream the next bytes belong to, how many there are and their first
and last byte (one record of seven bytes, written atomically): so the agent puts what the
program writes through them in the exact order it was written. The channel sits at a high
descriptor (the last below the open-files limit, at most 1023), where no file the program
opens lands unless it opens that many; once a record cannot be written (the program closed
it), recording stops. Bytes written straight to fd 1 and 2 (os.write, child
processes) have no record; the agent merges them in the order they arrive.
"""


def _boot(os, sys, io):
    # A warm interpreter of a runtime that has them (python3-data) imports its heavy modules
    # while it waits; they are then in sys.modules when the program starts, as with any
    # import it made itself.
    warm_imports = os.environ.pop("SANDGATE_WARM_IMPORTS", "").split()
    # What `site` does once this returns is done while waiting: Debian's sitecustomize, whose
    # search for apport's hook is most of what is left of the start. A plain start imports it with
    # the same sys.path (the program's directory joins only after `site`, and this image has no
    # other .pth file); a failure here is left for `site` to meet again, as it would.
    try:
        __import__("sitecustomize")
    except Exception:
        pass
    for name in warm_imports:
        try:
            __import__(name)
        except ImportError:
            pass  # the program's own import of it fails the same way, with its own traceback
    control = int(os.environ.pop("SANDGATE_BOOT_FD"))
    order = int(os.environ.pop("SANDGATE_ORDER_FD"))
    result = int(os.environ.pop("SANDGATE_RESULT_FD"))
    chunks = []
    while True:
        chunk = os.read(control, 65536)
        if not chunk:
            break
        chunks.append(chunk)
    os.close(control)
    head, _, rest = b"".join(chunks).partition(b"\0")
    if head not in (b"run", b"run+result"):
        os._exit(0)
    if head == b"run+result":  # the result channel takes the control pipe's place: fd 3
        os.dup2(result, control)
    os.close(result)
    args = [os.fsdecode(a) for a in rest.split(b"\0")[:-1]]
    sys.argv[1:] = args
    if hasattr(sys, "orig_argv"):
        sys.orig_argv[2:] = args

    class FileIO(io.FileIO):
        """fd 1 or 2, as the interpreter made it, with a record on the order channel per write."""

        recording = True  # until the channel fails (the program closed it)

        def __init__(self, fd, name, tag):
            super().__init__(fd, "wb", closefd=False)
            self._tag = tag
            self.name = name

        def write(self, data, _record=os.write, _write=io.FileIO.write):
            if type(data) is not bytes:
                data = bytes(data)
            n = len(data)
            if n and FileIO.recording:
                try:
                    _record(order, self._tag + n.to_bytes(4, "big") + data[:1] + data[-1:])
                except OSError:
                    FileIO.recording = False
            written = _write(self, data)
            while written is not None and written < n:  # all of it, so the record's count holds
                more = _write(self, data[written:])
                if more is None:  # the program made the descriptor non-blocking
                    break
                written += more
            return written

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

    # What the start made (and the warm imports) lives as long as the program: the collector
    # leaves it alone, and the interpreter's exit does not walk it. In CPython that is most of the
    # exit: 6.3 million instructions after print('hi') walked, 2.2 frozen; 250 ms with pandas and
    # pyplot imported, 25 ms frozen. PyPy's collector has no freeze.
    loaded = "gc" in sys.modules
    gc = __import__("gc")
    if hasattr(gc, "freeze"):
        gc.freeze()
    if not loaded:  # a plain start has not imported it
        del sys.modules["gc"]


_boot(__import__("os"), __import__("sys"), __import__("io"))
