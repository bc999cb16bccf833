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
