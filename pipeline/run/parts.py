"""Chunks of work and the finished parts kept on disk, so an interrupted run resumes."""
from __future__ import annotations

import hashlib
import json
import os
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Iterator, Sequence

import pyarrow.parquet as pq

from ..tables.core import SCHEMAS, TABLE_NAMES, Tables, _to_arrow
from ..types import Document, ErrorRecord
from ..version import __version__
from .process import Options, process

PARTS_DIR = ".rupress-parts"

Item = Document | ErrorRecord


def chunked(items: Iterable[Item], size: int) -> Iterator[list[Item]]:
    """Lists of ``size`` documents (error records ride along with them)."""
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
    """Content key of a chunk under these options: the same key means the same output."""
    h = hashlib.sha256()
    h.update(f"{__version__}|{options.key()}".encode())
    # a part written before a table or column was added is not reused: it lacks them
    h.update(json.dumps(SCHEMAS, sort_keys=True).encode())
    for it in chunk:
        if isinstance(it, Document):
            h.update(b"D\0" + it.doc_id.encode("utf-8", "surrogatepass") + b"\0" + it.sha256.encode()
                     + b"\0" + (it.published_at or "").encode() + b"\0" + (it.source or "").encode("utf-8", "surrogatepass"))
        else:
            h.update(b"E\0" + json.dumps(vars(it), sort_keys=True, ensure_ascii=False).encode("utf-8", "surrogatepass"))
    return h.hexdigest()[:24]


def count_docs(chunk: Sequence[Item]) -> int:
    return sum(isinstance(it, Document) for it in chunk)


def save_part(tables: Tables, parts: Path, key: str) -> None:
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


@dataclass(frozen=True)
class PartWritten:
    """What a worker sends back once it saved its part itself: the key and the row counts, not the rows."""

    key: str
    rows: dict
    name_mentions: int = 0  # PER/ORG/LOC mentions among rows["mentions"]


def write_part(chunk: list[Item], options: Options, parts: Path) -> PartWritten:
    """``process`` the chunk and save its part where the run reads it (``--dask``: on the worker, so the
    tables never travel through the scheduler; the work folder must be on storage every worker sees)."""
    key = chunk_key(chunk, options)
    tables = process(chunk, options)
    save_part(tables, Path(parts), key)
    return PartWritten(key, tables.summary(), tables.name_mentions())


def load_part(parts: Path, key: str) -> Tables:
    return Tables({name: pq.read_table(parts / key / f"{name}.parquet").to_pandas() for name in TABLE_NAMES})
