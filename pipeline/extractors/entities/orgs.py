"""Organisations (and places) in one document: keys that survive inflection, abbreviations both
ways, and one normal form per name.

- ``lemma_key``: the mention's lemmas (``Министерства иностранных дел`` and ``Министерство
  иностранных дел`` agree), so an inflected mention joins its entity even when its normal form is off.
- ``alias_key``: the canonical name that ``resources/entities/aliases.tsv`` gives a name
  (``МИД``, ``Министерство иностранных дел России`` -> ``министерство иностранных дел``).
- ``initials``: the abbreviation a long name makes (``Российские железные дороги`` -> ``РЖД``),
  without its legal form, descriptor-free quoted part or trailing country.
- ``agree_normals``: mentions of one entity with the same lemmas get one normal form, the one the
  text itself writes in the nominative where it does.
"""
from __future__ import annotations

import re
from collections import Counter
from functools import lru_cache
from typing import Iterable

from spacy.tokens import Span

from ...resources import fold, table, words

_QUOTES = "«»\"„“”"
_SPACE = re.compile(r"\s+")
_COUNTRY_TAIL = re.compile(r"\s+(?:россии|рф|российской федерации)$")
_SMALL = {"и", "по", "в", "на", "для", "при", "с", "of", "and", "the", "for", "de"}


def lemma_key(span: Span) -> str:
    """Folded lemmas as the text glues them (``«ромашка»``), spaces normalized."""
    out = "".join((t.lemma_ or t.text) + t.whitespace_ for t in span if not t.is_space)
    return _SPACE.sub(" ", fold(out)).strip()


def _plain(name: str) -> str:
    s = fold(name)
    for q in _QUOTES:
        s = s.replace(q, " ")
    toks = _SPACE.sub(" ", s).strip(" .,;:").split(" ")
    forms = {fold(f) for f in words("entities/org_legal_forms")}
    while len(toks) > 1 and toks[0] in forms:
        toks = toks[1:]
    return " ".join(toks)


def _short(label: str, name: str) -> str:
    s = _plain(name)
    if label == "ORG":
        short = _COUNTRY_TAIL.sub("", s)
        # Министерство финансов России, МИД России; not Банк России (one word left)
        if short != s and (" " in short or short.isupper() or name.split()[0].isupper()):
            s = short
    return s


@lru_cache(maxsize=None)
def _aliases() -> dict[tuple[str, str], str]:
    """(label, plain name) -> plain canonical name, from ``entities/aliases.tsv``."""
    out: dict[tuple[str, str], str] = {}
    for row in table("entities/aliases"):
        label, canon = row["label"], _short(row["label"], row["canonical"])
        out[(label, canon)] = canon
        out.setdefault((label, _short(label, row["alias"])), canon)
    return out


def alias_key(label: str, normal: str) -> str | None:
    """The canonical name the alias table gives ``normal`` (with or without its country), or None."""
    if label not in ("ORG", "LOC"):
        return None
    table_ = _aliases()
    for k in (_plain(normal), _short(label, normal)):
        got = table_.get((label, k))
        if got is not None:
            return got
    return None


def initials(normal: str, descriptor_free: str | None = None) -> set[str]:
    """Abbreviations a long name can make: of the whole, of the part without a legal form or
    descriptor (``ОАО «Российские железные дороги»`` -> ``РЖД``), and without a trailing country
    (``Министерство иностранных дел России`` -> ``МИД``)."""
    out = set()
    for name in {normal, descriptor_free or normal, _plain(normal), _short("ORG", normal)}:
        ws = [w for w in re.findall(r"[A-Za-zА-Яа-яЁё]+", name) if w.lower() not in _SMALL]
        if len(ws) >= 2:
            out.add("".join(w[0] for w in ws).upper())
    return out


def agree_normals(mentions: Iterable) -> None:
    """One normal form for the mentions of one entity that share their lemmas: a form the text writes
    as is, the one with most words equal to their lemmas (the nominative), else the most frequent,
    else the first."""
    groups: dict[str, list] = {}
    for m in mentions:
        if m.lemma:
            groups.setdefault(m.lemma, []).append(m)
    for group in groups.values():
        if len({m.normal for m in group}) < 2:
            continue
        as_written = Counter(m.normal for m in group if _SPACE.sub(" ", m.text).strip() == m.normal)
        counts = Counter(m.normal for m in group)
        first = {}
        for m in sorted(group, key=lambda m: m.start):
            first.setdefault(m.normal, m.start)
        lemmas = set(group[0].lemma.split())
        # among forms as written, a nominative one repeats lemmas (ООО «Ромашка», not ООО «Ромашки»)
        best = max(counts, key=lambda n: (as_written.get(n, 0) > 0, sum(w in lemmas for w in fold(n).split()),
                                          as_written.get(n, 0), counts[n], -first[n]))
        for m in group:
            if fold(m.normal) != fold(best):  # a capital at a sentence start is the author's, not an error
                m.normal = best
