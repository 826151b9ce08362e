"""Records what a Python program does, for Interleave's timeline, at a few hundred
nanoseconds per event and with no profile or trace hook.

Exact events, each with a CLOCK_MONOTONIC time: process start, name and exit; thread start
(with its name and native id) and end; each time.sleep; each lock's creation site and the
address its waiters block on (so a sampled futex wait names "the lock made at race.py:12");
asyncio task steps. Everything else (running, waiting for the GIL, blocked in a system call)
the tracer samples from outside the process.

Events go into a MAP_SHARED file (see event_format.py): the tracer reads it while the program
runs, and it survives os._exit, SIGTERM and SIGKILL. Standard library only.
"""

import _thread
import itertools
import mmap
import struct as _struct
import os
import sys
import time

from . import event_format as F

_ENV_DIR = "INTERLEAVE_PYTRACE_DIR"

_log = None  # the _EventLog of this process; replaced in a forked child
_tls = _thread._local()
_pack = F.RECORD.pack_into
_now = time.monotonic_ns  # CLOCK_MONOTONIC, the tracer's clock
_real_sleep = time.sleep
_real_allocate_lock = _thread.allocate_lock
_real_rlock = None
_library_prefixes = ()


class _EventLog:
    """One process's event file. Claiming a chunk or a string takes a lock (rare);
    writing a record into the thread's own chunk does not."""

    def __init__(self, directory, start_kind):
        pid = os.getpid()
        path = os.path.join(directory, "p%d-%d.ilv" % (pid, _now()))
        fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_EXCL | os.O_CLOEXEC, 0o600)
        try:
            os.ftruncate(fd, F.FILE_SIZE)  # sparse: pages exist once written
            self.mm = mmap.mmap(fd, F.FILE_SIZE, mmap.MAP_SHARED, mmap.PROT_READ | mmap.PROT_WRITE)
        finally:
            os.close(fd)
        self.path = path
        self.lock = _real_allocate_lock()
        self.chunks_used = 0
        self.strings_used = F.FIRST_STRING
        self.strings = {}
        self.threads = 0
        self.dropped = 0
        mm = self.mm
        for (offset, fmt), value in (
            (F.H_MAGIC, F.MAGIC),
            (F.H_VERSION, F.VERSION),
            (F.H_RECORD_SIZE, F.RECORD_SIZE),
            (F.H_CHUNK_SIZE, F.CHUNK_SIZE),
            (F.H_CHUNK_COUNT, F.CHUNK_COUNT),
            (F.H_CHUNKS_OFFSET, F.CHUNKS_OFFSET),
            (F.H_STRINGS_OFFSET, F.STRINGS_OFFSET),
            (F.H_STRINGS_CAPACITY, F.STRINGS_CAPACITY),
            (F.H_PID, pid),
            (F.H_PPID, os.getppid()),
            (F.H_HEXVERSION, sys.hexversion),
            (F.H_START_TIME, _now()),
        ):
            _put(mm, offset, fmt, value)
        self.start_kind = start_kind

    def publish_header(self):
        _put(self.mm, *F.H_READY, 1)

    def claim_chunk(self):
        with self.lock:
            if self.chunks_used >= F.CHUNK_COUNT:
                self.dropped += 1
                _put(self.mm, *F.H_DROPPED, self.dropped)
                return -1
            index = self.chunks_used
            self.chunks_used += 1
            _put(self.mm, *F.H_CHUNKS_USED, self.chunks_used)
            return F.CHUNKS_OFFSET + index * F.CHUNK_SIZE

    def intern(self, text):
        """The string's offset in the heap; each distinct text is stored once."""
        offset = self.strings.get(text)
        if offset is not None:
            return offset
        data = text.encode("utf-8", "replace")[:4000]
        with self.lock:
            offset = self.strings.get(text)
            if offset is not None:
                return offset
            size = 4 + len(data)
            if self.strings_used + size > F.STRINGS_CAPACITY:
                return 0
            offset = self.strings_used
            at = F.STRINGS_OFFSET + offset
            _put(self.mm, at, "<I", len(data))
            self.mm[at + 4 : at + size] = data
            self.strings_used = offset + ((size + 7) & ~7)
            # Published after the bytes: a reader that sees the offset sees the text.
            _put(self.mm, *F.H_STRINGS_USED, self.strings_used)
            self.strings[text] = offset
            return offset

    def new_thread_serial(self):
        with self.lock:
            self.threads += 1
            return self.threads


def _put(mm, offset, fmt, value):
    _struct.pack_into(fmt, mm, offset, value)


def _attach(name=None):
    """Gives the calling thread its serial and a chunk, and records its start."""
    log = _log
    t = _tls
    t.log = log
    t.serial = log.new_thread_serial()
    t.pos = log.claim_chunk()
    t.end = t.pos + F.CHUNK_SIZE if t.pos >= 0 else -1
    t.failed = False
    if name is None:
        name = _thread_name()
    _emit(F.THREAD_START, _thread.get_native_id(), log.intern(name))


def _thread_name():
    # threading.current_thread() would make a _DummyThread for a thread threading does not
    # know yet; look it up without side effects.
    threading = sys.modules.get("threading")
    if threading is not None:
        thread = threading._active.get(_thread.get_ident())
        if thread is not None:
            return thread.name
    return "Thread %d" % _thread.get_native_id()


def _emit(kind, a=0, b=0, flags=0):
    log = _log
    if log is None:
        return
    t = _tls
    if getattr(t, "log", None) is not log:
        _attach()
    pos = t.pos
    if pos >= t.end:
        if pos == -1 and t.end == -1:
            return
        pos = log.claim_chunk()
        if pos < 0:
            t.pos = t.end = -1
            return
        t.end = pos + F.CHUNK_SIZE
    _pack(log.mm, pos, _now(), a, b, t.serial, kind, flags)
    t.pos = pos + F.RECORD_SIZE


def _intern(text):
    log = _log
    return log.intern(text) if log is not None else 0


def mark(text):
    """Marks this moment on the program's timeline with a short text ("work starts"); does
    nothing when the program is not traced."""
    if _log is not None:
        _emit(F.MARK, 0, _intern(str(text)))


# --- sleeps ---------------------------------------------------------------------------


def _sleep(secs):
    _emit(F.SLEEP_BEGIN, int(secs * 1e9) if secs > 0 else 0)
    try:
        _real_sleep(secs)
    finally:
        _emit(F.SLEEP_END)


# --- locks ----------------------------------------------------------------------------


def _is_library(filename):
    return filename.startswith(_library_prefixes) or filename.startswith("<frozen")


def _creation_site(depth):
    """Where the program made a lock: its own file and line, and the library call that made
    it when there is one ("Queue.get at worker.py:12")."""
    frame = sys._getframe(depth)
    inner = None
    outer = None
    while frame is not None:
        code = frame.f_code
        if not _is_library(code.co_filename):
            where = "%s:%d" % (os.path.basename(code.co_filename), frame.f_lineno)
            return (inner, (outer + " at " + where) if outer else where)
        if inner is None:
            inner = code.co_name
        outer = getattr(code, "co_qualname", code.co_name)
        frame = frame.f_back
    return (inner, outer or "?")


def _lock_address(lock):
    # In 3.11 a lock object is {PyObject_HEAD; PyThread_type_lock} and the sem_t it points to
    # is the futex word its waiters sleep on; RLock's layout starts the same way.
    if _ctypes is None:
        return 0
    return _ctypes.c_void_p.from_address(id(lock) + 16).value or 0


_ctypes = None


def _record_lock(lock, kind):
    inner, site = _creation_site(3)
    if inner == "wait":
        kind = F.LOCK_WAITER
    _emit(F.LOCK_CREATED, _lock_address(lock), _intern(site), kind)


def _allocate_lock():
    lock = _real_allocate_lock()
    _record_lock(lock, F.LOCK_PLAIN)
    return lock


def _rlock(*args, **kwargs):
    lock = _real_rlock(*args, **kwargs)
    _record_lock(lock, F.LOCK_REENTRANT)
    return lock


# --- threads and processes --------------------------------------------------------------


def _patch_threading():
    global _real_rlock
    import threading

    threading.Lock = _allocate_lock
    threading._allocate_lock = _allocate_lock
    _real_rlock = threading.RLock
    threading.RLock = _rlock

    # The lock Thread.join() waits on: each thread makes it for itself with _set_sentinel
    # (not through allocate_lock) just before its run() starts.
    real_set_sentinel = getattr(threading, "_set_sentinel", None)
    if real_set_sentinel is not None:

        def _set_sentinel():
            lock = real_set_sentinel()
            name = getattr(_tls, "thread_name", None) or _thread_name()
            _emit(F.LOCK_CREATED, _lock_address(lock), _intern("join " + name), F.LOCK_JOIN)
            return lock

        threading._set_sentinel = _set_sentinel
    else:
        # 3.13+: join() waits on the thread's handle in the interpreter's parking lot, on a
        # futex no lock's address names; the wait is recorded exactly instead.
        real_join = threading.Thread.join

        def join(self, timeout=None):
            _emit(F.WAIT_BEGIN, 0, _intern("join " + self.name))
            try:
                return real_join(self, timeout)
            finally:
                _emit(F.WAIT_END)

        threading.Thread.join = join

    real_bootstrap_inner = threading.Thread._bootstrap_inner

    def _bootstrap_inner(self):
        _attach(self.name)
        _tls.thread_name = self.name
        try:
            real_bootstrap_inner(self)
        finally:
            _emit(F.THREAD_END, flags=1 if getattr(_tls, "failed", False) else 0)

    threading.Thread._bootstrap_inner = _bootstrap_inner

    real_excepthook = threading.excepthook

    def excepthook(args):
        if args.exc_type is not SystemExit:
            _tls.failed = True
        return real_excepthook(args)

    threading.excepthook = excepthook


def _patch_multiprocessing(mp_process):
    real_bootstrap = mp_process.BaseProcess._bootstrap

    def _bootstrap(self, *args, **kwargs):
        _emit(F.PROCESS_NAME, 0, _intern(self.name))
        code = real_bootstrap(self, *args, **kwargs)
        _emit(F.PROCESS_EXIT, code if isinstance(code, int) else 1, 0, F.EXIT_CODE_KNOWN)
        return code

    mp_process.BaseProcess._bootstrap = _bootstrap

    # Pool.terminate() and Process.terminate() end children with SIGTERM: recorded, so the
    # tracer tells "stopped by its parent" from "killed".
    for method in ("terminate", "kill"):
        real = getattr(mp_process.BaseProcess, method, None)
        if real is None:
            continue

        def ending(self, _real=real):
            pid = self.pid
            if pid is not None:
                _emit(F.TERMINATED, pid)
            return _real(self)

        setattr(mp_process.BaseProcess, method, ending)


def _at_exit():
    _emit(F.PROCESS_EXIT, 0, 0, F.EXIT_AT_EXIT)


_real_os_exit = os._exit


def _os_exit(code):
    # How forked children end (multiprocessing's included): atexit never runs there.
    try:
        _emit(F.PROCESS_EXIT, int(code), 0, F.EXIT_CODE_KNOWN)
    finally:
        _real_os_exit(code)


def _patch_excepthook():
    real_hook = sys.excepthook

    def excepthook(exc_type, exc, tb):
        try:
            where = ""
            while tb is not None:
                code = tb.tb_frame.f_code
                if not _is_library(code.co_filename):
                    where = " (%s:%d)" % (os.path.basename(code.co_filename), tb.tb_lineno)
                tb = tb.tb_next
            _emit(F.UNCAUGHT, 0, _intern("%s: %s%s" % (exc_type.__name__, exc, where)))
        except Exception:
            pass
        return real_hook(exc_type, exc, tb)

    sys.excepthook = excepthook


# --- asyncio ----------------------------------------------------------------------------

_task_serials = None
_task_counter = itertools.count(1)
_task_types = ()


def _task_of(callback):
    owner = getattr(callback, "__self__", None)
    if owner is not None and isinstance(owner, _task_types):
        return owner
    return None


def _task_serial(task):
    entry = _task_serials.get(task)
    if entry is None:
        serial = next(_task_counter)
        name = task.get_name()
        _task_serials[task] = [serial, name]
        _emit(F.TASK_CREATED, serial, _intern(name))
        coro = task.get_coro()
        coro_name = getattr(coro, "__qualname__", None) or type(coro).__name__
        code = getattr(coro, "cr_code", None)
        if code is not None:
            coro_name += " (%s:%d)" % (os.path.basename(code.co_filename), code.co_firstlineno)
        _emit(F.TASK_CORO, serial, _intern(coro_name))
        return serial
    # create_task(name=...) names a task after its first step was scheduled; set_name() may
    # rename it any time: a new name is recorded at the next step.
    name = task.get_name()
    if name != entry[1]:
        entry[1] = name
        _emit(F.TASK_CREATED, entry[0], _intern(name), F.TASK_RENAMED)
    return entry[0]


def _patch_asyncio(events):
    global _task_serials, _task_types
    import weakref

    _task_serials = weakref.WeakKeyDictionary()

    types = []
    try:
        import _asyncio

        types.append(_asyncio.Task)
    except ImportError:
        pass
    _task_types = tuple(types)

    Handle = events.Handle
    real_init = Handle.__init__
    real_run = Handle._run

    def __init__(self, callback, args, loop, context=None):
        real_init(self, callback, args, loop, context)
        if type(self) is Handle:
            task = _task_of(callback)
            if task is not None:
                _emit(F.TASK_READY, _task_serial(task))

    def _run(self):
        task = _task_of(self._callback)
        if task is None:
            return real_run(self)
        serial = _task_serial(task)
        _emit(F.TASK_STEP_BEGIN, serial)
        try:
            return real_run(self)
        finally:
            state = F.TASK_PENDING
            if task.done():
                if task.cancelled():
                    state = F.TASK_CANCELLED
                elif getattr(task, "_exception", None) is not None:
                    # Read the field, not task.exception(): that would mark the error as
                    # retrieved and silence asyncio's own "never retrieved" warning.
                    state = F.TASK_FAILED
                else:
                    state = F.TASK_DONE
            _emit(F.TASK_STEP_END, serial, 0, state)

    Handle.__init__ = __init__
    Handle._run = _run


def _on_import(module_name, patch):
    """Patches a module right after its first import, so a program that never uses it
    pays nothing for it."""
    # A finder is any object with find_spec: importlib.abc would import importlib.resources,
    # pathlib, typing and tempfile, over 10 ms of every traced start.
    import importlib.machinery

    class Finder:
        def find_spec(self, name, path=None, target=None):
            if name != module_name:
                return None
            spec = importlib.machinery.PathFinder.find_spec(name, path)
            if spec is None or spec.loader is None:
                return spec
            real_exec = spec.loader.exec_module

            def exec_module(module):
                real_exec(module)
                try:
                    sys.meta_path.remove(finder)
                except ValueError:
                    pass
                try:
                    patch(module)
                except Exception as error:
                    print("interleave: %s is not traced: %s" % (module_name, error), file=sys.stderr)

            spec.loader.exec_module = exec_module
            return spec

    finder = Finder()
    if module_name in sys.modules:
        patch(sys.modules[module_name])
    else:
        sys.meta_path.insert(0, finder)


# --- calls (opt-in: trace --calls) ------------------------------------------------------

_own_dirs = ()
_own_codes = {}  # code -> (serial, name string) for the program's own functions, else None
_code_serials = itertools.count(1)


def _own_code(code):
    """(serial, interned "name (file.py:line)") for a function of the program's own files;
    None for library code and for generator expressions, comprehensions and lambdas (a
    call per item, and the function around them is the one to name)."""
    entry = _own_codes.get(code, False)
    if entry is not False:
        return entry
    entry = None
    filename = code.co_filename
    if (
        filename.startswith(_own_dirs)
        and not _is_library(filename)
        and not code.co_name.startswith("<")
        and _log is not None
    ):
        name = getattr(code, "co_qualname", code.co_name)
        entry = (next(_code_serials), _log.intern("%s (%s:%d)" % (name, os.path.basename(filename), code.co_firstlineno)))
    _own_codes[code] = entry
    return entry


def _profile(frame, event, arg):
    # sys.setprofile's hook (3.11): called for every Python call and return, the program's own
    # or not, and for each resumption of a generator.
    if event == "call":
        entry = _own_codes.get(frame.f_code, False)
        if entry is False:
            entry = _own_code(frame.f_code)
        if entry is not None:
            _emit(F.CALL, entry[0], entry[1])
    elif event == "return":
        entry = _own_codes.get(frame.f_code)
        if entry is not None:
            _emit(F.RETURN, entry[0])


def _start_calls(own_dir):
    """Records each call and return of the program's own functions (the files in own_dir,
    the script's folder, which the tracer names in INTERLEAVE_PYTRACE_CALLS): sys.monitoring
    on 3.12+, which switches itself off for every other function after its first call;
    sys.setprofile before, which cannot."""
    global _own_dirs
    _own_dirs = (os.path.abspath(own_dir) + os.sep,)
    monitoring = getattr(sys, "monitoring", None)
    if monitoring is None:
        import threading

        threading.setprofile(_profile)
        sys.setprofile(_profile)
        return
    events = monitoring.events
    for tool in (monitoring.PROFILER_ID, 3, 4):
        try:
            monitoring.use_tool_id(tool, "interleave")
            break
        except ValueError:  # the program's own profiler has it
            continue
    else:
        raise RuntimeError("no sys.monitoring tool id is free")
    disable = monitoring.DISABLE

    def on_start(code, offset):
        entry = _own_codes.get(code, False)
        if entry is False:
            entry = _own_code(code)
        if entry is None:
            return disable
        _emit(F.CALL, entry[0], entry[1])

    def on_return(code, offset, value):
        entry = _own_codes.get(code, False)
        if entry is False:
            entry = _own_code(code)
        if entry is None:
            return disable
        _emit(F.RETURN, entry[0])

    def on_unwind(code, offset, error):  # cannot be switched off per function
        entry = _own_codes.get(code)
        if entry is not None:
            _emit(F.RETURN, entry[0])

    for event, callback in (
        (events.PY_START, on_start),
        (events.PY_RESUME, on_start),
        (events.PY_RETURN, on_return),
        (events.PY_YIELD, on_return),
        (events.PY_UNWIND, on_unwind),
    ):
        monitoring.register_callback(tool, event, callback)
    monitoring.set_events(
        tool, events.PY_START | events.PY_RESUME | events.PY_RETURN | events.PY_YIELD | events.PY_UNWIND
    )


# --- the GIL ------------------------------------------------------------------------------

def _memory_reader():
    """peek(address, size) -> unsigned int. Each address is first proved readable through
    /proc/self/mem (an unmapped one raises OSError where a ctypes read would crash the
    program), then read with ctypes: pread lets the GIL go, and the values checked are the
    ones this thread has while it holds it."""
    fd = os.open("/proc/self/mem", os.O_RDONLY | os.O_CLOEXEC)
    c = _ctypes
    types = {1: c.c_uint8, 4: c.c_uint32, 8: c.c_uint64}

    def peek(address, size):
        if len(os.pread(fd, size, address)) != size:
            raise OSError("cannot read %d bytes at %#x" % (size, address))
        return types[size].from_address(address).value

    return fd, peek


def _check_gil(log):
    """Publishes where the tracer can read who holds the GIL, after checking every offset
    against live values in this very process (gil_layout.py). Refuses to guess: a mismatch
    leaves the GIL unread and says why."""
    from . import gil_layout as G

    mm = log.mm
    c = _ctypes
    fd = -1
    try:
        gil_enabled = getattr(sys, "_is_gil_enabled", lambda: True)()
        if c is None:
            result = G.Result(G.GIL_UNSUPPORTED, "ctypes is missing, so the GIL's address cannot be found")
        elif "t" in getattr(sys, "abiflags", "") or not gil_enabled:
            result = G.locate(G.Live(sys.hexversion, sys.abiflags, gil_enabled, c.sizeof(c.c_void_p),
                                     0, 0, 0, 0, 0), None)
        else:
            api = c.pythonapi
            api.PyThreadState_Get.restype = c.c_void_p
            api.PyInterpreterState_Get.restype = c.c_void_p
            live = G.Live(
                sys.hexversion,
                getattr(sys, "abiflags", ""),
                gil_enabled,
                c.sizeof(c.c_void_p),
                c.addressof(c.c_void_p.in_dll(api, "_PyRuntime")),
                api.PyInterpreterState_Get(),
                api.PyThreadState_Get(),
                _thread.get_native_id(),
                round(sys.getswitchinterval() * 1e6),
            )
            fd, peek = _memory_reader()
            result = G.locate(live, peek)
    except Exception as error:
        result = G.Result(G.GIL_CHECK_FAILED, "the GIL's address could not be found: %s" % error)
    finally:
        if fd >= 0:
            os.close(fd)
    if result.status == G.GIL_VERIFIED:
        f = result.fields
        _put(mm, *F.H_RUNTIME_ADDRESS, result.base)
        _put(mm, *F.H_GIL_OFFSET, f["gil"])
        _put(mm, *F.H_GIL_SIZE, f["gil_size"])
        _put(mm, *F.H_GIL_LOCKED, f["locked"])
        _put(mm, *F.H_GIL_LAST_HOLDER, f["last_holder"])
        _put(mm, *F.H_GIL_SWITCH_NUMBER, f["switch_number"])
        _put(mm, *F.H_TSTATE_CURRENT, f.get("tstate_current", 0))
        _put(mm, *F.H_TSTATE_NATIVE_ID, f["native_id"])
    elif result.note:
        _put(mm, *F.H_GIL_NOTE, log.intern(result.note))
    _put(mm, *F.H_GIL_STATUS, result.status)


# --- start ------------------------------------------------------------------------------


def _open_log(directory, start_kind):
    global _log
    log = _EventLog(directory, start_kind)
    _check_gil(log)
    _log = log
    log.publish_header()
    _attach()
    command = " ".join(sys.argv) if getattr(sys, "argv", None) else sys.executable
    _emit(F.PROCESS_START, os.getppid(), log.intern(command), start_kind)


def _after_fork_in_child():
    global _log
    directory = os.environ.get(_ENV_DIR)
    old = _log
    _log = None
    # Interned names are offsets into the parent's file: the child's own file starts empty.
    _own_codes.clear()
    if old is not None:
        try:
            old.mm.close()
        except Exception:
            pass
    if directory:
        try:
            _open_log(directory, F.START_FORK)
        except Exception as error:
            print("interleave: tracing is off in this process:", error, file=sys.stderr)


def start_from_environment():
    """Starts recording if the tracer asked for it (INTERLEAVE_PYTRACE_DIR is set)."""
    global _ctypes, _library_prefixes
    directory = os.environ.get(_ENV_DIR)
    if not directory or _log is not None:
        return
    try:
        import ctypes

        _ctypes = ctypes
    except ImportError:
        _ctypes = None
    stdlib = os.path.dirname(os.__file__)
    here = os.path.dirname(os.path.abspath(__file__))
    _library_prefixes = (stdlib + os.sep, here + os.sep)

    # The tracer launched the first process itself; any other that gets here was started by
    # exec (multiprocessing's spawn, subprocess).
    tracer = os.environ.get("INTERLEAVE_PYTRACE_TRACER")
    start_kind = F.START_MAIN if tracer == str(os.getppid()) else F.START_EXEC
    _open_log(directory, start_kind)

    _patch_threading()
    time.sleep = _sleep
    _patch_excepthook()
    _on_import("multiprocessing.process", _patch_multiprocessing)
    _on_import("asyncio.events", _patch_asyncio)
    import atexit

    atexit.register(_at_exit)
    os._exit = _os_exit
    os.register_at_fork(after_in_child=_after_fork_in_child)
    calls = os.environ.get("INTERLEAVE_PYTRACE_CALLS")
    if calls:
        try:
            _start_calls(calls)
        except Exception as error:
            print("interleave: function calls are not recorded:", error, file=sys.stderr)
