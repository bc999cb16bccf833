"""Where chunks run: in this process, a local process pool, or a Dask cluster.

Each is a ``concurrent.futures.Executor`` (Dask's through ``Client.get_executor``), so one loop
in ``drive`` serves all three.
"""
from __future__ import annotations

import contextlib
import os
from concurrent.futures import FIRST_COMPLETED, Executor, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from typing import Callable, Iterable, Iterator

import multiprocessing as mp


class InProcess(Executor):
    """Runs each call at submit time: the same loop, no workers."""

    def submit(self, fn, /, *args, **kwargs) -> Future:
        fut: Future = Future()
        try:
            fut.set_result(fn(*args, **kwargs))
        except BaseException as exc:  # delivered through the future, as a pool would
            fut.set_exception(exc)
        return fut


def _die_with_parent(parent: int) -> None:
    """Workers end when the run's process ends, even by SIGKILL (Linux), instead of lingering."""
    try:
        import ctypes
        import signal

        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):  # pragma: no cover - not Linux
        return
    if os.getppid() != parent:  # the parent died before prctl took effect
        os._exit(1)


def _pool_init(parent: int | None = None) -> None:
    if parent is not None:
        _die_with_parent(parent)
    from ..nlp import shared

    shared()  # loaded once per worker (a no-op when inherited through fork)


# TEST HOOK, for tests/run/test_worker_died.py only: a pool worker given a chunk that holds the
# document with this doc_id ends itself with os._exit, as the OOM killer or a segfault would.
# Only pool workers obey it (never the run's own process); unset, it costs one dict look-up.
DIE_ON_DOC_ENV = "RUPRESS_TEST_DIE_ON_DOC"


def _worker_call(fn: Callable, chunk: list, options):
    victim = os.environ.get(DIE_ON_DOC_ENV)
    if victim is not None and any(getattr(it, "doc_id", None) == victim for it in chunk):
        os._exit(70)
    return fn(chunk, options)


class _Pool(ProcessPoolExecutor):
    def submit(self, fn, /, *args, **kwargs) -> Future:
        return super().submit(_worker_call, fn, *args, **kwargs)


@contextlib.contextmanager
def local_pool(workers: int) -> Iterator[Executor]:
    # Forked workers inherit the loaded models instead of loading them again.
    if "fork" in mp.get_all_start_methods():
        from ..nlp import shared

        shared()
        ctx = mp.get_context("fork")
    else:  # pragma: no cover
        ctx = mp.get_context("spawn")
    with _Pool(max_workers=workers, mp_context=ctx, initializer=_pool_init,
                             initargs=(os.getpid(),)) as ex:
        ex.n_workers = workers  # type: ignore[attr-defined]
        yield ex


class DaskUnavailable(RuntimeError):
    """``--dask`` was asked for without the optional extra."""


@contextlib.contextmanager
def dask_cluster(address: str, scratch: str | os.PathLike | None = None) -> Iterator[Executor]:
    """A Dask executor; a local cluster keeps its ``dask-scratch-space`` under ``scratch`` (the run's work folder)."""
    try:
        from distributed import Client, LocalCluster
    except ImportError as exc:
        raise DaskUnavailable("Dask runs need the 'dask' extra: pip install 'rupress[dask]'") from exc
    cluster = None
    if address in ("local", ""):
        extra = {"local_directory": os.fspath(scratch)} if scratch is not None else {}
        import dask

        # the scheduler and nannies make their scratch under dask's temporary-directory, too
        with dask.config.set({"temporary-directory": os.fspath(scratch)} if scratch is not None else {}):
            cluster = LocalCluster(processes=True, n_workers=max(1, os.cpu_count() or 1), threads_per_worker=1,
                                   dashboard_address=None, **extra)
        client = Client(cluster)
    else:
        client = Client(address)
    try:
        ex = client.get_executor(pure=False)
        ex.n_workers = max(1, len(client.scheduler_info().get("workers", {})))  # type: ignore[attr-defined]
        yield ex
    finally:
        client.close()
        if cluster is not None:
            cluster.close()


def drive(executor: Executor, fn: Callable, pending: Iterable[tuple[str, list]], options,
          finished: Callable[[str, object, list], None], in_flight: int,
          respawn: Callable[[int], contextlib.AbstractContextManager] | None = None,
          died: Callable[[list, list], object] | None = None) -> None:
    """Submit ``fn(chunk, options)`` for each pending chunk, at most ``in_flight`` at a time.

    Inputs are read only as fast as chunks finish, so memory stays bounded by ``in_flight``.
    With ``respawn(n)`` (a context manager giving a fresh pool of n workers) a chunk whose worker
    died is retried in a fresh worker, then each of its documents alone; ``died(chunk, killers)``
    turns the documents that still kill their worker into the chunk's result (errors rows).
    """
    source = iter(pending)
    running: dict[Future, tuple[str, list]] = {}
    exhausted = False
    with contextlib.ExitStack() as pools:
        while not exhausted or running:
            while not exhausted and len(running) < in_flight:
                nxt = next(source, None)
                if nxt is None:
                    exhausted = True
                    break
                key, chunk = nxt
                running[executor.submit(fn, chunk, options)] = (key, chunk)
            if not running:
                continue
            done, _ = wait(running, return_when=FIRST_COMPLETED)
            broken = []
            for fut in done:
                key, chunk = running.pop(fut)
                try:
                    result = fut.result()
                except BrokenProcessPool:
                    if respawn is None or died is None:
                        raise
                    broken.append((key, chunk))
                    continue
                finished(key, result, chunk)
            if broken:
                # the pool is dead: every chunk still on it failed too
                for fut in list(running):
                    key, chunk = running.pop(fut)
                    try:
                        finished(key, fut.result(), chunk)
                    except BrokenProcessPool:
                        broken.append((key, chunk))
                for key, chunk in broken:
                    finished(key, _retry(fn, chunk, options, respawn, died), chunk)
                executor = pools.enter_context(respawn(getattr(executor, "n_workers", 1)))


def _retry(fn: Callable, chunk: list, options, respawn, died):
    """The chunk again in a fresh worker; if it dies again, each document alone in a fresh worker."""
    try:
        with respawn(1) as ex:
            return ex.submit(fn, chunk, options).result()
    except BrokenProcessPool:
        pass
    kept, killers = [], []
    for item in chunk:
        if not hasattr(item, "text"):  # an error row rides along: nothing to run
            kept.append(item)
            continue
        try:
            with respawn(1) as ex:
                ex.submit(fn, [item], options).result()
            kept.append(item)
        except BrokenProcessPool:
            killers.append(item)
    return died(kept, killers)
