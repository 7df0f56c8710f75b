"""What the gateway decides for the agent, read from the container's environment at start.

The agent keeps no copy of a limit the gateway owns: a value it needs and was not given stops it
before it listens (SettingsError), rather than letting it guess.
"""

import collections

# Bounds on the files a run writes beside the program (and on the walk of its output directory).
FileLimits = collections.namedtuple("FileLimits", "max_files max_depth max_name_bytes")

Settings = collections.namedtuple(
    "Settings", "uid warm_runtime max_request_bytes file_limits socket_dir socket_gid agent_port")
Settings.__doc__ = """The agent's settings.

uid: the sandbox's own user (and group) id, the program's; warm_runtime: the runtime whose
interpreter starts with the agent, or None; max_request_bytes: the largest POST /run body;
file_limits: FileLimits; socket_dir: where the Unix socket goes (None with agent_port);
socket_gid: the group that may connect to it, or None; agent_port: listen on TCP instead."""


class SettingsError(Exception):
    """A setting the agent needs is missing or malformed."""


def from_environ(environ):
    """Settings from the environment the gateway gives every sandbox (runner-image/README.md)."""
    port = _number(environ, "SANDGATE_AGENT_PORT", required=False)
    return Settings(
        uid=_number(environ, "SANDGATE_UID", least=1),
        warm_runtime=environ.get("SANDGATE_WARM_RUNTIME") or None,
        max_request_bytes=_number(environ, "SANDGATE_MAX_REQUEST_BYTES", least=1),
        file_limits=FileLimits(
            max_files=_number(environ, "SANDGATE_MAX_FILES"),
            max_depth=_number(environ, "SANDGATE_MAX_FILE_DEPTH", least=1),
            max_name_bytes=_number(environ, "SANDGATE_MAX_FILE_NAME_BYTES", least=1)),
        socket_dir=None if port is not None else _text(environ, "SANDGATE_SOCKET_DIR"),
        socket_gid=_number(environ, "SANDGATE_SOCKET_GID", required=False),
        agent_port=port)


def _text(environ, name):
    value = environ.get(name)
    if not value:
        raise SettingsError("%s is not set: the gateway sets it in every sandbox's environment" % name)
    return value


def _number(environ, name, least=0, required=True):
    if not required and not environ.get(name):
        return None
    value = _text(environ, name)
    try:
        number = int(value)
    except ValueError:
        raise SettingsError("%s must be a whole number, not %r" % (name, value)) from None
    if number < least:
        raise SettingsError("%s must be at least %d, not %d" % (name, least, number))
    return number
