"""Interleave's start-up hook for a traced Python program.

Python imports the first ``sitecustomize`` on its path at start-up. The tracer puts this
directory first on PYTHONPATH, so every Python of the traced program (the script and each
child it starts: multiprocessing workers, spawned or forked, and Pythons run by subprocess)
loads this file. It runs the distribution's own sitecustomize first, so nothing it sets up is
lost, then starts recording when INTERLEAVE_PYTRACE_DIR says where to.
"""


def _chain_system_sitecustomize():
    # importlib.util would import contextlib and more: a few ms of every traced start.
    import importlib.machinery
    import os
    import sys
    import types

    here = os.path.dirname(os.path.abspath(__file__))
    later = [p for p in sys.path if os.path.abspath(p or os.curdir) != here]
    spec = importlib.machinery.PathFinder.find_spec("sitecustomize", later)
    if spec is None or spec.loader is None:
        return
    module = types.ModuleType(spec.name)
    module.__spec__ = spec
    module.__loader__ = spec.loader
    module.__file__ = spec.origin
    try:
        spec.loader.exec_module(module)
    except Exception:  # the system's hook failing must not stop the program
        pass


_chain_system_sitecustomize()
del _chain_system_sitecustomize

try:
    import interleave_bootstrap as _interleave_bootstrap

    _interleave_bootstrap.start_from_environment()
except Exception as _error:  # never let tracing break the program itself
    import sys as _sys

    print("interleave: tracing is off in this process:", _error, file=_sys.stderr)
