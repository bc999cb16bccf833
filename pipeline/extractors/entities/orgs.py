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
- ``org_key`` / ``corpus_keys``: the comparison key across documents (``ПАО «Сбербанк»`` ->
  ``сбербанк``), which ``pipeline.link.corpus`` links on; the one-document keys share its cleaning.
"""
from __future__ import annotations

import re
from collections import Counter, defaultdict
from functools import lru_cache
from typing import Iterable

from spacy.tokens import Span

from ...resources import fold, table, words

QUOTES = "«»\"“”„‘’'`"
_QUOTED = re.compile(r"[«\"“„]([^«»\"“”„]+)[»\"”“]?")
_SPACE = re.compile(r"\s+")
_COUNTRY_TAIL = re.compile(r"\s+(?:россии|рф|российской федерации)$")
_SMALL = {"и", "по", "в", "на", "для", "при", "с", "of", "and", "the", "for", "de"}
_GENERIC_ORG = ("банк", "компания", "корпорация", "госкорпорация", "группа компаний", "группа", "холдинг",
                "концерн", "фирма", "фонд", "агентство", "издательство", "издательский дом", "клуб",
                "хоккейный клуб", "футбольный клуб", "акционерное общество", "общество")
_COMPANY = ("компания", "корпорация", "госкорпорация", "группа компаний", "холдинг", "концерн")


def lemma_key(span: Span) -> str:
    """Folded lemmas as the text glues them (``«ромашка»``), spaces normalized."""
    out = "".join((t.lemma_ or t.text) + t.whitespace_ for t in span if not t.is_space)
    return _SPACE.sub(" ", fold(out)).strip()


def _clean(s: str) -> str:
    s = fold(s)
    for q in QUOTES:
        s = s.replace(q, " ")
    s = s.replace(" - ", "-").replace(" — ", " ")
    return _SPACE.sub(" ", s).strip(" .,;:")


@lru_cache(maxsize=None)
def _legal_forms() -> frozenset[str]:
    return frozenset(fold(w) for w in words("entities/org_legal_forms"))


@lru_cache(maxsize=None)
def _loc_descriptors() -> frozenset[str]:
    return frozenset(fold(w) for w in words("entities/loc_descriptors")) | {"г", "г.", "пос", "с.", "д."}


def _is_abbreviation(tok: str) -> bool:
    return 2 <= len(tok) <= 8 and tok.isupper() and any(c.isalpha() for c in tok)


def _strip_front(s: str, heads) -> str:
    for h in sorted(heads, key=len, reverse=True):
        if s.startswith(h + " ") and len(s) > len(h) + 1:
            return s[len(h) + 1:]
    return s


def _plain(name: str) -> str:
    """Folded, quotes and leading legal forms dropped (ПАО «Сбербанк» -> сбербанк)."""
    toks = _clean(name).split(" ")
    while len(toks) > 1 and toks[0] in _legal_forms():
        toks = toks[1:]
    return " ".join(toks)


def _no_country(s: str, raw: str) -> str:
    short = _COUNTRY_TAIL.sub("", s)
    if short != s and (" " in short or _is_abbreviation(raw.split()[0].strip(QUOTES))):
        return short  # ФСБ России, Министерство финансов России; not Банк России (one word left)
    return s


def _short(label: str, name: str) -> str:
    s = _plain(name)
    return _no_country(s, name.strip()) if label == "ORG" else s


def org_key(label: str, name: str) -> str:
    """The comparison key of an organisation or place name across documents (before aliases): the
    quoted name standing for the whole, generic heads, legal forms, a country tail, place descriptors
    dropped."""
    raw = name.strip()
    raw = _drop_lower_lead(label, _NAMED_AFTER.sub("", raw) if label == "ORG" else raw)
    if label == "ORG":
        m = _QUOTED.search(raw)
        if m and len(m.group(1).strip()) > 1:  # the quoted name stands for the whole
            s = _strip_front(_clean(m.group(1)), _GENERIC_ORG)
        else:
            s = _strip_front(_plain(raw), _COMPANY)
        return _no_country(s, raw)
    s = _clean(raw)
    if label == "LOC":
        toks = s.split(" ")
        if len(toks) > 1 and (toks[0] in _loc_descriptors() or _lemma(toks[0]) in _loc_descriptors()):
            s = " ".join(toks[1:])  # Республике Башкортостан: the entity's name may be left oblique
    return s


# "имени М. В. Ломоносова" after a body's name: the same body with or without it
_NAMED_AFTER = re.compile(r"\s+(?:имени|им\.)\s.*$")


def descriptor_before_name(span: Span) -> bool:
    """A place word (``реку``, ``городе``) with a capitalised name in apposition to it inside ``span``
    (not a genitive complement: ``района Нижнего Новгорода``)."""
    toks = [t for t in span if not t.is_space]
    return any(fold(a.lemma_ or a.text) in _loc_descriptors() and b.text[:1].isupper()
               and (b.head.i == a.i and b.dep_ in ("appos", "flat", "flat:name", "flat:foreign")
                    or b.morph.get("Case") == a.morph.get("Case") != ["Gen"])
               for a, b in zip(toks, toks[1:]))


def _lemma(word: str) -> str:
    from .parses import parses

    got = parses(word)
    return fold(got[0].normal_form) if got else word


def _adjective(word: str) -> bool:
    """A capitalised adjective opening a name: the sentence start of ``Американская компания …``."""
    from .parses import parses

    got = parses(fold(word))
    return bool(got) and "ADJF" in got[0].tag


def _drop_lower_lead(label: str, raw: str) -> str:
    """Lower-case words before the name proper: a place's descriptor with its adjectives
    (``небольшая прибрежная деревня Портапик``), an organisation's kind (``entities/name_kinds``) right
    before a Latin or upper-case name (``американская компания Monsanto``, ``телекомпания НТВ``);
    never ``правительство Москвы``, ``Детский фонд ООН``."""
    toks = raw.split()
    k = 0
    while k < len(toks) - 1 and (toks[k][:1].islower() or k == 0 and _adjective(toks[0])):
        k += 1
    if not k or not toks[k][:1].isupper():
        return raw
    if label == "LOC":
        return " ".join(toks[k:]) if any(_lemma(fold(t)) in _loc_descriptors() for t in toks[:k]) else raw
    head = toks[k].strip(QUOTES)
    latin = head[:1].isascii() and head[:1].isalpha()
    kinds = _name_kinds()
    # the kind noun must be the last word before the name: Государственная дума РФ is not "РФ",
    # Детский фонд ООН is not "ООН"
    last = fold(toks[k - 1])
    if not (_lemma(last) in kinds or last in kinds):
        return raw
    return " ".join(toks[k:]) if latin or (head.isupper() and len(head) >= 2) else raw


@lru_cache(maxsize=None)
def _name_kinds() -> frozenset[str]:
    return frozenset(fold(w) for w in words("entities/name_kinds"))


@lru_cache(maxsize=None)
def _corpus_aliases() -> dict[tuple[str, str], tuple[str, str]]:
    """(label, org_key) -> (org_key of the canonical name, canonical name as shown)."""
    out: dict[tuple[str, str], tuple[str, str]] = {}
    for row in table("entities/aliases"):
        label, canon = row["label"], row["canonical"]
        ck = org_key(label, canon)
        out[(label, ck)] = (ck, canon)
        out[(label, org_key(label, row["alias"]))] = (ck, canon)
    return out


@lru_cache(maxsize=None)
def _alias_label() -> dict[str, str]:
    """org_key -> the one label the alias table gives it (keys listed under both labels are left out)."""
    labels: dict[str, set[str]] = defaultdict(set)
    for label, k in _corpus_aliases():
        labels[k].add(label)
    return {k: next(iter(v)) for k, v in labels.items() if len(v) == 1}


def corpus_keys(label: str, name: str) -> tuple[str, str]:
    """(comparison key, canonical name or '') of one organisation or place name."""
    k = org_key(label, name)
    got = _corpus_aliases().get((label, k))
    return got if got else (k, "")


def key_label(label: str, name: str) -> str:
    """The label an organisation or place is linked under: its own, unless the alias table knows the name only
    under the other one (NER calling ``Сбер`` a place)."""
    if (label, org_key(label, name)) in _corpus_aliases():
        return label
    other = "LOC" if label == "ORG" else "ORG"
    return other if _alias_label().get(org_key(other, name)) == other else label


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
        one_word = [n for n in counts if " " not in n and fold(n) == group[0].lemma]
        if len(lemmas) == 1 and one_word:
            # one word: its lemma is the nominative, whatever the text writes (Камбоджи, в Камбоджу)
            best = one_word[0]
            for m in group:
                m.normal = best
            continue
        # among forms as written, a nominative one repeats lemmas (ООО «Ромашка», not ООО «Ромашки»)
        best = max(counts, key=lambda n: (as_written.get(n, 0) > 0, sum(w in lemmas for w in fold(n).split()),
                                          as_written.get(n, 0), counts[n], -first[n]))
        for m in group:
            if fold(m.normal) != fold(best):  # a capital at a sentence start is the author's, not an error
                m.normal = best
