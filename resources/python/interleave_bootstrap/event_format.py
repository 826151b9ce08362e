"""The event file's layout. Mirrors core/pytrace/event_format.h: change both together.

One file per traced process, mapped MAP_SHARED so the tracer reads it live and finds it
intact after the process was killed. Little-endian throughout.

  [header, HEADER_SIZE bytes]
  [CHUNK_COUNT chunks of CHUNK_SIZE bytes: fixed-size records; a thread owns one chunk
   at a time and claims a new one when it is full]
  [string heap: u32 length + UTF-8 bytes, referenced by offset; offset 0 is "no string"]

A record's kind is its last field, written last: a reader that sees a non-zero kind sees
the whole record.
"""

import struct

MAGIC = b"ILVPYEV1"
VERSION = 1

HEADER_SIZE = 4096
RECORD = struct.Struct("<qqqIHH")  # time_ns, a, b, thread, kind, flags
RECORD_SIZE = RECORD.size
CHUNK_SIZE = 16384
CHUNK_COUNT = 1024
CHUNKS_OFFSET = HEADER_SIZE
STRINGS_OFFSET = CHUNKS_OFFSET + CHUNK_SIZE * CHUNK_COUNT
STRINGS_CAPACITY = 4194304  # 4 MiB
FILE_SIZE = STRINGS_OFFSET + STRINGS_CAPACITY
FIRST_STRING = 8

# Header fields: (offset, struct format).
H_MAGIC = (0, "<8s")
H_VERSION = (8, "<I")
H_RECORD_SIZE = (12, "<I")
H_CHUNK_SIZE = (16, "<I")
H_CHUNK_COUNT = (20, "<I")
H_CHUNKS_OFFSET = (24, "<I")
H_STRINGS_OFFSET = (28, "<I")
H_STRINGS_CAPACITY = (32, "<I")
H_PID = (36, "<i")
H_PPID = (40, "<i")
H_HEXVERSION = (44, "<I")
H_CHUNKS_USED = (48, "<I")
H_STRINGS_USED = (52, "<I")
H_DROPPED = (56, "<I")
H_GIL_STATUS = (60, "<I")
H_RUNTIME_ADDRESS = (64, "<Q")  # the base the GIL offsets count from (gil_layout.py)
H_GIL_OFFSET = (72, "<I")
H_GIL_SIZE = (76, "<I")
H_GIL_LOCKED = (80, "<I")
H_GIL_LAST_HOLDER = (84, "<I")
H_GIL_SWITCH_NUMBER = (88, "<I")
H_TSTATE_CURRENT = (92, "<I")
H_TSTATE_NATIVE_ID = (96, "<I")
H_START_TIME = (104, "<q")
H_GIL_NOTE = (112, "<I")
H_READY = (120, "<I")

# H_GIL_STATUS values.
GIL_NOT_CHECKED = 0
GIL_VERIFIED = 1
GIL_UNSUPPORTED = 2
GIL_CHECK_FAILED = 3
GIL_NONE = 4

# Record kinds; 0 marks a slot not yet written.
PROCESS_START = 1  # a = parent pid, b = command line; flags = START_*
PROCESS_NAME = 2  # b = name (a multiprocessing process's name)
PROCESS_EXIT = 3  # a = exit code; flags = EXIT_*
THREAD_START = 4  # a = native thread id, b = name
THREAD_END = 5  # flags = 1 when run() raised
SLEEP_BEGIN = 6  # a = requested nanoseconds
SLEEP_END = 7
LOCK_CREATED = 8  # a = the address its waiters block on, b = site; flags = LOCK_*
TASK_CREATED = 9  # a = task serial, b = task name; flags = TASK_RENAMED for a new name
TASK_CORO = 10  # a = task serial, b = coroutine
TASK_READY = 11  # a = task serial
TASK_STEP_BEGIN = 12  # a = task serial
TASK_STEP_END = 13  # a = task serial; flags = TASK_*
UNCAUGHT = 14  # b = "ValueError: ... (script.py:12)"
TERMINATED = 15  # a = the pid a parent asked to end (Process.terminate / kill)
WAIT_BEGIN = 16  # b = what the thread waits for ("join worker"): Blocked, exactly
WAIT_END = 17
CALL = 18  # a = code serial, b = "compute (sum.py:4)" at a code's first call (--calls)
RETURN = 19  # a = code serial
MARK = 20  # b = what the program marks at this moment ("work starts")

START_MAIN = 0
START_FORK = 1
START_EXEC = 2

EXIT_CODE_KNOWN = 1
EXIT_AT_EXIT = 2

LOCK_PLAIN = 0
LOCK_REENTRANT = 1
LOCK_JOIN = 2
LOCK_WAITER = 3

TASK_RENAMED = 1

TASK_PENDING = 0
TASK_DONE = 1
TASK_FAILED = 2
TASK_CANCELLED = 3
