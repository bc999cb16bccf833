"""Rule fixes over Natasha's NER spans. Each rule is measured on the factRuEval dev set before it is kept.

A rule takes the Doc and the current list of ``Cand`` and returns a new list. Rules run in the
order of ``DEFAULT_RULES``; ``apply(doc, rules=...)`` runs a chosen subset (used to measure them).
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, Iterable

from spacy.tokens import Doc, Span


@dataclass(frozen=True)
class Cand:
    start: int  # token indices, end exclusive
    end: int
    label: str
    source: str = "ner"


Rule = Callable[[Doc, list[Cand]], list[Cand]]
RULES: dict[str, Rule] = {}


def rule(name: str):
    def deco(fn: Rule) -> Rule:
        RULES[name] = fn
        return fn

    return deco


@rule("trim_space_punct")
def trim_space_punct(doc: Doc, cands: list[Cand]) -> list[Cand]:
    """Spans never start or end on whitespace or unbalanced punctuation."""
    out = []
    for c in cands:
        s, e = c.start, c.end
        while s < e and (doc[s].is_space or doc[s].text in ",.;:—–-"):
            s += 1
        while e > s and (doc[e - 1].is_space or doc[e - 1].text in ",.;:—–-"):
            e -= 1
        if s < e:
            out.append(Cand(s, e, c.label, c.source))
    return out


DEFAULT_RULES: list[str] = ["trim_space_punct"]


def _dedupe(cands: Iterable[Cand]) -> list[Cand]:
    """Sorted, non-overlapping: on overlap keep the longer (then earlier) span."""
    cands = sorted(set(cands), key=lambda c: (-(c.end - c.start), c.start))
    taken: set[int] = set()
    out = []
    for c in cands:
        if any(i in taken for i in range(c.start, c.end)):
            continue
        taken.update(range(c.start, c.end))
        out.append(c)
    return sorted(out, key=lambda c: c.start)


def apply(doc: Doc, rules: Iterable[str] | None = None) -> list[tuple[Span, str]]:
    cands = [Cand(e.start, e.end, e.label_) for e in doc.ents]
    for name in (DEFAULT_RULES if rules is None else rules):
        cands = RULES[name](doc, cands)
    return [(Span(doc, c.start, c.end, label=c.label), c.source) for c in _dedupe(cands)]
