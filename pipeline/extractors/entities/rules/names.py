"""Rules that find an organisation's name again: «quoted» names, repeats, aliases in brackets."""
from __future__ import annotations

from functools import lru_cache

from spacy.attrs import IS_SPACE, LEMMA
from spacy.tokens import Doc

from ....resources import fold, table
from .base import CLOSE_QUOTES, OPEN_QUOTES, Cand
from .tokens import _is_break, _lemma, _next, _prev, _texts


def _quoted(doc: Doc, limit: int = 6) -> list[tuple[int, int]]:
    """Token ranges of short «quoted» phrases (the quotes excluded) within one line."""
    out = []
    texts = _texts(doc)
    n = len(texts)
    for qi, q in enumerate(texts):
        if q not in OPEN_QUOTES:
            continue
        for k in range(qi + 1, min(n, qi + limit + 2)):
            tk = texts[k]
            # a whitespace token holding a line break (_is_break)
            if tk.isspace() and ("\n" in tk or "\r" in tk) or tk in OPEN_QUOTES and tk not in CLOSE_QUOTES:
                break
            if tk in CLOSE_QUOTES:
                if k > qi + 1:
                    out.append((qi + 1, k))
                break
    return out


@lru_cache(maxsize=None)
def _countries() -> frozenset[tuple[str, ...]]:
    return frozenset(tuple(fold(r["name"]).split()) for r in table("entities/countries"))


def quoted_org_names(doc: Doc, cands: list[Cand]) -> list[Cand]:
    """A «quoted» name that NER found in an organisation is that organisation wherever else it occurs
    in the document: after ``Русской службе «Голоса Америки»``, a bare ``Голос Америки`` is an ORG,
    not the place ``Америки``; but an unquoted country NER tagged a place (``России`` after
    ``телеканал «Россия»``, ``resources/entities/countries.tsv``) stays the place."""
    orgs = [c for c in cands if c.label == "ORG"]
    keys: dict[tuple[str, ...], int] = {}
    for a, b in _quoted(doc):
        toks = [t for t in doc[a:b] if not t.is_space]
        if not toks or not (toks[0].is_title or toks[0].is_upper) or any(t.is_punct for t in toks):
            continue
        if any(c.start <= a and b <= c.end or a <= c.start < b for c in orgs):
            keys[tuple(_lemma(t) for t in toks)] = len(toks)
    if not keys:
        return cands
    out = list(cands)
    # content tokens and their _lemma values, read from arrays: Token objects only for matches
    strings = doc.vocab.strings
    seq, lemmas = [], []
    lemma_of: dict[int, str] = {}
    for i, (sp, h) in enumerate(doc.to_array([IS_SPACE, LEMMA]).tolist()):
        if sp:
            continue
        lem = lemma_of.get(h)
        if lem is None:
            lem = lemma_of[h] = strings[h].lower().replace("ё", "е")
        seq.append(i)
        lemmas.append(lem)
    for n, i in enumerate(seq):
        for key, size in keys.items():
            if lemmas[n] != key[0]:
                continue
            if n + size > len(seq) or tuple(lemmas[n:n + size]) != key:
                continue
            t = doc[i]
            if not (t.is_title or t.is_upper):
                continue
            s, e = i, seq[n + size - 1] + 1
            quoted = (p := _prev(doc, s)) is not None and doc[p].text in OPEN_QUOTES
            # a single capitalised word may be just a sentence start
            if size == 1 and not quoted and (t.is_sent_start or _prev(doc, s) is None):
                continue
            if any(c.label == "ORG" and c.start <= s and e <= c.end for c in out):
                continue
            # a channel named like a country (телеканал «Россия») leaves the country itself alone;
            # a club or a project named like a region (мюнхенской Баварии, в Сколково) is the body
            if not quoted and key in _countries() and any(c.label == "LOC" and (c.start, c.end) == (s, e) for c in out):
                continue
            out.append(Cand(s, e, "ORG", "rule:quoted_org_names"))
    return out


def org_name_repeats(doc: Doc, cands: list[Cand]) -> list[Cand]:
    """``покупке 3Com`` … ``покупка 3Com позволит``: a name NER found as an organisation is one wherever
    else it occurs in the document and nothing else claims it."""
    keys: set[tuple[str, ...]] = set()
    for c in cands:
        toks = [t for t in doc[c.start:c.end] if not t.is_space]
        if c.label != "ORG" or c.source != "ner" or not toks or len(toks) > 3:
            continue
        capitalised = all((t.is_title or t.is_upper or not t.text[:1].isalpha()) and not t.is_punct for t in toks)
        if capitalised and any(ch.isalpha() for t in toks for ch in t.text):
            keys.add(tuple(_lemma(t) for t in toks))
    if not keys:
        return cands
    covered = {i for c in cands for i in range(c.start, c.end)}
    out = list(cands)
    seq = [t.i for t in doc if not t.is_space]
    lem = [_lemma(doc[i]) for i in seq]
    for n, i in enumerate(seq):
        for key in keys:
            size = len(key)
            if lem[n] != key[0] or tuple(lem[n:n + size]) != key:
                continue
            s, e = i, seq[n + size - 1] + 1
            if any(x in covered for x in range(s, e)):
                continue
            t = doc[i]
            if not (t.is_title or t.is_upper or not t.text[:1].isalpha()):
                continue
            if size == 1 and t.is_sent_start and not t.is_upper and t.is_alpha and not t.text.isascii():
                continue
            out.append(Cand(s, e, "ORG", "rule:org_name_repeats"))
            covered.update(range(s, e))
    return out


def _paren_group(doc: Doc, i: int, limit: int = 6) -> tuple[int, int] | None:
    """Content range of a ``( … )`` group opening at token ``i`` within one line, or None."""
    if i is None or doc[i].text != "(":
        return None
    for k in range(i + 1, min(len(doc), i + limit + 2)):
        if _is_break(doc[k]):
            return None
        if doc[k].text == ")":
            return (i + 1, k) if k > i + 1 else None
    return None


def _alias_like(doc: Doc, s: int, e: int) -> bool:
    """Capitalised words, lower-case joiners only inside: ``Amnesty International``, ``USPTO``,
    ``World Wildlife Fund``."""
    toks = [t for t in doc[s:e] if not t.is_space]
    if not toks or len(toks) > 5:
        return False
    for n, t in enumerate(toks):
        if not t.text[:1].isalpha():
            return False
        if t.text[:1].isupper():
            continue
        if n == 0 or n == len(toks) - 1 or len(t.text) > 4:
            return False
    return True


def org_paren_alias(doc: Doc, cands: list[Cand]) -> list[Cand]:
    """``Международная амнистия (Amnesty International)``, ``Бюро … (USPTO)``: a name in brackets right
    after an organisation is its other name, an organisation too, whatever NER said."""
    out = list(cands)
    for c in cands:
        if c.label != "ORG":
            continue
        j = _next(doc, c.end)
        if j is not None and doc[j].text in CLOSE_QUOTES:
            j = _next(doc, j + 1)
        for _ in range(2):  # Всемирный фонд дикой природы (ВФДП) (World Wildlife Fund)
            g = _paren_group(doc, j) if j is not None else None
            if g is None:
                break
            s, e = g
            if _alias_like(doc, s, e):
                same = [d for d in out if (d.start, d.end) == (s, e)]
                other = [d for d in out if d.start < e and s < d.end and (d.start, d.end) != (s, e)]
                # a Cyrillic place in brackets is where the body sits (Театр.doc (Великобритания)); a Latin one
                # is the name in its own language
                latin = all(ch.isascii() for t in doc[s:e] for ch in t.text if ch.isalpha())
                if not other and not any(d.label == "ORG" for d in same) and (latin or not same):
                    out = [d for d in out if (d.start, d.end) != (s, e)]
                    out.append(Cand(s, e, "ORG", "rule:org_paren_alias"))
            j = _next(doc, e + 1)
    return out

