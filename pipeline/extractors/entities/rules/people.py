"""Rules for people's names: initials belong to the surname beside them; a title is not the name."""
from __future__ import annotations

import re
from functools import lru_cache

from spacy.tokens import Doc

from .... import resources
from ....resources import fold
from .base import Cand, words


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


@lru_cache(maxsize=1)
def _titles() -> frozenset[str]:
    posts = {fold(r["lemma"]) for r in resources.table("lexicons/positions") if r.get("kind") != "modifier"}
    return frozenset(words("person_titles")) | frozenset(posts)


_AGED = re.compile(r"^\d+-летн", re.IGNORECASE)


def per_strip_title(doc: Doc, cands: list[Cand]) -> list[Cand]:
    """``Император Акихито``, ``Принц Чарльз``, ``Сын А.Лукашенко``, ``34-летний ТиДжей``: a
    capitalised title, post, kinship word or age before a name is not part of the person's name
    (NER takes it in at the start of a sentence or a headline)."""
    out = []
    titles = _titles()
    for c in cands:
        if c.label == "PER" and c.end - c.start > 1:
            first = doc[c.start]
            rest = [t for t in doc[c.start + 1:c.end] if not t.is_space]
            key = fold(first.lemma_ or first.text)
            if rest and rest[0].text[:1].isupper() and first.text[:1].isupper() \
                    and (key in titles or fold(first.text) in titles or _AGED.match(first.text)):
                start = c.start + 1
                while start < c.end and doc[start].is_space:
                    start += 1
                c = Cand(start, c.end, c.label, "rule:per_strip_title")
        out.append(c)
    return out


def _line_start(doc: Doc, i: int) -> bool:
    return doc[i].is_sent_start or (i > 0 and "\n" in doc[i - 1].text + doc[i - 1].whitespace_)


def common_word_at_line_start(doc: Doc, start: int, end: int) -> bool:
    """One capitalised word opening a sentence or a line that the dictionary knows, with no name
    reading (``Сцена``, ``Верёвка``, ``Сын``, ``Ушёл``): the capital is the sentence's, not a name's,
    unless the word is written with a capital inside a sentence elsewhere in the text (``Мадонна``)."""
    from ..parses import parses

    toks = [t for t in doc[start:end] if not t.is_space]
    if len(toks) != 1 or not _line_start(doc, toks[0].i) or not toks[0].text[:1].isupper():
        return False
    ps = parses(toks[0].text)
    if not any(p.is_known for p in ps) or any({"Name", "Surn", "Patr"} & p.tag.grammemes for p in ps):
        return False
    lem = {p.normal_form for p in ps}
    return not any(t.text[:1].isupper() and not _line_start(doc, t.i) and t.i != toks[0].i
                   and {p.normal_form for p in parses(t.text)} & lem for t in doc if t.text.isalpha())


def per_drop_line_start_words(doc: Doc, cands: list[Cand]) -> list[Cand]:
    """Drop a PER mention that is only a common word opening a sentence or a line."""
    return [c for c in cands if not (c.label == "PER" and common_word_at_line_start(doc, c.start, c.end))]
