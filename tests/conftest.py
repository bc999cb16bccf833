import sys

import pytest


@pytest.fixture(scope="session")
def nlp():
    from pipeline.nlp import shared

    return shared()


# The start of a child script that SIGKILLs itself just before its k-th rename (``os.rename`` or
# ``os.replace``): ``n = kill_at_rename(k)`` arms it; ``n[0]`` counts the renames done.
KILL_AT_RENAME = """
import os, signal, sys
def kill_at_rename(k):
    n = [0]
    real_rename, real_replace = os.rename, os.replace
    def counted(real):
        def f(*a, **kw):
            n[0] += 1
            if n[0] == k:
                os.kill(os.getpid(), signal.SIGKILL)
            return real(*a, **kw)
        return f
    os.rename, os.replace = counted(real_rename), counted(real_replace)
    return n
"""


@pytest.fixture(scope="session")
def kill_at_rename_script():
    """``KILL_AT_RENAME``, for tests that kill a writer at each of its renames."""
    return KILL_AT_RENAME


def _count_calls(fn, *args):
    """(calls made while fn runs, result): every Python and C function call is one unit of work."""
    n = [0]

    def prof(frame, event, arg):
        if event in ("call", "c_call"):
            n[0] += 1

    sys.setprofile(prof)
    try:
        out = fn(*args)
    finally:
        sys.setprofile(None)
    return n[0], out


@pytest.fixture(scope="session")
def counted():
    """Work counted, never timed: ``counted(fn, *args) -> (calls, result)``."""
    return _count_calls
