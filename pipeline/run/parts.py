"""Chunks of work and the finished parts kept on disk, so an interrupted run resumes."""
from __future__ import annotations

import hashlib
import json
import os
import shutil
import stat
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


PART_MANIFEST = "part.json"


def _sha256(path: Path) -> str:
    h = hashlib.sha256()
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
    with os.fdopen(fd, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def _fsync(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def part_ok(parts: Path, key: str) -> bool:
    """True when ``parts/key`` is a real folder whose manifest (written last) names this key and whose
    files all match their checksums: a part cut short, damaged, planted or left by another version is not."""
    final = parts / key
    try:
        if not stat.S_ISDIR(os.lstat(final).st_mode):
            return False
        info = json.loads((final / PART_MANIFEST).read_text(encoding="utf-8"))
        files = info["files"]
        if info.get("key") != key or sorted(files) != sorted(f"{n}.parquet" for n in TABLE_NAMES):
            return False
        return all(stat.S_ISREG(os.lstat(final / f).st_mode) and _sha256(final / f) == h for f, h in files.items())
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return False


def kept_parts(parts: Path) -> tuple[int, int]:
    """(parts, documents) finished and kept in ``parts``: what a rerun of the same command resumes from.

    Cheap (no checksums: the rerun checks them); folders being written (``.tmp-*``) do not count."""
    n = docs = 0
    try:
        entries = list(os.scandir(parts))
    except OSError:
        return 0, 0
    for e in entries:
        if e.name.startswith(".") or not e.is_dir(follow_symlinks=False):
            continue
        try:
            if not (Path(e.path) / PART_MANIFEST).is_file():
                continue
            docs += pq.ParquetFile(Path(e.path) / "documents.parquet").metadata.num_rows
        except Exception:  # noqa: BLE001 - a damaged part is redone by the rerun: not counted here
            continue
        n += 1
    return n, docs


def discard_part(parts: Path, key: str) -> None:
    """Remove ``parts/key`` (a link there is unlinked, never followed)."""
    final = parts / key
    if final.is_symlink() or final.is_file():
        final.unlink()
    elif final.is_dir():
        shutil.rmtree(final)


def save_part(tables: Tables, parts: Path, key: str) -> None:
    """Write the part, fsync each file, then its manifest of checksums (last, fsynced), then rename it into place."""
    if part_ok(parts, key):
        return
    tmp = Path(tempfile.mkdtemp(prefix=f".tmp-{key}-", dir=parts))
    try:
        sums = {}
        for name in TABLE_NAMES:
            path = tmp / f"{name}.parquet"
            pq.write_table(_to_arrow(name, tables[name]), path)
            _fsync(path)
            sums[path.name] = _sha256(path)
        with open(tmp / PART_MANIFEST, "w", encoding="utf-8") as fh:
            json.dump({"key": key, "rupress_version": __version__, "files": sums}, fh, sort_keys=True)
            fh.flush()
            os.fsync(fh.fileno())
        _fsync(tmp)
        discard_part(parts, key)  # a damaged or foreign part under this key: replaced, not trusted
        try:
            os.rename(tmp, parts / key)  # atomic: a part is either complete or absent
        except OSError:
            if not part_ok(parts, key):  # not another writer of the same chunk that won the race
                raise
            shutil.rmtree(tmp, ignore_errors=True)
        _fsync(parts)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise


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
