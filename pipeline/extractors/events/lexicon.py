"""The trigger lexicon: ``lexicons/event_triggers.tsv`` rows by (lemma, pos) and the support verbs."""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from ... import resources
from ...resources import fold


@dataclass(frozen=True)
class TriggerRow:
    lemma: str
    type: str
    pos: str
    with_: frozenset


@dataclass(frozen=True)
class EventLexicon:
    rows: dict  # (lemma, pos) -> [TriggerRow]
    support: frozenset


@lru_cache(maxsize=1)
def event_lexicon() -> EventLexicon:
    rows: dict = {}
    for r in resources.table("lexicons/event_triggers"):
        w = frozenset(fold(x.strip()) for x in (r.get("with") or "").split("|") if x.strip())
        row = TriggerRow(fold(r["lemma"]), r["type"].upper(), r["pos"].upper(), w)
        rows.setdefault((row.lemma, row.pos), []).append(row)
    support = frozenset(fold(r["lemma"]) for r in resources.table("lexicons/support_verbs"))
    return EventLexicon(rows, support)
