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


def _on_terminal(*args) -> tuple[int, bytes]:
    """Run ``python -m pipeline ARGS`` with stderr on a pseudo-terminal; its return code and what it drew there."""
    import os
    import pty
    import subprocess

    master, slave = pty.openpty()
    try:
        proc = subprocess.Popen([sys.executable, "-m", "pipeline", *map(str, args)], stdout=subprocess.PIPE,
                                stderr=slave, env={**os.environ, "COLUMNS": "120", "TERM": "xterm"})
        os.close(slave)
        seen = b""
        while True:
            try:
                chunk = os.read(master, 4096)
            except OSError:  # the child closed the terminal
                break
            if not chunk:
                break
            seen += chunk
        proc.communicate(timeout=600)
    finally:
        os.close(master)
    return proc.returncode, seen


@pytest.fixture(scope="session")
def on_terminal():
    """``on_terminal(*args) -> (returncode, stderr bytes)``: the CLI as a user at a terminal sees it (progress bar)."""
    return _on_terminal
