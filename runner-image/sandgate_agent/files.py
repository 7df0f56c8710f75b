"""What a run puts in the program's directory before the program starts: the program itself, its
output directory and the run's files, written by root with no link followed."""

import os

from .fds import write_all
from .layout import OUTPUT_PATH, PROGRAM_PATH, WORK_DIR
from .request import BadRequest


def write_program(code, path=PROGRAM_PATH):
    """The program, read-only; its lone surrogates are written as the bytes they stand for."""
    with open(path, "wb") as f:
        f.write(code.encode("utf-8", errors="surrogatepass"))
    os.chmod(path, 0o444)


def make_output_dir(path=OUTPUT_PATH):
    """/tmp/out, open to the program (the agent may not chown), so it can write there at once."""
    try:
        os.mkdir(path)
    except FileExistsError:
        return
    os.chmod(path, 0o777)


def write_files(files, root=WORK_DIR):
    """Writes the files under the program's directory, read-only, as root; the directories they
    need are open to the program (the agent may not chown), so it can write beside them. No
    link is followed. A file that meets something already there is the request's mistake (BadRequest)."""
    for parts, content in files:
        try:
            _write_file(root, parts, content)
        except (FileExistsError, NotADirectoryError):
            raise BadRequest("file path %r meets a name the sandbox made" % "/".join(parts)) from None


def _write_file(root, parts, content):
    dir_fd = os.open(root, os.O_RDONLY | os.O_DIRECTORY)
    try:
        for part in parts[:-1]:
            try:
                os.mkdir(part, dir_fd=dir_fd)
                created = True
            except FileExistsError:
                created = False
            child = os.open(part, os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW, dir_fd=dir_fd)
            os.close(dir_fd)
            dir_fd = child
            if created:
                os.fchmod(dir_fd, 0o777)
        fd = os.open(parts[-1], os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o444, dir_fd=dir_fd)
        try:
            write_all(fd, content)
        finally:
            os.close(fd)
    finally:
        os.close(dir_fd)
