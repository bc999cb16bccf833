"""Batch runs: chunk the inputs, process each chunk (here, in a process pool or on Dask), keep
finished chunks on disk so an interrupted run resumes, then write the tables atomically."""
from __future__ import annotations

import hashlib
import itertools
import json
import os
import shutil
import tempfile
import time
from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterable, Iterator, Sequence

import multiprocessing as mp
import pyarrow.parquet as pq

from ..version import __version__
from ..ingest import DEFAULT_MAX_CHARS, iter_inputs
from .process import Options, process
from ..tables.core import TABLE_NAMES, Tables, _to_arrow, write_tables
from ..types import Document, ErrorRecord

PARTS_DIR = ".rupress-parts"

Item = Document | ErrorRecord


@dataclass
class RunSummary:
    documents: int
    mentions: int
    errors: int
    seconds: float
    chunks: int
    resumed_chunks: int
    out: Path | None
    tables: dict[str, int]


def chunked(items: Iterable[Item], size: int) -> Iterator[list[Item]]:
    buf: list[Item] = []
    n_docs = 0
    for it in items:
        buf.append(it)
        if isinstance(it, Document):
            n_docs += 1
        if n_docs >= size:
            yield buf
            buf, n_docs = [], 0
    if buf:
        yield buf


def chunk_key(chunk: Sequence[Item], options: Options) -> str:
    h = hashlib.sha256()
    h.update(f"{__version__}|{options.key()}".encode())
    for it in chunk:
        if isinstance(it, Document):
            h.update(b"D\0" + it.doc_id.encode("utf-8", "surrogatepass") + b"\0" + it.sha256.encode()
                     + b"\0" + (it.published_at or "").encode() + b"\0" + (it.source or "").encode("utf-8", "surrogatepass"))
        else:
            h.update(b"E\0" + json.dumps(vars(it), sort_keys=True, ensure_ascii=False).encode("utf-8", "surrogatepass"))
    return h.hexdigest()[:24]


def _save_part(tables: Tables, parts: Path, key: str) -> None:
    final = parts / key
    if final.exists():
        return
    tmp = Path(tempfile.mkdtemp(prefix=f".tmp-{key}-", dir=parts))
    for name in TABLE_NAMES:
        pq.write_table(_to_arrow(name, tables[name]), tmp / f"{name}.parquet")
    try:
        os.rename(tmp, final)  # atomic: a part is either complete or absent
    except OSError:
        shutil.rmtree(tmp, ignore_errors=True)


def _load_part(parts: Path, key: str) -> Tables:
    return Tables({name: pq.read_table(parts / key / f"{name}.parquet").to_pandas() for name in TABLE_NAMES})


def _count_docs(chunk: Sequence[Item]) -> int:
    return sum(isinstance(it, Document) for it in chunk)


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


def run(
    inputs: Sequence[str | os.PathLike] | Iterable[Item],
    out: str | os.PathLike | None = None,
    *,
    format: str = "parquet",
    options: Options | None = None,
    limit: int | None = None,
    max_chars: int = DEFAULT_MAX_CHARS,
    chunk_size: int = 64,
    workers: int = 1,
    dask: str | None = None,
    resume: bool = True,
    progress: Callable[[int, int, int], None] | None = None,
    **ingest_kwargs,
) -> tuple[Tables, RunSummary]:
    """Process inputs (paths, or already-read Documents/ErrorRecords) and, with ``out``, write the tables.

    ``workers`` > 1 uses a local process pool (0: one worker per core, in-process when the input is
    a single chunk); ``dask`` = scheduler address (or ``"local"``) uses a
    Dask cluster. Every path calls the same ``process`` on chunks of ``chunk_size`` documents.
    ``progress(docs_done, mentions_so_far, errors_so_far)`` is called after each chunk.
    """
    options = options or Options()
    t0 = time.perf_counter()
    items_list = list(inputs) if not isinstance(inputs, (str, os.PathLike)) else [inputs]
    if items_list and all(isinstance(x, (Document, ErrorRecord)) for x in items_list):
        items: Iterable[Item] = items_list[:]
        if limit is not None:
            items = _limit_docs(items, limit)
    else:
        items = iter_inputs(items_list, max_chars=max_chars, limit=limit, **ingest_kwargs)
        if out is not None:
            # an --out folder inside an input folder must not be read back as input
            items = _outside(items, Path(out))

    parts: Path | None = None
    if out is not None:
        out = Path(out)
        out.mkdir(parents=True, exist_ok=True)
        parts = out / PARTS_DIR
        parts.mkdir(exist_ok=True)

    keys: list[str] = []
    results: dict[str, Tables] = {}
    resumed = 0
    done_docs = done_mentions = done_errors = 0

    def finished(key: str, tables: Tables, n_docs: int) -> None:
        nonlocal done_docs, done_mentions, done_errors
        if parts is not None:
            _save_part(tables, parts, key)
        else:
            results[key] = tables
        done_docs += n_docs
        done_mentions += len(tables["mentions"])
        done_errors += len(tables["errors"])
        if progress:
            progress(done_docs, done_mentions, done_errors)

    def todo() -> Iterator[tuple[str, list[Item]]]:
        nonlocal resumed
        for chunk in chunked(items, chunk_size):
            key = chunk_key(chunk, options)
            if key in keys:  # the very same chunk again: nothing new to extract
                continue
            keys.append(key)
            if parts is not None and resume and (parts / key).is_dir():
                resumed += 1
                finished(key, _load_part(parts, key), _count_docs(chunk))
                continue
            yield key, chunk

    if dask is not None:
        _run_dask(todo(), options, dask, finished)
    elif workers != 1:
        n = workers if workers > 1 else (os.cpu_count() or 1)
        work = todo()
        first = list(itertools.islice(work, 2))
        if n > 1 and len(first) > 1:
            _run_pool(itertools.chain(first, work), options, n, finished)
        else:  # one core, or a single chunk: not worth starting workers for
            for key, chunk in itertools.chain(first, work):
                finished(key, process(chunk, options), _count_docs(chunk))
    else:
        for key, chunk in todo():
            finished(key, process(chunk, options), _count_docs(chunk))

    if parts is not None:
        tables = Tables.concat(_load_part(parts, k) for k in keys)
    else:
        tables = Tables.concat(results[k] for k in keys)
    seconds = time.perf_counter() - t0
    summary = RunSummary(
        documents=int((tables["documents"]["status"] == "ok").sum()) if len(tables["documents"]) else 0,
        mentions=len(tables["mentions"]),
        errors=len(tables["errors"]),
        seconds=round(seconds, 3),
        chunks=len(keys),
        resumed_chunks=resumed,
        out=out if out is not None else None,
        tables=tables.summary(),
    )
    if out is not None:
        write_tables(tables, out, format, manifest={
            "rupress_version": __version__, "options": options.key(),
            "inputs": [str(x) for x in items_list if isinstance(x, (str, os.PathLike))],
        })
        shutil.rmtree(parts, ignore_errors=True)
    return tables, summary


def _outside(items: Iterable[Item], out: Path) -> Iterator[Item]:
    root = out.resolve()
    for it in items:
        path = (it.source or "").split("!", 1)[0]
        path = path.rsplit("#", 1)[0] if "#" in path else path
        try:
            inside = Path(path).resolve().is_relative_to(root)
        except (OSError, ValueError):
            inside = False
        if not inside:
            yield it


def _limit_docs(items: Iterable[Item], limit: int) -> Iterator[Item]:
    n = 0
    for it in items:
        if isinstance(it, Document):
            if n >= limit:
                return
            n += 1
        yield it


def _run_pool(pending, options, workers, finished) -> None:
    # Forked workers inherit the loaded models instead of loading them again.
    if "fork" in mp.get_all_start_methods():
        from ..nlp import shared

        shared()
        ctx = mp.get_context("fork")
    else:  # pragma: no cover
        ctx = mp.get_context("spawn")
    with ProcessPoolExecutor(max_workers=workers, mp_context=ctx, initializer=_pool_init,
                             initargs=(os.getpid(),)) as ex:
        source = iter(pending)
        running = {}
        exhausted = False
        while not exhausted or running:
            # bounded in-flight work: inputs are read only as fast as chunks finish
            while not exhausted and len(running) < 2 * workers:
                nxt = next(source, None)
                if nxt is None:
                    exhausted = True
                    break
                key, chunk = nxt
                running[ex.submit(process, chunk, options)] = (key, chunk)
            if not running:
                continue
            done, _ = wait(running, return_when=FIRST_COMPLETED)
            for fut in done:
                key, chunk = running.pop(fut)
                finished(key, fut.result(), _count_docs(chunk))


def _run_dask(pending, options, address, finished) -> None:
    try:
        from distributed import Client, LocalCluster, as_completed
    except ImportError as exc:  # pragma: no cover - depends on the optional extra
        raise RuntimeError("Dask runs need the 'dask' extra: pip install 'rupress[dask]'") from exc
    cluster = None
    if address in ("local", ""):
        cluster = LocalCluster(processes=True, n_workers=max(1, os.cpu_count() or 1), threads_per_worker=1)
        client = Client(cluster)
    else:
        client = Client(address)
    try:
        nworkers = max(1, len(client.scheduler_info().get("workers", {})))
        source = iter(pending)
        futs = {}
        ac = as_completed()
        for key, chunk in source:
            f = client.submit(process, chunk, options, key=f"rupress-{key}", pure=False)
            futs[f] = (key, chunk)
            ac.add(f)
            if len(futs) >= 2 * nworkers:
                break
        for f in ac:
            key, chunk = futs.pop(f)
            finished(key, f.result(), _count_docs(chunk))
            nxt = next(source, None)
            if nxt is not None:
                k2, c2 = nxt
                f2 = client.submit(process, c2, options, key=f"rupress-{k2}", pure=False)
                futs[f2] = (k2, c2)
                ac.add(f2)
    finally:
        client.close()
        if cluster is not None:
            cluster.close()
