"""Rule fixes over Natasha's NER spans. Each rule is measured on the factRuEval dev set before it is kept.

A rule takes the Doc and the current list of ``Cand`` and returns a new list. Rules run in the
order of ``DEFAULT_RULES``; ``apply(doc, rules=...)`` runs a chosen subset (used to measure them).
Span conventions follow factRuEval: an organisation or location mention includes its descriptor
(``партии «Яблоко``, ``реки Славянки``), a quoted name keeps its opening quote but not the
closing one, and a mention may contain another one (``Министерства сельского хозяйства Германии``
holds the LOC ``Германии``). Word lists live in ``resources/entities/``.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Callable, Iterable

from ... import resources
from spacy.attrs import IS_SPACE, LEMMA, ORTH, POS
from spacy.parts_of_speech import IDS as POS_IDS
from spacy.tokens import Doc, Span, Token



@dataclass(frozen=True)
class Cand:
    start: int  # token indices, end exclusive
    end: int
    label: str
    source: str = "ner"


Rule = Callable[[Doc, list[Cand]], list[Cand]]
RULES: dict[str, Rule] = {}


def rule(name: str):
    def deco(fn: Rule) -> Rule:
        RULES[name] = fn
        return fn

    return deco


def words(name: str) -> frozenset[str]:
    """A word list from ``resources/entities/NAME.txt``."""
    return resources.words("entities/" + name)


# ----------------------------------------------------------------------------- token helpers

OPEN_QUOTES = "«„“\""
CLOSE_QUOTES = "»“”\""
_SPLITTERS = {"(", ")", ",", "•", ";", "[", "]", "·"}


def _lemma(t: Token) -> str:
    return t.lemma_.lower().replace("ё", "е")


def _texts(doc: Doc) -> list[str]:
    """Token texts, read without creating Token objects."""
    strings = doc.vocab.strings
    return [strings[h] for h in doc.to_array(ORTH).tolist()]


def _with_pos(doc: Doc, pos: str) -> list[int]:
    """Indices of the tokens with this part of speech, in order."""
    want = POS_IDS[pos]
    return [i for i, p in enumerate(doc.to_array(POS).tolist()) if p == want]


def _is_break(t: Token) -> bool:
    """Whitespace tokens that hold a line break end a mention."""
    return t.is_space and ("\n" in t.text or "\r" in t.text)


def _prev(doc: Doc, i: int) -> int | None:
    """Index of the content token before ``i``, skipping plain spaces; None at a line break."""
    j = i - 1
    while j >= 0 and doc[j].is_space:
        if _is_break(doc[j]):
            return None
        j -= 1
    return j if j >= 0 else None


def _next(doc: Doc, i: int) -> int | None:
    j = i
    while j < len(doc) and doc[j].is_space:
        if _is_break(doc[j]):
            return None
        j += 1
    return j if j < len(doc) else None


def _same_sent(doc: Doc, a: int, b: int) -> bool:
    return doc[a].sent.start == doc[b].sent.start


def _inside(t: Token, s: int, e: int) -> bool:
    return s <= t.i < e


def _root(doc: Doc, s: int, e: int) -> Token:
    """The span token whose head lies outside the span (the first such one)."""
    for t in doc[s:e]:
        if not t.is_space and (t.head.i == t.i or not _inside(t.head, s, e)):
            return t
    return doc[s]


def _attached_to(doc: Doc, s: int, e: int, target_s: int, target_e: int) -> bool:
    """The root of ``[s, e)`` depends (directly, or through one more token) on a token in the target."""
    h = _root(doc, s, e).head
    for _ in range(2):
        if _inside(h, target_s, target_e):
            return True
        if h.head.i == h.i:
            break
        h = h.head
    return False


def _agrees(adj: Token, noun: Token) -> bool:
    a, n = adj.morph.to_dict(), noun.morph.to_dict()
    return a.get("Case") == n.get("Case") and a.get("Number") == n.get("Number")


def _amod_left(doc: Doc, i: int, head: int, limit: int = 3) -> int:
    """Extend start ``i`` left over adjectives (and coordinated ones) that modify ``head``."""
    k = i
    for _ in range(limit):
        j = _prev(doc, k)
        if j is None or not _same_sent(doc, j, head):
            break
        t = doc[j]
        if t.pos_ == "ADJ" and t.dep_ in ("amod", "conj") and _agrees(t, doc[head]) and \
                (t.head.i == head or t.head.i >= k):
            k = j
            continue
        break
    return k


# ----------------------------------------------------------------------------- rules


@rule("split_punct")
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


@rule("trim_space_punct")
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


@rule("drop_non_entities")
def drop_non_entities(doc: Doc, cands: list[Cand]) -> list[Cand]:
    """Common-noun abbreviations (``СМИ``) are not names."""
    stop = words("not_entities")
    return [c for c in cands if not (c.end - c.start == 1 and _lemma(doc[c.start]) in stop)]


@rule("relabel_by_list")
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


def _descriptor_start(doc: Doc, start: int, lemmas: frozenset[str], forms: frozenset[str] = frozenset(),
                      window: int = 4) -> int | None:
    """Start of the descriptor phrase before a name that begins at ``start``, or None.

    Walks left over an opening quote and up to ``window`` nouns/adjectives until a descriptor
    noun (by lemma) or a legal-form abbreviation (as written); then takes in the descriptor's
    adjectives and a descriptor it depends on (``группы компаний``).
    """
    i = start
    j = _prev(doc, i)
    if j is not None and doc[j].text in OPEN_QUOTES:
        i = j
    for _ in range(window):
        j = _prev(doc, i)
        if j is None or not _same_sent(doc, j, start):
            return None
        t = doc[j]
        if t.text in forms:
            return j
        if t.pos_ in ("NOUN", "PROPN") and _lemma(t) in lemmas and (t.is_lower or t.is_title):
            k = _amod_left(doc, j, j)
            p = _prev(doc, k)
            if p is not None and doc[p].pos_ == "NOUN" and _lemma(doc[p]) in lemmas and t.head.i == p:
                k = _amod_left(doc, p, p)
            return k
        # what may stand between descriptor and name: its genitive modifiers (центр современной культуры)
        if t.pos_ in ("ADJ", "NOUN") and t.is_lower and t.morph.get("Case") == ["Gen"]:
            i = j
            continue
        return None
    return None


@rule("org_descriptor")
def org_descriptor(doc: Doc, cands: list[Cand]) -> list[Cand]:
    """``партии «Яблоко``, ``компании Piedmont Airlines``, ``ОАО «Газпром``: the descriptor joins the name."""
    lemmas, forms = words("org_descriptors"), words("org_legal_forms")
    out = []
    for c in cands:
        if c.label == "ORG":
            k = _descriptor_start(doc, c.start, lemmas, forms)
            if k is not None:
                c = Cand(k, c.end, "ORG", "rule:org_descriptor")
        out.append(c)
    return out


@rule("org_right_nmod")
def org_right_nmod(doc: Doc, cands: list[Cand]) -> list[Cand]:
    """``Министерства сельского хозяйства`` + ``Германии``: a genitive place or body that depends
    on the organisation belongs to its name; the inner mention is kept as well."""
    by_start = {c.start: c for c in cands}
    out = []
    for c in cands:
        out.append(c)
        if c.label != "ORG":
            continue
        e = c.end
        changed = False
        for _ in range(3):
            j = _next(doc, e)
            n = by_start.get(j) if j is not None else None
            if n is None or n.label not in ("LOC", "ORG") or not _same_sent(doc, c.start, j):
                break
            r = _root(doc, n.start, n.end)
            case = r.morph.get("Case")
            if not _attached_to(doc, n.start, n.end, c.start, e) or (case and case != ["Gen"]):
                break
            if r.dep_ not in ("nmod", "appos", "flat", "flat:name"):
                break
            e = n.end
            changed = True
        if changed:
            out[-1] = Cand(c.start, e, "ORG", "rule:org_right_nmod")
    return out


@rule("org_head_genitive")
def org_head_genitive(doc: Doc, cands: list[Cand]) -> list[Cand]:
    """``правительство Японии``, ``мэрии Москвы``: an authority noun with a place in the genitive is
    an organisation spanning both; the place stays a mention of its own."""
    heads = words("org_heads")
    out = list(cands)
    for c in cands:
        if c.label not in ("LOC", "ORG"):
            continue
        j = _prev(doc, c.start)
        if j is None:
            continue
        t = doc[j]
        if t.pos_ not in ("NOUN", "PROPN") or _lemma(t) not in heads or not _same_sent(doc, j, c.start):
            continue
        r = _root(doc, c.start, c.end)
        if r.head.i != j:
            continue
        case = r.morph.get("Case")
        if case and case != ["Gen"]:
            continue
        k = _amod_left(doc, j, j)
        out.append(Cand(k, c.end, "ORG", "rule:org_head_genitive"))
    return out


@rule("loc_descriptor")
def loc_descriptor(doc: Doc, cands: list[Cand]) -> list[Cand]:
    """``реки Славянки``, ``города Феникс``: a place-kind noun before a place name joins the mention."""
    lemmas = words("loc_descriptors")
    out = []
    for c in cands:
        if c.label == "LOC":
            j = _prev(doc, c.start)
            if j is not None and doc[j].text in OPEN_QUOTES:
                j = _prev(doc, j)
            if j is not None and _same_sent(doc, j, c.start):
                t = doc[j]
                if t.pos_ in ("NOUN", "PROPN") and t.is_lower and _lemma(t) in lemmas:
                    c = Cand(_amod_left(doc, j, j), c.end, "LOC", "rule:loc_descriptor")
        out.append(c)
    return out


def _relational(t: Token) -> bool:
    """Adjectives of place or status (``японский``, ``государственный``), not of quality (``новый``)."""
    lem = _lemma(t)
    return lem.endswith(("ский", "цкий", "ской")) or lem in words("relational_adjectives")


@rule("org_left_amod")
def org_left_amod(doc: Doc, cands: list[Cand]) -> list[Cand]:
    """``японского МИДа``, ``государственной Комиссии``: agreeing adjectives before an organisation belong to it."""
    out = []
    for c in cands:
        if c.label == "ORG":
            r = _root(doc, c.start, c.end)
            if doc[c.start].pos_ in ("NOUN", "PROPN", "ADJ") and r.i >= c.start:
                k = _amod_left(doc, c.start, r.i)
                while k < c.start and not _relational(doc[k]):
                    k += 1
                if k != c.start:
                    c = Cand(k, c.end, "ORG", "rule:org_left_amod")
        out.append(c)
    return out


@rule("geo_adj_org_noun")
def geo_adj_org_noun(doc: Doc, cands: list[Cand]) -> list[Cand]:
    """``японское правительство``, ``американского министерства иностранных дел``: an authority noun
    with an adjective of place names a specific body."""
    heads = words("org_heads")
    covered = {i for c in cands for i in range(c.start, c.end)}
    out = list(cands)
    for i in _with_pos(doc, "NOUN"):
        t = doc[i]
        if t.i in covered or _lemma(t) not in heads or not t.is_lower:
            continue
        if t.morph.get("Number") == ["Plur"]:  # юниорские сборные: a kind, not one body
            continue
        k = _amod_left(doc, t.i, t.i)
        if k == t.i or not any(_lemma(doc[j]).endswith(("ский", "цкий")) for j in range(k, t.i)):
            continue
        if any(j in covered for j in range(k, t.i)):
            continue
        e = t.i + 1
        # a genitive complement that is part of the name: министерство иностранных дел / финансов
        for _ in range(3):
            j = _next(doc, e)
            if j is None or j in covered or doc[j].pos_ not in ("ADJ", "NOUN") or not doc[j].is_lower:
                break
            if doc[j].morph.get("Case") != ["Gen"] or not (doc[j].head.i == t.i or doc[j].head.head.i == t.i
                                                           or _inside(doc[j].head, t.i, j + 3)):
                break
            e = j + 1
        if doc[e - 1].pos_ == "ADJ":
            e = t.i + 1
        out.append(Cand(k, e, "ORG", "rule:geo_adj_org_noun"))
    return out


def _name_key(doc: Doc, s: int, e: int) -> str:
    return " ".join(_lemma(t) for t in doc[s:e] if not (t.is_space or t.is_punct))


@rule("drop_vehicles")
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


@rule("quoted_org_names")
def quoted_org_names(doc: Doc, cands: list[Cand]) -> list[Cand]:
    """A «quoted» name that NER found in an organisation is that organisation wherever else it occurs
    in the document: after ``Русской службе «Голоса Америки»``, a bare ``Голос Америки`` is an ORG,
    not the place ``Америки``."""
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
            out.append(Cand(s, e, "ORG", "rule:quoted_org_names"))
    return out


@rule("name_drop_nested")
def name_drop_nested(doc: Doc, cands: list[Cand]) -> list[Cand]:
    """Name spans only: names do not nest, so a place inside an organisation's name
    (``Голос Америки``, ``Совета при Президенте РФ``) is not a mention of its own."""
    return [c for c in cands if not any(d.start <= c.start and c.end <= d.end and (d.start, d.end) != (c.start, c.end)
                                        for d in cands)]


@rule("bare_org_noun")
def bare_org_noun(doc: Doc, cands: list[Cand]) -> list[Cand]:
    """``правительство выделило``, ``вратарь сборной``: a noun that on its own names one specific body
    (the government, the national team) is an organisation mention."""
    nouns = words("bare_orgs")
    covered = {i for c in cands for i in range(c.start, c.end)}
    out = list(cands)
    for i in _with_pos(doc, "NOUN"):
        t = doc[i]
        if t.i in covered or _lemma(t) not in nouns:
            continue
        if not (t.is_lower or (t.is_title and _prev(doc, t.i) in (None, t.sent.start - 1))):
            continue
        # plural (сборные) is a kind, and a genitive after it (сборной последних лет) makes a longer description
        if t.morph.get("Number") == ["Plur"] or any(ch.i > t.i and ch.dep_ == "nmod" for ch in t.children):
            continue
        out.append(Cand(t.i, t.i + 1, "ORG", "rule:bare_org_noun"))
    return out


@rule("name_strip_prefix")
def name_strip_prefix(doc: Doc, cands: list[Cand]) -> list[Cand]:
    """Name spans only: ``ОАО «Газпром`` → ``Газпром``, ``ИА Regnum`` → ``Regnum``,
    ``концерн «Майкрософт`` → ``Майкрософт``: a legal form, or a descriptor or abbreviation before
    a «quoted» name, is not part of the name."""
    forms, lemmas = words("org_legal_forms"), words("org_descriptors")
    out = []
    for c in cands:
        if c.label == "ORG" and c.end - c.start > 1:
            t = doc[c.start]
            k = _next(doc, c.start + 1)
            quoted = k is not None and k < c.end and doc[k].text in OPEN_QUOTES
            abbrev = len(t.text) <= 5 and t.text.isalpha() and t.text.isupper()
            if t.text in forms or (quoted and (abbrev or _lemma(t) in lemmas)):
                s = k + 1 if quoted else k
                if s is not None and s < c.end and any(ch.isalpha() for x in doc[s:c.end] for ch in x.text):
                    c = Cand(s, c.end, "ORG", "rule:name_strip_prefix")
        out.append(c)
    return out


_PP_PREPS = {"при", "по", "против"}


@rule("org_right_pp")
def org_right_pp(doc: Doc, cands: list[Cand]) -> list[Cand]:
    """``Совета при губернаторе области по делам молодёжи``, ``комитета ООН против пыток``:
    a prepositional complement of the organisation's head noun belongs to its name."""
    out = []
    for c in cands:
        if c.label == "ORG":
            e = c.end
            r = _root(doc, c.start, c.end)
            for _ in range(2):
                j = _next(doc, e)
                if j is None or doc[j].text.lower() not in _PP_PREPS or not _same_sent(doc, j, c.start):
                    break
                noun = doc[j].head
                if noun.i <= j or not _inside(noun.head, c.start, e) or noun.dep_ != "nmod":
                    break
                sub = [x.i for x in noun.subtree]
                if min(sub) != j or any(doc[x].is_punct or _is_break(doc[x]) for x in range(j, max(sub) + 1)):
                    break
                e = max(sub) + 1
            if e != c.end and r.i >= c.start:
                c = Cand(c.start, e, "ORG", "rule:org_right_pp")
        out.append(c)
    return out


@rule("org_name_repeats")
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


@rule("org_paren_alias")
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


DEFAULT_RULES: list[str] = [
    "split_punct",
    "trim_space_punct",
    "drop_non_entities",
    "relabel_by_list",
    "quoted_org_names",
    "org_name_repeats",
    "drop_vehicles",
    "org_descriptor",
    "org_right_nmod",
    "org_head_genitive",
    "loc_descriptor",
    "org_left_amod",
    "geo_adj_org_noun",
    "bare_org_noun",
    "org_right_pp",
    "org_paren_alias",
]


# Rules that keep factRuEval's name-span convention (no descriptors, no genitive extensions): for output
# compared with name-only gold, as in the naeval NER benchmark.
NAME_RULES: list[str] = ["split_punct", "trim_space_punct", "drop_non_entities", "relabel_by_list",
                         "quoted_org_names", "org_name_repeats", "drop_vehicles", "name_strip_prefix", "org_right_pp", "org_left_amod", "org_paren_alias",
                         "name_drop_nested"]


def _dedupe(cands: Iterable[Cand]) -> list[Cand]:
    """Sorted; a span may sit inside a longer one, but partial overlaps and duplicates go
    (the longer, then the earlier, span wins)."""
    seen: dict[tuple[int, int], Cand] = {}
    for c in cands:
        seen[(c.start, c.end)] = c  # the last rule to touch a span decides its label
    order = sorted(seen.values(), key=lambda c: (-(c.end - c.start), c.start))
    kept: list[Cand] = []
    for c in order:
        if any(c.start < k.end and k.start < c.end and not (k.start <= c.start and c.end <= k.end)
               for k in kept):
            continue
        kept.append(c)
    return sorted(kept, key=lambda c: (c.start, -c.end))


def apply(doc: Doc, rules: Iterable[str] | None = None) -> list[tuple[Span, str]]:
    """Natasha's spans after the rules, as ``(Span, source)``; nested spans possible, no partial overlaps."""
    cands = [Cand(e.start, e.end, e.label_) for e in doc.ents]
    for name in (DEFAULT_RULES if rules is None else rules):
        cands = RULES[name](doc, cands)
    return [(Span(doc, c.start, c.end, label=c.label), c.source) for c in _dedupe(cands)]
