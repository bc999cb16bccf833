"""The one grouping of entities both reports list (text and HTML): by corpus entity when the folder has
``corpus_entities`` (a place written two ways, ``Республика Башкортостан`` and ``Башкортостан``, is one row),
else by name; most documents first, then most mentions, then the name."""
from __future__ import annotations

from typing import NamedTuple

import pandas as pd


class TopEntity(NamedTuple):
    name: str
    n_documents: int
    n_mentions: int
    aliases: str  # the other names it was written as, " | " between them ("" when none or unknown)


def top_entities(t, label: str, top: int) -> list[TopEntity]:
    """The ``top`` entities of ``label`` in the tables ``t`` (a folder's ``load``)."""
    ce = t.get("corpus_entities")
    if ce is not None and len(ce):
        sub = ce[ce["label"].astype(str) == label]
        rows = [TopEntity(str(r.name), int(r.n_documents), int(r.n_mentions),
                          r.aliases if isinstance(r.aliases, str) else "") for r in sub.itertuples()]
    else:  # a folder written before corpus linking: the document entities' names
        ents = t["entities"]
        sub = ents[ents["label"].astype(str) == label]
        if not len(sub):
            return []
        agg = sub.groupby("name", observed=True).agg(n_documents=("doc_id", "nunique"),
                                                     n_mentions=("n_mentions", "sum"))
        rows = [TopEntity(str(n), int(r.n_documents), int(r.n_mentions), "") for n, r in agg.iterrows()]
    rows.sort(key=lambda r: (-r.n_documents, -r.n_mentions, r.name))
    return rows[:top]


def as_frame(rows: list[TopEntity]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=TopEntity._fields)
