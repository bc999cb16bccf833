"""Rules that cut, trim, drop and relabel NER spans (no span grows here, except by its own closing quote)."""
from __future__ import annotations

from spacy.tokens import Doc

from .base import OPEN_QUOTES, Cand, words
from .tokens import _inside, _is_break, _lemma, _prev, _root, _same_sent

_SPLITTERS = {"(", ")", ",", "•", ";", "[", "]", "·"}


def split_punct(doc: Doc, cands: list[Cand]) -> list[Cand]:
    """A mention never runs across brackets, commas, bullets or a line break: ``Ши Тао (Shi Tao)`` is two."""
    out = []
    for c in cands:
        cuts = [i for i in range(c.start, c.end) if doc[i].text in _SPLITTERS or _is_break(doc[i])]
        if not cuts:
            out.append(c)
            continue
        s = c.start
        for i in cuts + [c.end]:
            if any(ch.isalpha() for t in doc[s:i] for ch in t.text):
                out.append(Cand(s, i, c.label, c.source))
            s = i + 1
    return out


def trim_space_punct(doc: Doc, cands: list[Cand]) -> list[Cand]:
    """Spans never start or end on whitespace or punctuation (an opening quote may start one)."""
    out = []
    for c in cands:
        s, e = c.start, c.end
        while s < e and (doc[s].is_space or (doc[s].is_punct and doc[s].text not in OPEN_QUOTES)):
            s += 1
        while e > s and (doc[e - 1].is_space or doc[e - 1].is_punct):
            e -= 1
        if s < e and not all(doc[i].text in OPEN_QUOTES for i in range(s, e)):
            out.append(Cand(s, e, c.label, c.source))
    return out


def drop_non_entities(doc: Doc, cands: list[Cand]) -> list[Cand]:
    """Common-noun abbreviations (``СМИ``) are not names."""
    stop = words("not_entities")
    return [c for c in cands if not (c.end - c.start == 1 and _lemma(doc[c.start]) in stop)]


def relabel_by_list(doc: Doc, cands: list[Cand]) -> list[Cand]:
    """factRuEval's type for names NER gets wrong: ``ЕС``, ``Кремль`` are ORG, ``МКС`` is LOC."""
    to = {"ORG": words("relabel_org"), "LOC": words("relabel_loc")}
    out = []
    for c in cands:
        key = " ".join(_lemma(t) for t in doc[c.start:c.end] if not t.is_space)
        for label, names in to.items():
            if c.label == label or c.label not in ("ORG", "LOC"):
                continue
            # "@name": a building standing for its occupant, which stays a place in the locative (в Кремле)
            seat = "@" + key in names and _root(doc, c.start, c.end).morph.get("Case") != ["Loc"]
            if key in names or seat:
                c = Cand(c.start, c.end, label, "rule:relabel_by_list")
        out.append(c)
    return out


def _name_key(doc: Doc, s: int, e: int) -> str:
    return " ".join(_lemma(t) for t in doc[s:e] if not (t.is_space or t.is_punct))


def drop_vehicles(doc: Doc, cands: list[Cand]) -> list[Cand]:
    """``шаттл «Дискавери»``, ``Космический телескоп Хаббл``: names of craft are not organisations, and
    neither are their other mentions in the document (``после «Дискавери»``)."""
    kinds = words("vehicles")
    named: set[str] = set()
    for c in cands:
        if c.label != "ORG":
            continue
        r = _root(doc, c.start, c.end)
        inner = any(t.is_lower and t.pos_ == "NOUN" and _lemma(t) in kinds for t in doc[c.start:c.end])
        j = _prev(doc, c.start)
        if j is not None and doc[j].text in OPEN_QUOTES:
            j = _prev(doc, j)
        before = j is not None and doc[j].pos_ in ("NOUN", "PROPN") and _lemma(doc[j]) in kinds and _same_sent(doc, j, c.start)
        # a genitive after the noun is its owner (самолёт «Аэрофлота»), not its name
        if before and r.morph.get("Case") == ["Gen"] and doc[j].morph.get("Case") != ["Gen"]:
            before = False
        if inner or before:
            named.add(_name_key(doc, c.start, c.end))
            if before:
                named.add(_name_key(doc, j, c.end))
    if not named:
        return cands
    # coordinated names share the noun: шаттлы «Индевор» и «Атлантис»
    for c in cands:
        r = _root(doc, c.start, c.end)
        if c.label == "ORG" and r.dep_ == "conj" and any(
                _inside(r.head, d.start, d.end) and _name_key(doc, d.start, d.end) in named for d in cands):
            named.add(_name_key(doc, c.start, c.end))
    return [c for c in cands if not (c.label == "ORG" and _name_key(doc, c.start, c.end) in named)]


def name_drop_nested(doc: Doc, cands: list[Cand]) -> list[Cand]:
    """Name spans only: names do not nest, so a place inside an organisation's name
    (``Голос Америки``, ``Совета при Президенте РФ``) is not a mention of its own."""
    # in (start, longest first) order a span lies inside another exactly when an earlier one reaches its end
    nested, reach = set(), -1
    for s, e in sorted({(c.start, c.end) for c in cands}, key=lambda r: (r[0], -r[1])):
        if reach >= e:
            nested.add((s, e))
        reach = max(reach, e)
    return [c for c in cands if (c.start, c.end) not in nested]



_PAIRS = (("«", "»"), ("„", "“"), ("“", "”"))


def close_quotes(doc: Doc, cands: list[Cand]) -> list[Cand]:
    """A mention that opens a quote ends with its closing quote: ``Банк «Северный капитал»``, not
    ``Банк «Северный капитал``."""
    out = []
    for c in cands:
        if c.end < len(doc):
            texts = [t.text for t in doc[c.start:c.end]]
            nxt = doc[c.end].text
            unclosed = any(nxt == b and texts.count(a) > texts.count(b) for a, b in _PAIRS) or \
                (nxt == '"' and texts.count('"') % 2 == 1)
            if unclosed and not doc[c.end - 1].whitespace_:
                c = Cand(c.start, c.end + 1, c.label, "rule:close_quotes")
        out.append(c)
    return out
