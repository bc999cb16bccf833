"""The final tables of a run, streamed from its parts: one part of one table in memory at a time.

The corpus linking needs every entity, so it reads only the few columns it links on
(``corpus.LINK_COLUMNS``: a name and four short fields per entity, the date of each document),
never the texts or the other tables. Then each table is appended part by part, in chunk order,
into a new set that ``store.publish`` makes current in one rename, as ``write_tables`` does.
"""
from __future__ import annotations

import json
import os
import shutil
from dataclasses import dataclass, field
from pathlib import Path
from typing import Sequence

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from ..tables import store
from ..tables.core import FORMATS, MANIFEST, TABLE_NAMES
from ..link.corpus import LINK_COLUMNS, link_parts
from ..tables.stream import Appender


@dataclass
class Assembled:
    """What the summary line needs, counted while streaming."""

    rows: dict[str, int] = field(default_factory=dict)
    documents_ok: int = 0


def part_file(parts: Path, key: str, name: str) -> Path:
    return parts / key / f"{name}.parquet"


def _read(parts: Path, key: str, name: str, columns: Sequence[str] | None = None, **kw) -> pa.Table:
    return pq.read_table(part_file(parts, key, name), columns=list(columns) if columns else None, **kw)


def _link(parts: Path, keys: Sequence[str]):
    """(a function giving the corpus_entity_ids of rows [a, b) of the entities in chunk order, corpus_entities)."""
    def frames():
        for k in keys:  # one part at a time; dictionary-encoded, a repeated name is one string object
            yield _read(parts, k, "entities", LINK_COLUMNS["entities"],
                        read_dictionary=["label", "name", "abbreviation", "doc_id"]).to_pandas()

    docs = [_read(parts, k, "documents", LINK_COLUMNS["documents"]) for k in keys]
    docs = pa.concat_tables(docs).to_pandas() if docs else None
    if docs is None:
        return (lambda a, b: []), None
    rep_of, cid_rep, corpus = link_parts(frames(), docs)
    if not len(rep_of):
        return (lambda a, b: []), None
    return (lambda a, b: [cid_rep[r] for r in rep_of[a:b]]), corpus


def assemble(parts: Path, keys: Sequence[str], out: Path, format: str, manifest: dict,
             csv_guard: bool = True) -> Assembled:
    """Write the run's table set into ``out`` from the parts ``keys`` (in order) under ``parts``;
    ``csv_guard``: CSV cells a spreadsheet would evaluate get a leading apostrophe (``tables.csvguard``)."""
    if format not in FORMATS:
        raise ValueError(f"unknown format {format!r}; choose one of {', '.join(FORMATS)}")
    cid_of, corpus = _link(parts, keys)
    done = Assembled()

    def write(folder: Path) -> list[str]:
        for name in TABLE_NAMES:
            with Appender(name, folder / f"{name}.{format}", format, csv_guard=csv_guard) as app:
                if name == "corpus_entities":
                    if corpus is not None:
                        app.append(corpus)
                else:
                    _stream(name, parts, keys, app, cid_of, done)
            done.rows[name] = app.rows
        info = dict(manifest)
        info["format"] = format
        info["tables"] = dict(done.rows)
        if format == "csv":
            info["csv_guard"] = csv_guard
        (folder / MANIFEST).write_text(json.dumps(info, ensure_ascii=False, indent=2, sort_keys=True) + "\n",
                                       encoding="utf-8")
        return [f"{name}.{format}" for name in TABLE_NAMES] + [MANIFEST]

    others = [f"{name}.{f}" for name in TABLE_NAMES for f in FORMATS if f != format] + list(TABLE_NAMES)
    store.publish(out, write, remove=others)
    return done


def assemble_partitioned(parts: Path, keys: Sequence[str], out: Path, manifest: dict) -> Assembled:
    """The run's table set as partitioned Parquet: ``<table>/part-NNNNN.parquet``, one per chunk, the
    parts the workers wrote (hard links, no copy) except ``entities`` (rewritten with its corpus ids);
    ``manifest.json`` lists every table's parts in order (``layout: partitioned``)."""
    cid_of, corpus = _link(parts, keys)
    done = Assembled()

    def write(folder: Path) -> list[str]:
        listing: dict[str, list[str]] = {}
        for name in TABLE_NAMES:
            (folder / name).mkdir()
            files = listing[name] = []
            if name == "corpus_entities":
                if corpus is not None and len(corpus):
                    with Appender(name, folder / name / "part-00000.parquet", "parquet") as app:
                        app.append(corpus)
                    files.append(f"{name}/part-00000.parquet")
                done.rows[name] = 0 if corpus is None else len(corpus)
                continue
            offset = total = 0
            for i, k in enumerate(keys):
                src = part_file(parts, k, name)
                n = pq.read_metadata(src).num_rows
                if not n:
                    continue
                rel = f"{name}/part-{i:05d}.parquet"
                if name == "entities":
                    t = _read(parts, k, name)
                    ids = pa.array(cid_of(offset, offset + n), type=pa.string())
                    offset += n
                    t = t.set_column(t.schema.get_field_index("corpus_entity_id"), "corpus_entity_id", ids)
                    with Appender(name, folder / rel, "parquet") as app:
                        app.append(t)
                else:
                    _link_or_copy(src, folder / rel)
                if name == "documents":
                    status = _read(parts, k, name, ["status"])["status"]
                    done.documents_ok += pc.sum(pc.equal(status, "ok")).as_py() or 0
                files.append(rel)
                total += n
            done.rows[name] = total
        info = dict(manifest)
        info.update(format="parquet", layout="partitioned", parts=listing, tables=dict(done.rows))
        (folder / MANIFEST).write_text(json.dumps(info, ensure_ascii=False, indent=2, sort_keys=True) + "\n",
                                       encoding="utf-8")
        return list(TABLE_NAMES) + [MANIFEST]

    others = [f"{name}.{f}" for name in TABLE_NAMES for f in FORMATS]
    store.publish(out, write, remove=others)
    return done


def _link_or_copy(src: Path, dst: Path) -> None:
    # the part stays in the work folder until the set is current: a killed run still resumes from it
    try:
        os.link(src, dst)
    except OSError:
        shutil.copyfile(src, dst)


def _stream(name: str, parts: Path, keys: Sequence[str], app: Appender, cid_of: list, done: Assembled) -> None:
    offset = 0
    for k in keys:
        t = _read(parts, k, name)
        if name == "entities" and t.num_rows:
            ids = pa.array(cid_of(offset, offset + t.num_rows), type=pa.string())
            t = t.set_column(t.schema.get_field_index("corpus_entity_id"), "corpus_entity_id", ids)
            offset += t.num_rows
        if name == "documents" and t.num_rows:
            done.documents_ok += pc.sum(pc.equal(t["status"], "ok")).as_py() or 0
        app.append(t)
