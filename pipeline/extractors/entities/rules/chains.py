"""Whole names of bodies (``--entity-spans full``): a body's head noun with its genitive chain and
``по …`` complements is one organisation mention (``Комитета Совета Федерации Федерального Собрания
Российской Федерации по обороне``, ``правительства г. Казани``, ``Департамент ООН по вопросам
разоружения``); the names inside stay mentions of their own, which ``extractor`` marks nested."""
from __future__ import annotations

from spacy.tokens import Doc, Token

from .base import CLOSE_QUOTES, OPEN_QUOTES, Cand, words
from .tokens import sent_starts, _agrees, _amod_left, _inside, _is_break, _lemma, _next, _prev, _root, _same_sent, _with_pos

# prepositions whose complement is part of a body's name (комитет по обороне, совет при президенте)
_NAME_PREPS = frozenset({"по", "при", "против"})
_NAME_LABELS = ("LOC", "ORG", "PER")
# what a body's name may end with: NEREL does not count a person's body (правительство Нечаса)
# nor where it sits (университета в Эванстоне) as the body's name
_CHAIN_LABELS = ("LOC", "ORG")
_NAMED_AFTER = frozenset({"имени", "им", "им."})  # a body named after someone: театр имени Вахтангова
_MAX_LINKS = 8  # genitives and complements followed from one head: a name, not a paragraph


def _clean_subtree(doc: Doc, a: int, b: int) -> bool:
    """``[a, b)`` may join a name: no verb, no line break, no sentence punctuation but commas and
    hyphens inside coordinations, quotes balanced."""
    opened = 0
    for t in doc[a:b]:
        if _is_break(t) or t.pos_ in ("VERB", "AUX", "NUM") or (t.pos_ == "SCONJ"):
            return False
        if t.is_punct and t.text != "," and t.text not in OPEN_QUOTES + CLOSE_QUOTES:
            return False
        if t.text in "«„":
            opened += 1
        elif t.text in "»“":
            opened -= 1
    return opened == 0 and doc[b - 1].text != ","


def _dependent_at(doc: Doc, j: int, s: int, e: int) -> Token | None:
    """The token starting at ``j`` (or above it) whose head lies in ``[s, e)``: what hangs on the phrase."""
    d = doc[j]
    for _ in range(4):
        if _inside(d.head, s, e):
            return d
        if d.head.i == d.i or d.head.i < j:
            return None
        d = d.head
    return None


def chain_end(doc: Doc, s: int, e: int, names: dict[int, Cand]) -> int:
    """End of the phrase ``[s, e)`` grown over the genitives and name complements that depend on it."""
    abbrevs = words("place_abbreviations")
    for _ in range(_MAX_LINKS):
        j = _next(doc, e)
        if j is None:
            break
        t = doc[j]
        low = t.text.lower()
        if low.rstrip(".") in abbrevs:
            # г. Казани: the parse and the sentence splitter often break at the abbreviation's stop
            k = _next(doc, j + 1)
            if k is not None and doc[k].text == "." and not t.text.endswith("."):
                k = _next(doc, k + 1)
            place = names.get(k) if k is not None else None
            if place is not None and place.label == "LOC" and not any(_is_break(x) for x in doc[j:place.end]):
                e = place.end
                continue
            break
        if low in _NAMED_AFTER:
            k = _next(doc, j + 1)
            if k is not None and doc[k].text == "." and low == "им":
                k = _next(doc, k + 1)
            end = _named_after_end(doc, k, names) if k is not None else None
            if end is None:
                break
            e = end  # институт им. А. М. Горького, театр имени Вахтангова
            continue
        if not _same_sent(doc, j, s):
            break
        name = names.get(j)
        if name is not None and name.label not in _CHAIN_LABELS:
            break
        d = _dependent_at(doc, j, s, e)
        if d is None:
            if name is not None and \
                    _inside(_root(doc, name.start, name.end).head, s, e):
                e = name.end  # a name the parse hangs on the phrase through an odd root (г. Казани)
                continue
            break
        sub = [x.i for x in d.subtree]
        lo, hi = min(sub), max(sub) + 1
        if lo != j:
            break
        if low in _NAME_PREPS:
            if d.dep_ != "nmod":
                break
        elif t.pos_ == "ADP":
            break
        else:
            case = d.morph.get("Case")
            if d.pos_ not in ("NOUN", "PROPN") or d.dep_ not in ("nmod", "flat", "flat:name", "appos") or \
                    (case and case != ["Gen"]) or (not case and name is None and not d.text.isupper()):
                break
            if d.dep_ == "appos" and name is None:
                break
        if name is not None and name.end > hi:
            hi = name.end  # the subtree stops inside a name (a parse error): the name decides
        if not _clean_subtree(doc, j, hi):
            break
        e = hi
    return e


def _named_after_end(doc: Doc, k: int, names: dict[int, Cand]) -> int | None:
    """End of the name after ``имени``/``им.`` starting at ``k``: a PER/ORG mention there, else a run of
    capitalised words and initials (``А.М. Горького``, ``Моссовета``); None when there is none."""
    c = names.get(k)
    if c is not None and c.label in ("PER", "ORG"):
        return c.end
    e, j = None, k
    for _ in range(6):
        if j is None or j >= len(doc) or not doc[j].text[:1].isupper() or _is_break(doc[j]):
            break
        e = j + 1
        j = _next(doc, j + 1)
        while j is not None and j < len(doc) and doc[j].text == ".":
            j = _next(doc, j + 1)
    return e


def _names(cands: list[Cand]) -> dict[int, Cand]:
    """Longest PER/ORG/LOC candidate at each start."""
    out: dict[int, Cand] = {}
    for c in cands:
        if c.label in _NAME_LABELS and (c.start not in out or c.end > out[c.start].end):
            out[c.start] = c
    return out


def org_chain(doc: Doc, cands: list[Cand]) -> list[Cand]:
    """``Комитет Совета Федерации`` + ``по обороне``, ``Главного управления МВД`` + ``по Москве``:
    an organisation grows over the genitives and name complements of its head; the shorter
    mention stays (nested)."""
    names = _names(cands)
    out = list(cands)
    for c in cands:
        if c.label != "ORG":
            continue
        r = _root(doc, c.start, c.end)
        if r.pos_ not in ("NOUN", "PROPN"):
            continue
        e = chain_end(doc, c.start, c.end, names)
        if e != c.end:
            out.append(Cand(c.start, e, "ORG", "rule:org_chain"))
    return out


def body_head_chain(doc: Doc, cands: list[Cand]) -> list[Cand]:
    """``министерство культуры Польши``, ``департамента Минобрнауки``, ``Нижней палаты чешского
    парламента``: a body's head noun (``resources/entities/body_heads.txt``, from NEREL train) whose
    genitive chain holds a name is an organisation spanning both."""
    heads, plural = words("body_heads"), words("plural_bodies")
    names = _names(cands)
    org_tokens = {i for c in cands if c.label == "ORG" for i in range(c.start, c.end)}
    out = list(cands)
    for i in _with_pos(doc, "NOUN"):
        t = doc[i]
        if i in org_tokens or _lemma(t) not in heads or not (t.is_lower or t.is_title):
            continue
        if t.morph.get("Number") == ["Plur"] and _lemma(t) not in plural:
            continue  # региональных банков: a kind, not one body (but власти, вооружённые силы)
        e = chain_end(doc, i, i + 1, names)
        if e == i + 1 or not any(j in names and names[j].end <= e and names[j].label in _CHAIN_LABELS
                                 for j in range(i + 1, e)):
            continue
        k = _left_adjectives(doc, i)
        if k < i and any(j in org_tokens for j in range(k, i)):
            k = i
        out.append(Cand(k, e, "ORG", "rule:body_head_chain"))
    return out


def _left_adjectives(doc: Doc, i: int) -> int:
    """Start of the head ``i`` with the agreeing adjectives and participles before it (``Верхняя
    палата``, ``вооружённых сил``, ``духовного управления``), but for one that only describes the
    body (``крупнейшего банка``, ``нового правительства``: ``resources/entities/not_name_adjectives.txt``)."""
    stop = words("not_name_adjectives")
    k = i
    while True:
        j = _prev(doc, k)
        if j is None or not _same_sent(doc, j, i):
            break
        t = doc[j]
        if not (t.pos_ == "ADJ" or t.morph.get("VerbForm") == ["Part"]) or t.dep_ not in ("amod", "conj") \
                or not _agrees(t, doc[i]) or not (t.head.i == i or t.head.i >= k) \
                or _lemma(t) in stop or t.morph.get("Degree") in (["Sup"], ["Cmp"]):
            break
        k = j
    return k


def _under_preposition(t: Token, top: Token) -> bool:
    """A token on the way from ``t`` up to ``top`` governs a preposition (``при Президенте``)."""
    for _ in range(6):
        if any(ch.dep_ == "case" for ch in t.children):
            return True
        if t.i == top.i or t.head.i == t.i:
            return False
        t = t.head
    return False


def org_inner_head(doc: Doc, cands: list[Cand]) -> list[Cand]:
    """``Следственного комитета`` in ``Следственного комитета Армении``, ``мэрии`` in ``мэрии Москвы``:
    a body named with the place or body it belongs to is also a mention without it (as NEREL nests
    them)."""
    names = {(c.start, c.end): c for c in cands if c.label in _NAME_LABELS}
    ends: dict[int, list[Cand]] = {}
    for c in names.values():
        ends.setdefault(c.end, []).append(c)
    out = list(cands)
    for c in cands:
        if c.label != "ORG":
            continue
        for n in ends.get(c.end, ()):
            if n.start <= c.start:
                continue
            r = _root(doc, n.start, n.end)
            case = r.morph.get("Case")
            if r.dep_ not in ("nmod",) or (case and case != ["Gen"]) or not _inside(r.head, c.start, n.start):
                continue
            b = _prev(doc, n.start)
            if b is None or b < c.start or doc[b].is_punct or doc[b].text in OPEN_QUOTES or \
                    doc[b].pos_ not in ("NOUN", "PROPN", "ADJ") and not doc[b].text.isupper():
                continue
            h = _root(doc, c.start, b + 1)
            if _under_preposition(r.head, h):
                continue  # Совет при Президенте Российской Федерации: the place names the complement
            first = doc[c.start]
            # NEREL nests a named body (Следственного комитета, МВД), not a generic one (парламенте Мали)
            # (one capitalised word, Комитета of Комитета Совета Федерации, is no name on its own)
            named = first.is_upper or (first.is_title and b > c.start)
            if h.pos_ in ("NOUN", "PROPN") and named:
                out.append(Cand(c.start, b + 1, "ORG", "rule:org_inner_head"))
    return out


def _appositive_start(doc: Doc, c: Cand, lemmas: frozenset[str], forms: frozenset[str]) -> int | None:
    """Where the name begins in ``компании «Ромашка»``, ``американскую компанию Monsanto``, ``ООО УК
    «Металлоинвест»``, ``телекомпании НТВ``: after a descriptor phrase, a quote, a Latin word or an
    abbreviation; None when the mention is not a descriptor before such a name."""
    seen_descr = False
    # a capital inside a sentence makes the descriptor part of the name (Музей современного искусства «Гараж»)
    opening = sent_starts(doc)[c.start] == c.start
    for k in range(c.start, c.end):
        t = doc[k]
        if t.is_space:
            continue
        if k > c.start and seen_descr and (t.text in OPEN_QUOTES or (t.is_alpha and t.text.isascii())
                                           or (t.is_upper and len(t.text) > 1 and t.text not in forms)):
            return k
        if t.pos_ in ("NOUN", "PROPN") and _lemma(t) in lemmas and not t.is_upper and (t.is_lower or k == c.start and opening):
            seen_descr = True  # a legal form alone (ООО «ТНГК», РИА «Новости») stays: NEREL keeps it
            continue
        if t.text in forms or t.pos_ in ("ADJ", "NOUN") and not t.is_upper and (t.is_lower or k == c.start and opening):
            continue  # the descriptor's adjectives and genitives (американскую, инвестиционной)
        return None
    return None


def org_appositive_name(doc: Doc, cands: list[Cand]) -> list[Cand]:
    """``компании «Ромашка»`` -> ``Ромашка``, ``телеканал NBC News`` -> ``NBC News``: a kind of body
    before its name in apposition is not part of the name (NEREL's convention, and what a name is);
    a name in quotes is the text inside them. A body named by its head noun and genitives
    (``мэрии Москвы``) is untouched."""
    lemmas, forms = words("org_descriptors"), words("org_legal_forms")
    out, dropped = [], []
    for c in cands:
        if c.label == "ORG" and c.end - c.start > 1:
            k = _appositive_start(doc, c, lemmas, forms)
            if k is not None:
                dropped.append((c.start, k))
                s, e = k, c.end
                if doc[s].text in OPEN_QUOTES:
                    s += 1
                    close = next((j for j in range(s, c.end) if doc[j].text in CLOSE_QUOTES), None)
                    e = close if close is not None else e
                if s < e and any(t.is_alpha for t in doc[s:e]):
                    c = Cand(s, e, "ORG", "rule:org_appositive_name")
        out.append(c)
    # an adjective of the descriptor the NER took for a body (Автономная of Автономная некоммерческая
    # организация «Зелёный берег») goes with it; a body with a noun (Института археологии) stays
    return [c for c in out if not (c.label == "ORG" and any(a <= c.start and c.end <= k for a, k in dropped)
                                   and (c.end - c.start == 1 or all(t.pos_ == "ADJ" for t in doc[c.start:c.end])))]


def loc_appositive_name(doc: Doc, cands: list[Cand]) -> list[Cand]:
    """``штате Колорадо`` -> ``Колорадо``, ``города Торгау`` -> ``Торгау``, ``лондонском районе Тоттенем``
    -> ``Тоттенем``: a kind of place written before the name is not part of it (NEREL's convention);
    a name made of an adjective and the kind (``Кировоградской области``, ``Республики Татарстан``)
    stays whole."""
    kinds = words("loc_descriptors")
    starts = sent_starts(doc)
    out = []
    for c in cands:
        if c.label == "LOC" and c.end - c.start > 1:
            k = c.start
            while k < c.end and doc[k].pos_ == "ADJ" and doc[k].is_lower:
                k += 1
            t = doc[k] if k < c.end else None
            if t is not None and _lemma(t) in kinds and (t.is_lower or (k == starts[k] and t.is_title)):
                n = _next(doc, k + 1)
                if n is not None and n < c.end and (doc[n].text[:1].isupper() or doc[n].text in OPEN_QUOTES):
                    if doc[n].text in OPEN_QUOTES:
                        n += 1
                    e = c.end
                    while e > n and doc[e - 1].text in CLOSE_QUOTES:
                        e -= 1
                    if n < e:
                        c = Cand(n, e, "LOC", "rule:loc_appositive_name")
        out.append(c)
    # Сормовского района Нижнего Новгорода, Знаменского района Кировоградской области: a district
    # of a city or a region is two places, each named whole, not one name (NEREL)
    split = []
    for c in out:
        if c.label == "LOC" and c.end - c.start > 2 and doc[c.start].pos_ == "ADJ" and doc[c.start].is_title:
            p = next((j for j in range(c.start + 1, c.end - 1)
                      if doc[j].is_lower and doc[j].pos_ == "NOUN" and _lemma(doc[j]) in kinds), None)
            n = _next(doc, p + 1) if p is not None else None
            if n is not None and n < c.end and doc[n].text[:1].isupper():
                split += [Cand(c.start, p + 1, "LOC", "rule:loc_appositive_name"),
                          Cand(n, c.end, "LOC", "rule:loc_appositive_name")]
                continue
        split.append(c)
    return split
