"""Sandgate's function bootstrap: the program of every function invocation.

The gateway writes the function's code beside it as function.py and the invocation as
invocation.json ({"event", "handler", "env", "timeoutMs", "requestId", "name", "version"}),
and gives the run a result channel (fd 3). This imports the function, calls its handler with
the event (and a context when the handler takes two arguments) and writes what it returned, or
the exception it raised, to the result channel as one JSON object. What the handler prints
goes to stdout/stderr, the function's logs, and can never reach the answer.
"""

import binascii
import json
import os
import time

# Only what every call needs is imported up front (each import is paid on every call, in a fresh
# interpreter): traceback waits for a failure; base64 is binascii's, which is built in.

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


def encode(value):
    """The return value as the gateway maps it (API.md, "What the handler returns")."""
    if value is None:
        return {"kind": "none"}
    if isinstance(value, (bytes, bytearray)):
        return {"kind": "bytes", "body": b64(value)}
    if isinstance(value, str):
        return {"kind": "text", "body": value}
    if isinstance(value, dict) and "statusCode" in value:
        body = value.get("body")
        if isinstance(body, (bytes, bytearray)):
            body, binary = b64(body), True
        else:
            binary = value.get("isBase64Encoded", False)
        return {"kind": "http", "statusCode": value["statusCode"], "headers": value.get("headers", {}),
                "body": body, "isBase64Encoded": binary}
    return {"kind": "json", "body": json.dumps(value, allow_nan=False)}


def b64(data):
    return binascii.b2a_base64(bytes(data), newline=False).decode("ascii")


def failure(kind, exc, tb):
    """The handler's exception, its traceback without the bootstrap's own frames."""
    import traceback
    while tb is not None and tb.tb_frame.f_code.co_filename == __file__:
        tb = tb.tb_next
    return {"kind": "error", "error": kind, "type": type(exc).__name__, "message": str(exc),
            "traceback": "".join(traceback.format_exception(type(exc), exc, tb))}


def invoke():
    with open("invocation.json", encoding="utf-8") as f:
        invocation = json.load(f)
    os.environ.update(invocation["env"])
    try:
        import function
        handler = getattr(function, invocation["handler"])
        args = (invocation["event"], Context(invocation)) if takes_context(handler) else (invocation["event"],)
        value = handler(*args)
    except BaseException as e:  # SystemExit and KeyboardInterrupt too: the handler did not return
        return failure("raised", e, e.__traceback__)
    try:
        answer = encode(value)
        json.dumps(answer, allow_nan=False)
        return answer
    except (TypeError, ValueError) as e:
        return {"kind": "error", "error": "unsendable", "type": type(e).__name__,
                "message": "the return value cannot be sent: %s" % e, "traceback": ""}


def main():
    answer = invoke()
    with os.fdopen(3, "w", encoding="utf-8") as result:
        json.dump(answer, result, allow_nan=False)


main()
