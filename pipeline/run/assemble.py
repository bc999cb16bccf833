"""The final tables of a run, streamed from its parts: one part of one table in memory at a time.

The corpus linking needs every entity, so it reads only the few columns it links on
(``corpus.LINK_COLUMNS``: a name and four short fields per entity, the date of each document),
never the texts or the other tables. Then each table is appended part by part, in chunk order,
into a new set that ``store.publish`` makes current in one rename, as ``write_tables`` does.
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Sequence

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from ..tables import store
from ..tables.core import FORMATS, MANIFEST, TABLE_NAMES
from ..tables.corpus import LINK_COLUMNS, link_entities
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
    """(corpus_entity_id of every entity row in chunk order, the corpus_entities frame)."""
    # dictionary-encoded: a name repeated over the corpus is one string object, not one per row
    ents = pa.concat_tables([_read(parts, k, "entities", LINK_COLUMNS["entities"],
                                   read_dictionary=["label", "name", "abbreviation", "doc_id"]).unify_dictionaries()
                             for k in keys]).unify_dictionaries() if keys else None
    if ents is None or not ents.num_rows:
        return [], None
    docs = pa.concat_tables([_read(parts, k, "documents", LINK_COLUMNS["documents"]) for k in keys])
    return link_entities(ents.to_pandas(), docs.to_pandas())


def assemble(parts: Path, keys: Sequence[str], out: Path, format: str, manifest: dict) -> Assembled:
    """Write the run's table set into ``out`` from the parts ``keys`` (in order) under ``parts``."""
    if format not in FORMATS:
        raise ValueError(f"unknown format {format!r}; choose one of {', '.join(FORMATS)}")
    cid_of, corpus = _link(parts, keys)
    done = Assembled()

    def write(folder: Path) -> list[str]:
        for name in TABLE_NAMES:
            with Appender(name, folder / f"{name}.{format}", format) as app:
                if name == "corpus_entities":
                    if corpus is not None:
                        app.append(corpus)
                else:
                    _stream(name, parts, keys, app, cid_of, done)
            done.rows[name] = app.rows
        info = dict(manifest)
        info["format"] = format
        info["tables"] = dict(done.rows)
        (folder / MANIFEST).write_text(json.dumps(info, ensure_ascii=False, indent=2, sort_keys=True) + "\n",
                                       encoding="utf-8")
        return [f"{name}.{format}" for name in TABLE_NAMES] + [MANIFEST]

    others = [f"{name}.{f}" for name in TABLE_NAMES for f in FORMATS if f != format]
    store.publish(out, write, remove=others)
    return done


def _stream(name: str, parts: Path, keys: Sequence[str], app: Appender, cid_of: list, done: Assembled) -> None:
    offset = 0
    for k in keys:
        t = _read(parts, k, name)
        if name == "entities" and t.num_rows:
            ids = pa.array(cid_of[offset:offset + t.num_rows], type=pa.string())
            t = t.set_column(t.schema.get_field_index("corpus_entity_id"), "corpus_entity_id", ids)
            offset += t.num_rows
        if name == "documents" and t.num_rows:
            done.documents_ok += pc.sum(pc.equal(t["status"], "ok")).as_py() or 0
        app.append(t)
