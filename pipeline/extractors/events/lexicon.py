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
    base: dict  # (lemma, pos) -> type of event_triggers.tsv alone: the learned model's feature


def _read(name: str, rows: dict) -> None:
    for r in resources.table(name):
        w = frozenset(fold(x.strip()) for x in (r.get("with") or "").split("|") if x.strip())
        row = TriggerRow(fold(r["lemma"]), r["type"].upper(), r["pos"].upper(), w)
        rows.setdefault((row.lemma, row.pos), []).append(row)


@lru_cache(maxsize=1)
def event_lexicon() -> EventLexicon:
    """``lexicons/event_triggers.tsv`` plus ``events/release_triggers.tsv`` (the words of press
    releases: "принял губернатора", "осмотрел выставку"), which the learned trigger model was not
    trained with and so does not see as a feature."""
    rows: dict = {}
    _read("lexicons/event_triggers", rows)
    base = {k: v[0].type for k, v in rows.items()}
    _read("events/release_triggers", rows)
    support = frozenset(fold(r["lemma"]) for r in resources.table("lexicons/support_verbs"))
    return EventLexicon(rows, support, base)
