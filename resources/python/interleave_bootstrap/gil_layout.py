"""Where a CPython keeps its GIL, per version, and the checks that prove it before the tracer
reads it from outside. Pure: every read of memory goes through `peek(address, size)`, so the
logic runs on fixed inputs as well as on the live interpreter.

The methods, by version (64-bit builds only):

- 3.11: the GIL is in _PyRuntime (ceval.gil) at fixed offsets, from the internal headers
  (pycore_runtime.h, pycore_gil.h).
- 3.12: the GIL moved into the interpreter state: PyInterpreterState.ceval.gil points at the
  main interpreter's own _gil (pycore_interp.h, pycore_ceval_state.h); a fixed table again.
- 3.13: _PyRuntime starts with _Py_DebugOffsets (cookie "xdebugpy"), CPython's own table of
  where the interpreter keeps its GIL pointer, the GIL's holder and its lock flag, and a
  thread state's native id. Its layout is 3.13's; later versions reorder it, so they are not
  read until their layout is known.
- A free-threaded build (sys.abiflags has "t") has no GIL to read.

Whatever the method, the offsets are checked against what this very thread knows about
itself (it holds the GIL, its thread state, its native id, the switch interval); one wrong
value and the GIL is not read. Nothing is guessed.
"""

GIL_VERIFIED = 1
GIL_UNSUPPORTED = 2
GIL_CHECK_FAILED = 3
GIL_NONE = 4

# The GIL's own struct (_gil_runtime_state) is the same in 3.11, 3.12 and 3.13 with the GIL:
# interval (unsigned long, us), last_holder (PyThreadState*), locked (int), switch_number
# (unsigned long), then the condition variables and mutexes its waiters sleep on.
_GIL_STRUCT = {"interval": 0, "last_holder": 8, "locked": 16, "switch_number": 24, "size": 208}

# 3.11: offsets in _PyRuntime.
_LAYOUT_311 = {
    "gil": 360,  # ceval.gil
    "tstate_current": 576,  # gilstate.tstate_current
    "native_id": 160,  # PyThreadState.native_thread_id
}

# 3.12: offsets in PyInterpreterState and PyThreadState.
_LAYOUT_312 = {
    "interp_main": 48,  # _PyRuntime.interpreters.main
    "ceval_gil": 384,  # PyInterpreterState.ceval.gil (a pointer)
    "own_gil": 1040,  # PyInterpreterState._gil
    "native_id": 144,  # PyThreadState.native_thread_id
    "tstate_interp": 16,  # PyThreadState.interp
}

# 3.13's _Py_DebugOffsets, as u64 fields from the start of _PyRuntime.
_DEBUG_COOKIE = b"xdebugpy"
_DEBUG_313 = {
    "version": 8,
    "free_threaded": 16,
    "interpreters_head": 40,  # runtime_state.interpreters_head
    "ceval_gil": 112,  # interpreter_state.ceval_gil
    "gil_runtime_state": 120,
    "gil_locked": 136,  # interpreter_state.gil_runtime_state_locked
    "gil_holder": 144,  # interpreter_state.gil_runtime_state_holder
    "tstate_interp": 176,  # thread_state.interp
    "native_id": 200,  # thread_state.native_thread_id
}


class Live:
    """What the calling thread knows about itself, to check offsets against."""

    def __init__(self, hexversion, abiflags, gil_enabled, pointer_size, runtime, interp, tstate, native_id,
                 interval_us):
        self.hexversion = hexversion
        self.abiflags = abiflags
        self.gil_enabled = gil_enabled
        self.pointer_size = pointer_size
        self.runtime = runtime
        self.interp = interp
        self.tstate = tstate
        self.native_id = native_id
        self.interval_us = interval_us


class Result:
    """status: one of GIL_*. With GIL_VERIFIED: base (an address) and the offsets from it,
    as event_format's header wants them; otherwise note says why the GIL is not read."""

    def __init__(self, status, note="", base=0, fields=None):
        self.status = status
        self.note = note
        self.base = base
        self.fields = fields or {}
        self.method = ""

    def __repr__(self):
        return "Result(%d, %r, %#x, %r, %r)" % (self.status, self.note, self.base, self.fields, self.method)


def _minor(hexversion):
    return (hexversion >> 24, (hexversion >> 16) & 0xFF)


def _version_text(hexversion):
    return "%d.%d" % _minor(hexversion)


def locate(live, peek):
    """Where this process's GIL is, checked; or why it is not read."""
    version = _minor(live.hexversion)
    if "t" in live.abiflags:
        if not live.gil_enabled:
            return Result(GIL_NONE, "free-threaded build: there is no GIL")
        return Result(GIL_UNSUPPORTED,
                      "free-threaded build running with the GIL switched on (PYTHON_GIL=1): its holder is not read")
    if live.gil_enabled is False:
        return Result(GIL_NONE, "the GIL is switched off in this CPython")
    if live.pointer_size != 8:
        return Result(GIL_UNSUPPORTED, "the GIL holder is read on 64-bit CPython only")
    try:
        if version == (3, 11):
            result = _locate_311(live, peek)
        elif version == (3, 12):
            result = _locate_312(live, peek)
        elif version == (3, 13):
            result = _locate_313(live, peek)
        else:
            return Result(GIL_UNSUPPORTED,
                          "the GIL holder is read on CPython 3.11 to 3.13; this is %s" % _version_text(live.hexversion))
    except Exception as error:  # an unreadable address: refuse, say why
        return Result(GIL_CHECK_FAILED, "the GIL of CPython %s could not be checked: %s"
                      % (_version_text(live.hexversion), error))
    return result


def _verify(live, peek, method, base, gil, tstate_native_id, checks):
    """The checks every method shares, given where the GIL struct is (gil) and how to read a
    thread state's native id; then the published fields, relative to base."""
    g = _GIL_STRUCT
    checks = list(checks)
    # Where the GIL is comes first: a wrong address is not read any further.
    if all(ok for name, ok in checks):
        checks += [
            ("the switch interval", peek(gil + g["interval"], 8) == live.interval_us),
            ("the GIL's lock flag", peek(gil + g["locked"], 4) == 1),
            ("the GIL's holder", peek(gil + g["last_holder"], 8) == live.tstate),
            ("the thread's native id", peek(live.tstate + tstate_native_id, 8) == live.native_id),
            # Every start takes the GIL at least once; a count beyond 2**48 is not a count.
            ("the GIL's switch count", 1 <= peek(gil + g["switch_number"], 8) < 1 << 48),
        ]
    wrong = [name for name, ok in checks if not ok]
    if wrong:
        result = Result(GIL_CHECK_FAILED, "CPython %s's GIL is not where %s puts it (checks failed: %s)"
                        % (_version_text(live.hexversion), method, ", ".join(wrong)))
        result.method = method
        return result
    fields = {
        "gil": gil - base,
        "gil_size": g["size"],
        "locked": gil - base + g["locked"],
        "last_holder": gil - base + g["last_holder"],
        "switch_number": gil - base + g["switch_number"],
        "native_id": tstate_native_id,
    }
    result = Result(GIL_VERIFIED, "", base, fields)
    result.method = method
    return result


def _locate_311(live, peek):
    o = _LAYOUT_311
    gil = live.runtime + o["gil"]
    checks = [("the current thread state", peek(live.runtime + o["tstate_current"], 8) == live.tstate)]
    result = _verify(live, peek, "3.11's layout", live.runtime, gil, o["native_id"], checks)
    if result.status == GIL_VERIFIED:
        result.fields["tstate_current"] = o["tstate_current"]
    return result


def _locate_312(live, peek):
    o = _LAYOUT_312
    gil = peek(live.interp + o["ceval_gil"], 8)
    checks = [
        ("the main interpreter", peek(live.runtime + o["interp_main"], 8) == live.interp),
        ("the interpreter's own GIL", gil == live.interp + o["own_gil"]),
        ("the thread's interpreter", peek(live.tstate + o["tstate_interp"], 8) == live.interp),
    ]
    return _verify(live, peek, "3.12's layout", gil, gil, o["native_id"], checks)


def _locate_313(live, peek):
    d = _DEBUG_313
    rt = live.runtime
    if peek(rt, 8).to_bytes(8, "little") != _DEBUG_COOKIE:
        return Result(GIL_CHECK_FAILED, "CPython %s's _PyRuntime does not start with its debug offsets"
                      % _version_text(live.hexversion))
    if peek(rt + d["version"], 8) != live.hexversion:
        return Result(GIL_CHECK_FAILED, "CPython %s's debug offsets are for another version"
                      % _version_text(live.hexversion))
    ceval_gil = peek(rt + d["ceval_gil"], 8)
    own_gil = peek(rt + d["gil_runtime_state"], 8)
    locked = peek(rt + d["gil_locked"], 8)
    holder = peek(rt + d["gil_holder"], 8)
    native_id = peek(rt + d["native_id"], 8)
    tstate_interp = peek(rt + d["tstate_interp"], 8)
    gil = peek(live.interp + ceval_gil, 8)
    g = _GIL_STRUCT
    checks = [
        ("a GIL build", peek(rt + d["free_threaded"], 8) == 0),
        ("the main interpreter", peek(rt + peek(rt + d["interpreters_head"], 8), 8) == live.interp),
        ("the interpreter's own GIL", gil == live.interp + own_gil),
        # The published offsets must describe the GIL struct this bootstrap knows.
        ("the GIL's layout", locked - own_gil == g["locked"] and holder - own_gil == g["last_holder"]),
        ("the thread's interpreter", peek(live.tstate + tstate_interp, 8) == live.interp),
    ]
    return _verify(live, peek, "3.13's _Py_DebugOffsets", gil, gil, native_id, checks)
