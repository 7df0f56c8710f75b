"""Sandgate's function bootstrap: what every function invocation runs.

It lives in the runner image, compiled there by each interpreter, and the program of a call is a
short loader that executes this compiled code in its own __main__ (FunctionRunner):
compiling this file on every call cost more than the rest of the bootstrap.

Beside the program: the function's code (function.py) and the invocation (invocation.marshal:
"event", "handler", "env", "timeoutMs", "requestId", "name", "version"). It loads the function,
calls its handler with the event (and a context when the handler takes two arguments) and writes
what it returned, or the exception it raised, to the result channel (fd 3): one marshal-encoded
dict, in base64. What the handler prints goes to stdout/stderr, the function's logs, and can
never reach the answer. What only some calls need (a failure's traceback, json) is in
sandgate_support.py beside this file, imported only then.

Every line here is paid on every call, in a fresh interpreter: it imports only modules the
interpreter has loaded before the program (marshal carries the invocation and the answer, where
json with re would cost more than the rest of the call), and loads function.py without the
import system's search.
"""
import binascii
import marshal
import os
import sys
import time

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


def invoke():
    with open("invocation.marshal", "rb") as f:
        invocation = marshal.load(f)
    os.environ.update(invocation["env"])
    try:
        function = type(sys)("function")
        function.__file__ = os.path.abspath("function.py")
        sys.modules["function"] = function
        with open("function.py", "rb") as f:
            exec(compile(f.read(), function.__file__, "exec"), function.__dict__)
        handler = getattr(function, invocation["handler"])
        code = getattr(handler, "__code__", None)
        with_context = code is not None and (
            code.co_argcount - hasattr(handler, "__self__") >= 2 or bool(code.co_flags & 0x04))  # or *args
        value = handler(invocation["event"], Context(invocation)) if with_context else handler(invocation["event"])
    except BaseException as e:  # SystemExit and KeyboardInterrupt too: the handler did not return
        return support().failure(e, invoke.__code__.co_filename)
    try:
        return marshal.dumps(encode(value))
    except ValueError:  # a type marshal does not carry: Python's json decides
        return support().as_json_answer(value, encode)


def support():
    """sandgate_support, from beside this file; its directory joins sys.path only once the handler is done."""
    sys.path.insert(0, os.path.dirname(invoke.__code__.co_filename))
    import sandgate_support
    return sandgate_support


with open(3, "wb") as result:
    result.write(binascii.b2a_base64(invoke(), newline=False))
# The answer is given: what the handler printed is flushed, and the interpreter's own teardown
# (every module, every object) is skipped — the sandbox goes with the call.
try:
    sys.stdout.flush()
    sys.stderr.flush()
finally:
    os._exit(0)
