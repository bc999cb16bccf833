"""The registry of extractors: pure functions over a processed document that return table rows.

Every extractor is registered here, in the order it runs. An extractor receives a ``Context`` and
returns ``{table name: [row dict, ...]}``; offsets in rows are already mapped to the original text
by ``Context.span``. Later extractors read earlier results from ``ctx.results``.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Callable

from spacy.tokens import Doc

from .textnorm import NormText
from .types import Document


@dataclass
class Context:
    doc: Document
    norm: NormText
    sdoc: Doc
    anchor: dt.date | dt.datetime | None = None
    results: dict = field(default_factory=dict)
    options: object = None  # the run's process.Options

    def span(self, start: int, end: int) -> tuple[int, int, str]:
        """Normalized-text offsets -> (start, end, text) in the original text."""
        s, e = self.norm.to_original(start, end)
        return s, e, self.doc.text[s:e]


Extractor = Callable[[Context], dict[str, list[dict]]]


@dataclass(frozen=True)
class Registered:
    name: str
    fn: Extractor
    tables: tuple[str, ...]


REGISTRY: dict[str, Registered] = {}


def extractor(name: str, tables: tuple[str, ...]):
    def deco(fn: Extractor) -> Extractor:
        REGISTRY[name] = Registered(name, fn, tables)
        return fn

    return deco


# --------------------------------------------------------------------------- entities


@extractor("entities", tables=("mentions", "entities"))
def entities_extractor(ctx: Context) -> dict[str, list[dict]]:
    from .entities import extract_mentions

    mentions, entities = extract_mentions(ctx.sdoc, spans=ctx.options.entity_spans if ctx.options else "full")
    did = ctx.doc.doc_id
    ent_ids = [f"{did}#e{k + 1}" for k in range(len(entities))]
    mrows = []
    for k, m in enumerate(sorted(mentions, key=lambda m: (m.start, m.end))):
        s, e, text = ctx.span(m.start, m.end)
        m.orig = (s, e)
        m.mention_id = f"{did}#m{k + 1}"
        mrows.append({
            "doc_id": did, "mention_id": m.mention_id, "start": s, "end": e, "text": text,
            "label": m.label, "normal": m.normal,
            "entity_id": ent_ids[m.entity] if m.entity is not None else None,
            "sentence_id": m.sentence_id, "source": m.source,
        })
    erows = []
    for k, ent in enumerate(entities):
        erows.append({
            "entity_id": ent_ids[k], "doc_id": did, "label": ent.label, "name": ent.name,
            "n_mentions": len(ent.mentions), "first_start": ent.mentions[0].orig[0],
            "abbreviation": ent.abbreviation,
        })
    ctx.results["mentions"] = mentions
    ctx.results["entities"] = entities
    ctx.results["entity_ids"] = ent_ids
    return {"mentions": mrows, "entities": erows}


# --------------------------------------------------------------------------- dates


@extractor("dates", tables=("dates",))
def dates_extractor(ctx: Context) -> dict[str, list[dict]]:
    from .dates import extract_dates

    found = extract_dates(ctx.norm.text, ctx.anchor, doc=ctx.sdoc)
    did = ctx.doc.doc_id
    rows = []
    for k, d in enumerate(found):
        s, e, text = ctx.span(d.start, d.end)
        rows.append({
            "doc_id": did, "date_id": f"{did}#d{k + 1}", "start": s, "end": e, "text": text,
            "kind": d.kind, "value": d.value, "value_end": d.value_end,
            "granularity": d.granularity, "anchor": d.anchor,
        })
    ctx.results["dates"] = found
    return {"dates": rows}


DEFAULT_EXTRACTORS: tuple[str, ...] = ("entities", "dates")


# Roles and events live in their own package; importing it registers them.
from . import relations  # noqa: E402,F401

DEFAULT_EXTRACTORS = DEFAULT_EXTRACTORS + ("roles", "events")
