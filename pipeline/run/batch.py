"""Batch runs: chunk the inputs, run ``process`` on each chunk through an executor (this
process, a local pool or Dask), keep finished chunks on disk so an interrupted run resumes, then
write the tables atomically."""
from __future__ import annotations

import contextlib
import functools
import itertools
import os
import shutil
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterable, Iterator, Sequence

from ..ingest import DEFAULT_MAX_CHARS, iter_inputs
from ..tables.store import check_names, locked, owned, real_dir
from ..tables.core import FORMATS, MANIFEST, TABLE_NAMES, Tables
from ..types import Document, ErrorRecord
from ..version import __version__
from .executors import InProcess, dask_cluster, drive, local_pool
from .assemble import assemble, assemble_partitioned
from .parts import (PARTS_DIR, Item, PartWritten, chunk_key, chunked, count_docs, discard_part, load_part, part_ok,
                    save_part, write_part)
from .process import Options, process


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
    name_mentions: int = 0  # the PER/ORG/LOC mentions among ``mentions`` (the rest: PROFESSION, EVENT, ...)


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
    wait: float = 0.0,
    keep_tables: bool = True,
    csv_guard: bool = True,
    **ingest_kwargs,
) -> tuple[Tables | None, RunSummary]:
    """Process inputs (paths, or already-read Documents/ErrorRecords) and, with ``out``, write the tables.

    ``workers`` > 1 uses a local process pool (0: one worker per core, in-process when the input is
    a single chunk); ``dask`` = scheduler address (or ``"local"``) uses a
    Dask cluster. Every path calls the same ``process`` on chunks of ``chunk_size`` documents.
    ``progress(docs_done, mentions_so_far, errors_so_far)`` is called after each chunk.
    With ``out``, the run holds the output lock for its whole life: another live run into the same
    folder makes this raise ``OutputLocked`` (after waiting up to ``wait`` seconds).
    With ``out``, the tables are written by streaming the finished chunks (memory does not grow with
    the corpus); ``keep_tables=False`` then returns ``None`` for the tables instead of also
    concatenating them in memory (what the command line does).
    ``csv_guard=False`` writes CSV cells as they are (a cell starting ``=`` is otherwise prefixed
    with an apostrophe against formula injection; ``pipeline.load`` takes it off again).
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

    with contextlib.ExitStack() as stack:
        parts: Path | None = None
        if out is not None:
            out = Path(out)
            out.mkdir(parents=True, exist_ok=True)
            stack.enter_context(locked(out, wait=wait))  # before the work folder: it is shared
            # refused before any work: a user's file (or an input feed) named like a table is never replaced
            check_names(out, _written_names(format, partitioned=dask is not None and format == "parquet"))
            parts = real_dir(out / PARTS_DIR)  # a planted link is removed, never written through
            if not resume:  # start clean: no part of an earlier run is read
                shutil.rmtree(parts)
                parts = real_dir(parts)
        return _run(items, items_list, out, parts, format, options, chunk_size, workers, dask, resume,
                    progress, t0, keep_tables, csv_guard)


def _run(items, items_list, out, parts, format, options, chunk_size, workers, dask, resume, progress,
         t0, keep_tables, csv_guard=True) -> tuple[Tables | None, RunSummary]:
    keys: list[str] = []
    results: dict[str, Tables] = {}
    resumed = 0
    done_docs = done_mentions = done_errors = done_names = 0

    def finished(key: str, tables: Tables | PartWritten, n_docs: int) -> None:
        nonlocal done_docs, done_mentions, done_errors, done_names
        if isinstance(tables, PartWritten):  # a Dask worker saved it already
            counts = tables.rows
            done_names += tables.name_mentions
        else:
            counts = tables.summary()
            done_names += tables.name_mentions()
            if parts is not None:
                save_part(tables, parts, key)
            else:
                results[key] = tables
        done_docs += n_docs
        done_mentions += counts["mentions"]
        done_errors += counts["errors"]
        if progress:
            progress(done_docs, done_mentions, done_errors)

    def todo() -> Iterator[tuple[str, list[Item]]]:
        nonlocal resumed
        for chunk in chunked(items, chunk_size):
            key = chunk_key(chunk, options)
            if key in keys:  # the very same chunk again: nothing new to extract
                continue
            keys.append(key)
            if parts is not None and resume and part_ok(parts, key):
                try:
                    kept = load_part(parts, key)
                except Exception:  # checksums held but the file does not read: redo the chunk
                    discard_part(parts, key)
                else:
                    resumed += 1
                    finished(key, kept, count_docs(chunk))
                    continue
            elif parts is not None and os.path.lexists(parts / key):
                discard_part(parts, key)  # damaged, cut short or foreign: redone below
            yield key, chunk

    work = todo()
    if dask is not None:
        executor = dask_cluster(dask, scratch=parts)  # removed with the work folder at the end
    else:
        n = 1 if workers == 1 else workers if workers > 1 else (os.cpu_count() or 1)
        first = list(itertools.islice(work, 2))
        work = itertools.chain(first, work)
        # one core, or a single chunk: not worth starting workers for
        executor = local_pool(n) if n > 1 and len(first) > 1 else contextlib.nullcontext(InProcess())
    # on Dask each worker writes its own part (partitioned output): only counts come back
    fn = functools.partial(write_part, parts=parts) if dask is not None and parts is not None else process
    with executor as ex:
        drive(ex, fn, work, options, lambda key, tables, chunk: finished(key, tables, count_docs(chunk)),
              in_flight=2 * getattr(ex, "n_workers", 1), respawn=local_pool if dask is None else None,
              died=lambda kept, killers: process(kept + [_worker_died(d) for d in killers], options))

    manifest = {"rupress_version": __version__, "options": options.key(),
                "inputs": [str(x) for x in items_list if isinstance(x, (str, os.PathLike))]}
    from ..link.corpus import link_corpus  # needs every document: one pass over the whole run

    tables: Tables | None = None
    if parts is None:
        tables = link_corpus(Tables.concat(results[k] for k in keys))
    elif keep_tables:  # the caller asked for the tables in memory as well
        tables = link_corpus(Tables.concat(load_part(parts, k) for k in keys))
    if out is not None:
        if dask is not None and format == "parquet":  # the workers' parts are the tables' partitions
            done = assemble_partitioned(parts, keys, out, manifest)
        else:
            done = assemble(parts, keys, out, format, manifest, csv_guard)  # streamed: one part at a time
        shutil.rmtree(parts, ignore_errors=True)
        counts, n_ok = done.rows, done.documents_ok
    else:
        counts = tables.summary()
        n_ok = int((tables["documents"]["status"] == "ok").sum()) if len(tables["documents"]) else 0
    summary = RunSummary(
        documents=n_ok,
        mentions=counts["mentions"],
        errors=counts["errors"],
        seconds=round(time.perf_counter() - t0, 3),
        chunks=len(keys),
        resumed_chunks=resumed,
        out=out if out is not None else None,
        tables=dict(counts),
        name_mentions=done_names,
    )
    return tables, summary


def _outside(items: Iterable[Item], out: Path) -> Iterator[Item]:
    """Drop only the output folder's own files; an input inside (or equal to, or above) ``out`` is read."""
    root = os.path.realpath(out)
    for it in items:
        if not _own_file(it.source or "", root):
            yield it


_OWN_NAMES = frozenset([f"{t}.{f}" for t in TABLE_NAMES for f in FORMATS] + [MANIFEST])


def _written_names(format: str, partitioned: bool = False) -> list[str]:
    """The names a run writes at the top of ``--out``."""
    return (list(TABLE_NAMES) if partitioned else [f"{t}.{format}" for t in TABLE_NAMES]) + [MANIFEST]


def _own_file(source: str, root: str) -> bool:
    """True for rupress's own table links and manifest at the top of ``root``, or anything under a
    ``.rupress-*`` folder of it (a user's file of the same name is an input: the run refuses the clash)."""
    for path in {source, source.split("!", 1)[0], source.rsplit("#", 1)[0]}:
        if not path or path.startswith("<"):
            continue
        # the folder is resolved, the name is not: the tables at the top of OUT are links
        folder = os.path.realpath(os.path.dirname(os.path.abspath(path)) or ".")
        try:
            rel = Path(folder, os.path.basename(path)).relative_to(root)
        except ValueError:
            continue
        parts = rel.parts
        if any(p.startswith(".rupress-") for p in parts):
            return True
        if len(parts) == 1 and parts[0] in _OWN_NAMES and owned(root, parts[0]):
            return True
    return False


def _worker_died(doc: Document) -> ErrorRecord:
    return ErrorRecord(source=doc.source or "", doc_id=doc.doc_id, stage="extract", error="worker_died",
                       message="The worker process died on this document (killed, out of memory or a crash); "
                               "it was retried and then set aside so the run could go on.")


def _limit_docs(items: Iterable[Item], limit: int) -> Iterator[Item]:
    n = 0
    for it in items:
        if isinstance(it, Document):
            if n >= limit:
                return
            n += 1
        yield it
