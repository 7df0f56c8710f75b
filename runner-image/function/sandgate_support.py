"""What only some function calls need, imported by the bootstrap when they do: a failure's
traceback, and Python's json for return values marshal does not carry."""

import marshal
import traceback


def failure(exc, bootstrap):
    """The handler's exception, its traceback without the bootstrap's own frames."""
    tb = exc.__traceback__
    while tb is not None and tb.tb_frame.f_code.co_filename == bootstrap:
        tb = tb.tb_next
    return marshal.dumps({"kind": "error", "error": "raised", "type": type(exc).__name__, "message": str(exc),
                          "traceback": "".join(traceback.format_exception(type(exc), exc, tb))})


def as_json_answer(value, encode):
    """The answer with its JSON parts as Python's json makes them (subclasses, enums, tuples), or
    why the value cannot be sent, in json's own words."""
    import json

    def as_json(v):
        return json.loads(json.dumps(v, allow_nan=False))

    try:
        return marshal.dumps(encode(value, as_json))
    except (TypeError, ValueError, RecursionError) as e:
        return marshal.dumps({"kind": "error", "error": "unsendable", "type": type(e).__name__,
                              "message": "the return value cannot be sent: %s" % e, "traceback": ""})
