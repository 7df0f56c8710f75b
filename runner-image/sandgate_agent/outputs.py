"""The files a program leaves in its output directory, read once every process of it is dead."""

import binascii
import itertools
import os
import stat

# Names read per directory of it: a program that makes a million empty files costs no more.
MAX_ENTRIES_SCANNED = 4096
# A file's content is read this many bytes at a time.
READ_BYTES = 64 * 1024


def collect_outputs(path, max_files, max_bytes, max_depth):
    """The regular files under path, by path: [{path, size, content (base64) or None, truncated}]
    and whether entries were left out past max_files. Contents are kept, smallest path first,
    while they fit in max_bytes together; a file past that is listed without its content.
    Directories are walked by descriptor with O_NOFOLLOW, at most max_depth deep; links, pipes
    and devices are never opened."""
    files, budget = [], [max_bytes]
    try:
        root = os.open(path, os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW)
    except OSError:  # the program removed it, or made it something else
        return files, False
    try:
        complete = _collect(root, "", 1, files, max_files, max_depth, budget)
    finally:
        os.close(root)
    return files, not complete


def _collect(dir_fd, prefix, depth, files, max_files, max_depth, budget):
    """Adds what lies under dir_fd to files; False once max_files entries are taken."""
    with os.scandir(dir_fd) as entries:
        names = sorted(itertools.islice((entry.name for entry in entries), MAX_ENTRIES_SCANNED))
    for name in names:
        try:
            st = os.stat(name, dir_fd=dir_fd, follow_symlinks=False)
        except OSError:
            continue
        path = prefix + name
        if stat.S_ISDIR(st.st_mode) and depth < max_depth:
            try:
                child = os.open(name, os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW, dir_fd=dir_fd)
            except OSError:
                continue
            try:
                if not _collect(child, path + "/", depth + 1, files, max_files, max_depth, budget):
                    return False
            finally:
                os.close(child)
        elif stat.S_ISREG(st.st_mode):
            if len(files) >= max_files:
                return False
            files.append(_output_file(dir_fd, name, path, st.st_size, budget))
    return True


def output_name(raw):
    """{"path": the name} for a name that is UTF-8. Any other name is percent-escaped: its invalid
    bytes and every "%" ("%FF", "%25"), so that no two of them read alike, and "pathBase64" holds
    its bytes."""
    try:
        return {"path": raw.decode("utf-8")}
    except UnicodeDecodeError:
        text = raw.replace(b"%", b"%25").decode("utf-8", errors="surrogateescape")
        return {"path": "".join("%%%02X" % (ord(c) - 0xDC00) if "\udc80" <= c <= "\udcff" else c for c in text),
                "pathBase64": binascii.b2a_base64(raw, newline=False).decode("ascii")}


def _output_file(dir_fd, name, path, size, budget):
    entry = dict(output_name(os.fsencode(path)), size=size, content=None, truncated=True)
    if size > budget[0]:
        return entry
    try:
        fd = os.open(name, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK, dir_fd=dir_fd)
    except OSError:
        return entry
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            return entry
        chunks, left = [], size
        while left > 0:
            chunk = os.read(fd, min(left, READ_BYTES))
            if not chunk:
                break
            chunks.append(chunk)
            left -= len(chunk)
    finally:
        os.close(fd)
    content = b"".join(chunks)
    budget[0] -= len(content)
    entry.update(size=len(content), content=binascii.b2a_base64(content, newline=False).decode("ascii"),
                 truncated=False)
    return entry
