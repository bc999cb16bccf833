"""Bodies named by a common noun (``правительство``, ``полиция``): ORG mentions of the body the
document names with that noun, else generic.

A bare lower-case noun (capitalised only by the sentence start) of
``resources/entities/generic_bodies.txt`` (measured on NEREL train, which annotates such nouns as
organisations) that no mention holds, nor an event, law or the like of the NEREL tagger, is an ORG
mention (nested in a post: ``сотрудники полиции``). ``mentions.cluster`` joins it to the one
organisation of the document whose name has that noun (``Правительство Японии``, ``японское
правительство``): form ``descriptor``; with none or several, it stays ``generic``: an entity of the document that across
documents joins the same noun (the kind, as NEREL links it to the concept: ``полиция`` Q35535).
The name view has none.
"""
from __future__ import annotations

from functools import lru_cache

from spacy.tokens import Doc, Span

from ...nlp.views import with_pos
from ...resources import fold, words

SOURCE = "rule:generic_body"
# the tagger's spans a body's noun may be part of without being a mention (выборы в парламент); not
# posts: NEREL annotates the body inside one more often than not (сотрудники полиции; on train
# полиция 15 of 26, правительство 20 of 36, парламент 15 of 17; NEREL dev ORG .638 -> .649)
HOLDERS = frozenset({"EVENT", "LAW", "AWARD", "WORK_OF_ART", "FACILITY", "PRODUCT"})


@lru_cache(maxsize=None)
def nouns() -> frozenset[str]:
    return frozenset(fold(w) for w in words("entities/generic_bodies"))


def body_spans(doc: Doc, taken: list[Span]) -> list[tuple[Span, str]]:
    """``(Span, lemma)`` of every bare body noun of ``doc`` outside the mentions in ``taken`` and
    the NEREL tagger's events, laws and the like."""
    covered = {i for s in taken for i in range(s.start, s.end)}
    for s in doc.spans.get("nerel", ()):
        if s.label_ in HOLDERS:
            covered.update(range(s.start, s.end))
    out = []
    for i in with_pos(doc, ("NOUN",)):
        t = doc[i]
        if i in covered or not (t.text.islower() or (t.text.istitle() and t.is_sent_start)):
            continue
        lem = fold(t.lemma_ or t.text)
        if lem in nouns():
            out.append((Span(doc, t.i, t.i + 1, label="ORG"), lem))
    return out
