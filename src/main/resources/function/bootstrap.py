"""Sandgate's function bootstrap: the program of every function invocation.

The gateway writes the function's code beside it as function.py and the invocation as
invocation.marshal ({"event", "handler", "env", "timeoutMs", "requestId", "name", "version"}),
and gives the run a result channel (fd 3). This imports the function, calls its handler with
the event (and a context when the handler takes two arguments) and writes what it returned, or
the exception it raised, to the result channel: one marshal-encoded dict, in base64. What the
handler prints goes to stdout/stderr, the function's logs, and can never reach the answer.
"""

import binascii
import marshal
import os
import time

# Only modules every interpreter has loaded before the program are imported up front: an import
# is paid on every call, in a fresh interpreter, and json (with re) would cost more than the rest
# of the call. marshal carries the invocation and the answer; the gateway writes the answer's JSON.
# traceback and json wait for the rare call that needs them.

STARTED = time.monotonic()


class Context:
    """The handler's second argument: which invocation this is and how long it has left."""

    def __init__(self, invocation):
        self.request_id = invocation["requestId"]
        self.function_name = invocation["name"]
        self.function_version = invocation["version"]
        self._deadline = STARTED + invocation["timeoutMs"] / 1000.0

    def remaining_ms(self):
        return max(0, int((self._deadline - time.monotonic()) * 1000))


def takes_context(handler):
    code = getattr(handler, "__code__", None)
    if code is None:
        return False
    positional = code.co_argcount - (1 if hasattr(handler, "__self__") else 0)
    return positional >= 2 or bool(code.co_flags & 0x04)  # or *args


def encode(value, plain=lambda v: v):
    """The return value as the gateway maps it (API.md, "What the handler returns"); plain turns
    what goes out as JSON into types marshal carries."""
    if value is None:
        return {"kind": "none"}
    if isinstance(value, (bytes, bytearray)):
        return {"kind": "bytes", "body": bytes(value)}
    if isinstance(value, str):
        return {"kind": "text", "body": str(value)}
    if isinstance(value, dict) and "statusCode" in value:
        body = value.get("body")
        body = bytes(body) if isinstance(body, (bytes, bytearray)) else plain(body)
        return {"kind": "http", "statusCode": plain(value["statusCode"]), "headers": plain(value.get("headers", {})),
                "body": body, "isBase64Encoded": plain(value.get("isBase64Encoded", False))}
    return {"kind": "json", "body": plain(value)}


def as_json(value):
    """What Python's json makes of value (subclasses, enums, tuples): for what marshal refuses."""
    import json
    return json.loads(json.dumps(value, allow_nan=False))


def answer_bytes(value):
    try:
        return marshal.dumps(encode(value))
    except ValueError:  # a type marshal does not carry: json's own rules and messages decide
        pass
    try:
        return marshal.dumps(encode(value, as_json))
    except (TypeError, ValueError, RecursionError) as e:
        return marshal.dumps({"kind": "error", "error": "unsendable", "type": type(e).__name__,
                              "message": "the return value cannot be sent: %s" % e, "traceback": ""})


def failure(kind, exc, tb):
    """The handler's exception, its traceback without the bootstrap's own frames."""
    import traceback
    while tb is not None and tb.tb_frame.f_code.co_filename == __file__:
        tb = tb.tb_next
    return {"kind": "error", "error": kind, "type": type(exc).__name__, "message": str(exc),
            "traceback": "".join(traceback.format_exception(type(exc), exc, tb))}


def invoke():
    with open("invocation.marshal", "rb") as f:
        invocation = marshal.load(f)
    os.environ.update(invocation["env"])
    try:
        import function
        handler = getattr(function, invocation["handler"])
        args = (invocation["event"], Context(invocation)) if takes_context(handler) else (invocation["event"],)
        value = handler(*args)
    except BaseException as e:  # SystemExit and KeyboardInterrupt too: the handler did not return
        return marshal.dumps(failure("raised", e, e.__traceback__))
    return answer_bytes(value)


def main():
    answer = invoke()
    with open(3, "wb") as result:
        result.write(binascii.b2a_base64(answer, newline=False))


main()
