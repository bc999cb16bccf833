"""Spans NER calls names that are not names: a preposition and a number (``С 3`` from ``С 3 по 7
мая``), a compound job title (``HR-директор``), a capitalised topic (``в сфере Цифровой
экономики``, ``Переговоры`` opening a line), a post as an organisation (``Министр обороны
Египта``), a country glued to the person after it (``Вьетнама Нгуен Ван Аном``) and two listed
people in one span (``Сергей Иванов Петр Сидоров``). ``fix_span`` is shared by the rules'
mentions (``drop_false_names``) and the tagger's added ones (``learned.combine``)."""
from __future__ import annotations

from functools import lru_cache

from spacy.tokens import Doc

from .... import resources
from ....resources import fold
from .base import Cand, words
from .people import common_word_at_line_start

_PREPS = frozenset({"с", "со", "по", "до", "в", "во", "на", "к", "от", "из", "за", "и"})
_PROPER = frozenset({"Name", "Surn", "Patr", "Geox", "Orgn", "Trad", "Abbr"})


@lru_cache(maxsize=1)
def _posts() -> frozenset[str]:
    return frozenset(fold(r["lemma"]) for r in resources.table("lexicons/positions")
                     if r.get("kind") not in ("modifier", None))


@lru_cache(maxsize=1)
def _countries() -> frozenset[str]:
    return frozenset(fold(r["name"]) for r in resources.table("entities/countries") if " " not in r["name"])


def _parses(word: str):
    from ..parses import parses

    return parses(word)


def _lemma(word: str) -> str:
    ps = _parses(fold(word))
    return fold(ps[0].normal_form) if ps else fold(word)


def _common(word: str) -> bool:
    """Known to the dictionary with no reading as a name, place or organisation."""
    ps = _parses(fold(word))
    return any(p.is_known for p in ps) and not any(_PROPER & p.tag.grammemes for p in ps)


def _first_name(word: str) -> bool:
    ps = _parses(fold(word))
    return bool(ps) and word[:1].isupper() and "Name" in ps[0].tag.grammemes and "Surn" not in ps[0].tag.grammemes


def _patronymic(word: str) -> bool:
    ps = _parses(fold(word))
    return bool(ps) and "Patr" in ps[0].tag.grammemes


def fix_span(doc: Doc, s: int, e: int, label: str) -> list[tuple[int, int, str]]:
    """What a PER/ORG/LOC span becomes: itself, nothing, or the pieces it holds."""
    toks = [t for t in doc[s:e] if not t.is_space]
    if not toks or label not in ("PER", "ORG", "LOC"):
        return [(s, e, label)]
    texts = [t.text for t in toks]
    # С 3 (по 7 мая): nothing but prepositions and numbers
    # (a bare number may still be a name: службу спасения 911; 1С is one word)
    if any(fold(t.text) in _PREPS and t.whitespace_ for t in toks) \
            and not any(ch.isalpha() for t in texts if fold(t) not in _PREPS for ch in t):
        return []
    # HR-директор, IT-менеджер: a job title with a prefix
    if len(toks) == 1 and "-" in texts[0]:
        head = texts[0].rsplit("-", 1)[1]
        if head[:1].islower() and _lemma(head) in _posts():
            return []
    if label in ("ORG", "LOC") and (fold(toks[0].lemma_ or texts[0]) in _posts() or _lemma(texts[0]) in _posts()):
        # Министр обороны Египта: a post; the body or the country after it stays
        # (Замглавы Федеральной миграционной службы -> the service)
        k = 1
        while k < len(toks) and not toks[k].text[:1].isupper():
            k += 1
        if k == len(toks):
            return []
        if k == len(toks) - 1 and _lemma(toks[k].text) in _countries():
            return [(toks[k].i, toks[k].i + 1, "LOC")]
        return [(toks[k].i, e, "ORG")] if k == 1 else []
    if label == "LOC":
        if all(_common(t) for t in texts) and "NOUN" in _parses(fold(texts[0]))[0].tag.grammemes \
                and common_word_at_line_start(doc, s, e):
            return []  # Переговоры opening a line (Россия opening one is a place: Geox)
        prev = toks[0].i - 1
        while prev >= 0 and doc[prev].is_space:
            prev -= 1
        if prev >= 0 and len(toks) > 1 and _lemma(doc[prev].text) in words("topic_nouns") \
                and all(_common(t) for t in texts):  # one word after "области" may be a place (Луны)
            return []  # в сфере Цифровой экономики
    if label == "PER" and len(toks) >= 3:
        # Вьетнама Нгуен Ван Аном: a country in the genitive before the person's name
        first = toks[0]
        if _lemma(first.text) in _countries() and fold(first.text) not in _countries():
            return [(first.i, first.i + 1, "LOC"), (toks[1].i, e, "PER")]
    if label == "PER" and len(toks) >= 4 and _first_name(texts[0]):
        # Сергей Иванов Петр Сидоров: two people listed without a comma
        for k in range(2, len(toks) - 1):
            if _first_name(texts[k]) and texts[k - 1].isalpha() and not _first_name(texts[k - 1]) \
                    and not _patronymic(texts[k - 1]) \
                    and not _patronymic(texts[k + 1]):
                return [(s, toks[k - 1].i + 1, "PER")] + fix_span(doc, toks[k].i, e, "PER")
    return [(s, e, label)]


def drop_false_names(doc: Doc, cands: list[Cand]) -> list[Cand]:
    """``fix_span`` over the rules' PER/ORG/LOC mentions."""
    out = []
    for c in cands:
        pieces = fix_span(doc, c.start, c.end, c.label)
        if pieces == [(c.start, c.end, c.label)]:
            out.append(c)
        else:
            out.extend(Cand(a, b, lab, "rule:drop_false_names") for a, b, lab in pieces)
    return out
