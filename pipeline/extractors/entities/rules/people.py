"""Rules for people's names: initials belong to the surname beside them."""
from __future__ import annotations

from spacy.tokens import Doc

from .base import Cand


def _initial_at(doc: Doc, i: int) -> bool:
    """Token ``i`` is one capital letter followed by its dot (``Д`` ``.``)."""
    t = doc[i] if 0 <= i < len(doc) else None
    return (t is not None and len(t.text) == 1 and t.text.isupper() and t.is_alpha
            and i + 1 < len(doc) and doc[i + 1].text == ".")


def _skip_space(doc: Doc, i: int, step: int) -> int:
    while 0 <= i < len(doc) and doc[i].is_space and "\n" not in doc[i].text:
        i += step
    return i


# a sentence-initial preposition NER takes for an initial (О Шарле де Голле)
_PREPOSITIONS = frozenset({"О", "Об", "С", "В", "К", "У"})


def per_initials(doc: Doc, cands: list[Cand]) -> list[Cand]:
    """``Кравцов Д. О.``, ``Иванова М.П.``: a surname and the initials after it are one person, not a
    surname and a separate ``Д.О`` (the last dot stays out, as a sentence may end there); a
    sentence-initial ``О``/``С`` before a name is a preposition, not an initial."""
    out = []
    for c in cands:
        if c.label == "PER" and c.end - c.start > 1 and doc[c.start].text in _PREPOSITIONS \
                and doc[c.start + 1].text != "." and doc[c.start].is_sent_start:
            c = Cand(c.start + 1, c.end, c.label, "rule:per_initials")
            while c.start < c.end and doc[c.start].is_space:
                c = Cand(c.start + 1, c.end, c.label, c.source)
        out.append(c)
    cands = list(out)
    for c in cands:
        if c.label != "PER":
            continue
        end, j = c.end, _skip_space(doc, c.end, 1)
        n = 0
        while n < 2 and _initial_at(doc, j):
            end, n = j + 1, n + 1
            j = _skip_space(doc, j + 2, 1)
        if n == 0 or any(d.label == "PER" and d.start <= c.start and end <= d.end and d is not c for d in out):
            continue
        if len([t for t in doc[c.start:c.end] if t.is_alpha]) > 1 and not all(
                len(t.text) == 1 for t in doc[c.start:c.end] if t.is_alpha):
            continue  # a full name (Дмитрий Кравцов) is not followed by initials of its own
        out = [d for d in out if not (d.label == "PER" and c.start <= d.start and d.end <= end)]
        out.append(Cand(c.start, end, "PER", "rule:per_initials"))
    return out
