"""People in official lists and transcripts: ``ПЕТРОВ Иван Сергеевич – министр …`` (the surname in
capitals) and speaker labels ``И.Петров:`` opening a line."""
from __future__ import annotations

import re

from spacy.tokens import Doc

from .base import Cand

_UPPER = re.compile(r"^[А-ЯЁ]{2,}(?:-[А-ЯЁ]{2,})*$")
_TITLE = re.compile(r"^[А-ЯЁ][а-яё]+(?:-[А-ЯЁа-яё][а-яё]+)*$")
_PATR = re.compile(r"(вич|вна|ична|инична|ьич|оглы|кызы)$")
DASHES = ("-", "–", "—", "--")
# an upper-case word that is an abbreviation or a place is not a surname (МИД Сергей Лавров)
_NOT_SURNAME = {"Abbr", "Orgn", "Geox", "Init"}


def _next_word(doc: Doc, i: int) -> int | None:
    """The next non-space token on the same line."""
    while i < len(doc) and doc[i].is_space:
        if "\n" in doc[i].text:
            return None
        i += 1
    return i if i < len(doc) else None


def _line_start(doc: Doc, i: int) -> bool:
    j = i - 1
    while j >= 0 and doc[j].is_space and "\n" not in doc[j].text:
        j -= 1
    return j < 0 or "\n" in doc[j].text or "\n" in doc[j].whitespace_


def _name_word(word: str) -> bool:
    """A first name or patronymic by the dictionary (``Иван``, ``Сергеевич``)."""
    from ..parses import parses

    return bool(_PATR.search(word)) or any("Name" in p.tag.grammemes or "Patr" in p.tag.grammemes
                                          for p in parses(word))


def _surname_reading(word: str) -> bool | None:
    """True: the dictionary reads the word as a surname; False: as an abbreviation, organisation or
    place and never a surname (МИД, БАК); None: neither."""
    from ..parses import parses

    ps = parses(word.lower())
    if any("Surn" in p.tag.grammemes for p in ps):
        return True
    return False if any(_NOT_SURNAME & p.tag.grammemes and p.is_known for p in ps) else None


def _upper(doc: Doc, i: int) -> bool:
    t = doc[i]
    return bool(_UPPER.match(t.text)) and len(t.text.replace("-", "")) >= 3


def _run(doc: Doc, i: int, test, most: int) -> list[int]:
    """Up to ``most`` words from token ``i`` on one line that pass ``test``."""
    out: list[int] = []
    j: int | None = i
    while j is not None and len(out) < most and test(doc, j):
        out.append(j)
        j = _next_word(doc, j + 1)
    return out


def _title(doc: Doc, i: int) -> bool:
    return bool(_TITLE.match(doc[i].text))


def _line_end(doc: Doc, last: int) -> bool:
    """The name is all its line says before a dash, a comma or the line's end."""
    j = _next_word(doc, last + 1)
    return j is None or doc[j].text in DASHES or doc[j].text == ","


def upper_surname_span(doc: Doc, i: int) -> int | None:
    """End (exclusive) of a name with its surname in capitals starting at token ``i``, else None:
    ``ЛАВРОВ Сергей Викторович`` anywhere, when a first name or patronymic the dictionary knows
    follows a surname it knows; at a line's start before a dash or the line's end also ``ХУРЭЛСУХ
    Ухнагийн``, ``ЛОСАДА ГАРСИЯ Эмилио`` and ``Эмилио ЛОСАДА ГАРСИЯ``."""
    if not (_upper(doc, i) or _title(doc, i)):
        return None
    at_start = _line_start(doc, i)
    if _upper(doc, i):
        surnames = _run(doc, i, _upper, 2)
        nxt = _next_word(doc, surnames[-1] + 1)
        given = _run(doc, nxt, _title, 3) if nxt is not None else []
        if not given:
            return None
        if any(_PATR.search(doc[k].text) for k in given[:-1]):
            return None  # "ДВМУ Виктор Петрович Осипов": the names make a full name of their own
        reading = _surname_reading(doc[i].text)
        named = any(_name_word(doc[k].text) for k in given)
        listed = at_start and _line_end(doc, given[-1])
        # inside a sentence capitals are mostly an organisation's initials (директор ЮНИСЕФ Кэтрин
        # Рассел, ФГСР Ирина Сомова): only a surname the dictionary knows
        if (listed and (named or reading is not False)) or (named and reading is True and len(given) <= 2):
            return given[-1] + 1
        return None
    if not at_start:
        return None
    given = _run(doc, i, _title, 3)
    nxt = _next_word(doc, given[-1] + 1)
    surnames = _run(doc, nxt, _upper, 2) if nxt is not None else []
    if surnames and _line_end(doc, surnames[-1]) and (
            len(surnames) > 1 or _surname_reading(doc[surnames[0]].text) is not False):
        return surnames[-1] + 1
    return None


def per_upper_surname(doc: Doc, cands: list[Cand]) -> list[Cand]:
    """``ПЕТРОВ Иван Сергеевич`` is one person (NER finds the name words and calls the capitals an
    organisation, or misses the line)."""
    found = []
    i = 0
    while i < len(doc):
        end = upper_surname_span(doc, i)
        if end is None:
            i += 1
            continue
        found.append(Cand(i, end, "PER", "rule:per_upper_surname"))
        i = end
    if not found:
        return cands
    out = [c for c in cands if not any(c.start < f.end and f.start < c.end for f in found)]
    return out + found


_SPEAKER = re.compile(r"^[А-ЯЁ][а-яё]+(?:-[А-ЯЁ][а-яё]+)?$")


def _after_sentence(doc: Doc, i: int) -> bool:
    """Token ``i`` follows a sentence's final mark, not an initial's dot (``Да. В.Петров``)."""
    j = i - 1
    while j >= 0 and doc[j].is_space:
        j -= 1
    if j < 1 or doc[j].text not in (".", "!", "?", "…", "»", ">"):
        return False
    k = j - 1
    return not (len(doc[k].text) == 1 and doc[k].text.isupper())


def speaker_span(doc: Doc, i: int) -> int | None:
    """End (exclusive) of a speaker label ``И.Петров`` / ``И.И.Петров`` at token ``i``, followed by
    a colon and opening a line or following the last speaker's sentence (``… Да. В.Петров: …``), else
    None."""
    if not (_line_start(doc, i) or _after_sentence(doc, i)):
        return None
    j = i
    n = 0
    while n < 2 and j + 1 < len(doc) and len(doc[j].text) == 1 and doc[j].text.isupper() \
            and doc[j + 1].text == ".":
        j += 2
        n += 1
        while j < len(doc) and doc[j].is_space and "\n" not in doc[j].text:
            j += 1
    if n == 0 or j >= len(doc) or not _SPEAKER.match(doc[j].text):
        return None
    k = _next_word(doc, j + 1)
    return j + 1 if k is not None and doc[k].text == ":" else None


def per_speaker_label(doc: Doc, cands: list[Cand]) -> list[Cand]:
    """A transcript's speaker label ``И.Петров:`` is exactly one person's mention (NER may take in
    the last word of the line before or leave the label out)."""
    found = []
    for i in range(len(doc)):
        end = speaker_span(doc, i)
        if end is not None:
            found.append(Cand(i, end, "PER", "rule:per_speaker_label"))
    if not found:
        return cands
    out = [c for c in cands if not any(c.start < f.end and f.start < c.end for f in found)]
    return out + found
