"""Place adjectives (``российских``, ``тульского``) as mentions of their place.

A place adjective is a ``LOC`` mention with ``form`` ``adjective`` and the place's name as its normal
form (``американских`` -> ``США``), so it joins the place's entity in the document and across the
corpus. The map is ``resources/entities/place_adjectives.tsv`` (built by
``training/place_adjectives.py`` from NEREL train, the country list and pymorphy2's toponyms).
NEREL annotates such adjectives as places (``российских властей`` COUNTRY), also inside names
(``Московский государственный университет`` holds ``Московский`` CITY); factRuEval does not, so
the name view (``--entity-spans name``) has none.
"""
from __future__ import annotations

from functools import lru_cache

from spacy.tokens import Doc, Span

from ...nlp.views import with_pos
from ...resources import fold, table

FORM = "adjective"
SOURCE = "rule:place_adjective"
# the NEREL tagger's types that say the adjective is no place here: a person's nationality
# (``российский боксёр``) or a language (``русского языка``), unless it reads a place there too
NOT_PLACE = frozenset({"NATIONALITY", "LANGUAGE"})
PLACE_TYPES = frozenset({"COUNTRY", "CITY", "STATE_OR_PROVINCE", "DISTRICT", "LOCATION"})


@lru_cache(maxsize=None)
def adjective_places() -> dict[str, str]:
    """Folded adjective lemma -> the place's name (``российский`` -> ``Россия``)."""
    return {fold(r["adjective"]): r["place"] for r in table("entities/place_adjectives")}


def place_of(word: str, lemma: str) -> str | None:
    """The place an adjective names, by its lemma (the word itself for a lemma the tagger left)."""
    places = adjective_places()
    return places.get(fold(lemma)) or places.get(fold(word))


def adjective_spans(doc: Doc, taken: list[Span], inside: tuple[str, ...] = ("ORG",)) -> list[tuple[Span, str]]:
    """``(Span, place)`` of every place adjective of ``doc``: not a word of a ``PER`` or ``LOC`` mention
    (``Российская Федерация`` is a name) nor of a mention whose label is not in ``inside``, and not a
    span the NEREL tagger reads as a nationality or language and not as a place (where it ran)."""
    blocked: set[int] = set()
    for s in taken:
        if s.label_ not in inside:
            blocked.update(range(s.start, s.end))
    tagged: dict[tuple[int, int], set[str]] = {}
    for s in doc.spans.get("nerel", ()):
        tagged.setdefault((s.start, s.end), set()).add(s.label_)
    for (a, b), types in tagged.items():
        if types & NOT_PLACE and not types & PLACE_TYPES:
            blocked.update(range(a, b))
    out = []
    for i in with_pos(doc, ("ADJ",)):
        t = doc[i]
        if i in blocked or not t.text[:1].isalpha():
            continue
        place = place_of(t.text, t.lemma_)
        if place is None:
            continue
        if t.text[:1].isupper() and _starts_name(doc, t.i):
            continue
        out.append((Span(doc, t.i, t.i + 1, label="LOC"), place))
    return out


def _starts_name(doc: Doc, i: int) -> bool:
    """A capitalised adjective before a capitalised noun begins a name the NER did not find whole
    (``Российская Федерация``, ``Северная Македония``): not an adjective mention."""
    j = i + 1
    return j < len(doc) and doc[j].text[:1].isupper() and doc[j].pos_ in ("NOUN", "PROPN") and doc[j].is_alpha
