"""Rules that grow a span over its descriptor or complements (``партии «Яблоко``, ``мэрии Москвы``),
or strip them again for the name convention, and add bare authority nouns."""
from __future__ import annotations

from spacy.tokens import Doc, Token

from .base import OPEN_QUOTES, Cand, words
from .tokens import (sent_starts, _amod_left, _attached_to, _inside, _is_break, _lemma, _next, _prev, _root, _same_sent,
                     _with_pos)


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


def loc_descriptor(doc: Doc, cands: list[Cand]) -> list[Cand]:
    """``реки Славянки``, ``города Феникс``: a place-kind noun before a place name joins the mention;
    so does one the NER took for a place of its own (``Глава Города`` + ``Новосибирска``)."""
    lemmas = words("loc_descriptors")
    by_start = {c.start: c for c in cands if c.label == "LOC"}
    alone = set()
    for c in cands:
        nxt = by_start.get(c.end)
        if c.label == "LOC" and c.end - c.start == 1 and nxt is not None and _lemma(doc[c.start]) in lemmas \
                and _same_sent(doc, c.start, nxt.start) and doc[c.start].pos_ in ("NOUN", "PROPN"):
            alone.add(c.start)
    cands = [c for c in cands if c.start not in alone]
    out = []
    for c in cands:
        if c.label == "LOC":
            j = _prev(doc, c.start)
            if j is not None and doc[j].text in OPEN_QUOTES:
                j = _prev(doc, j)
            if j is not None and _same_sent(doc, j, c.start):
                t = doc[j]
                if t.pos_ in ("NOUN", "PROPN") and (t.is_lower or j in alone) and _lemma(t) in lemmas:
                    c = Cand(_amod_left(doc, j, j), c.end, "LOC", "rule:loc_descriptor")
        out.append(c)
    return out


def _relational(t: Token) -> bool:
    """Adjectives of place or status (``японский``, ``государственный``), not of quality (``новый``)."""
    lem = _lemma(t)
    return lem.endswith(("ский", "цкий", "ской")) or lem in words("relational_adjectives")


def _coordinated_left(doc: Doc, k: int, head: int) -> int:
    """``Продовольственной и сельскохозяйственной`` + ``организации``: over ``ADJ и ADJ`` right before
    ``k`` whose last adjective is a conjunct of one that modifies ``head``."""
    j = _prev(doc, k)
    if j is None or doc[j].pos_ != "ADJ" or doc[j].dep_ != "conj" or not _same_sent(doc, j, head):
        return k
    h = doc[j].head
    between = range(h.i + 1, j)
    if h.pos_ == "ADJ" and h.dep_ == "amod" and h.head.i == head and h.i < j and \
            any(doc[x].text.lower() == "и" for x in between) and \
            all(doc[x].pos_ in ("ADJ", "CCONJ", "PUNCT") for x in between):
        return _amod_left(doc, h.i, head)
    return k


def org_left_amod(doc: Doc, cands: list[Cand]) -> list[Cand]:
    """``японского МИДа``, ``государственной Комиссии``: agreeing adjectives before an organisation
    belong to it; so do all of them from a capitalised one inside a sentence, where the name starts
    (``Продовольственной и сельскохозяйственной организации Объединённых Наций``)."""
    out = []
    starts = sent_starts(doc)
    for c in cands:
        if c.label == "ORG":
            r = _root(doc, c.start, c.end)
            if doc[c.start].pos_ in ("NOUN", "PROPN", "ADJ") and r.i >= c.start:
                k = _coordinated_left(doc, _amod_left(doc, c.start, r.i), r.i)
                cap = next((j for j in range(k, c.start) if doc[j].is_title and starts[j] != j), None)
                if cap is not None:
                    k = cap
                while cap is None and k < c.start and not _relational(doc[k]):
                    k += 1
                if k != c.start:
                    c = Cand(k, c.end, "ORG", "rule:org_left_amod")
        out.append(c)
    return out


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
        if not (t.is_lower or (t.is_title and _prev(doc, t.i) in (None, sent_starts(doc)[t.i] - 1))):
            continue
        # plural (сборные) is a kind, and a genitive after it (сборной последних лет) makes a longer description
        if t.morph.get("Number") == ["Plur"] or any(ch.i > t.i and ch.dep_ == "nmod" for ch in t.children):
            continue
        out.append(Cand(t.i, t.i + 1, "ORG", "rule:bare_org_noun"))
    return out


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

