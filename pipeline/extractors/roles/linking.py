"""Who holds a post (dash, tree, verb, adjacency) and what organisation it belongs to."""
from __future__ import annotations

from spacy.tokens import Token

from ..common import MentionIndex, case_of, children, lemma
from .lexicon import APPOINTMENT_NOUNS, HOLDER_IS_OBJECT, POST_NOUNS, POST_VERBS
from .positions import ORG_LABELS, Position

QUOTES = ("«", "»", "\"", "“", "”", "„")
DASHES = ("-", "—", "–", "--")


def _per_at(mi: MentionIndex, t: Token):
    return mi.at(t.i, ("PER",))


def person_below(pos: Position, mi: MentionIndex):
    """PER in apposition (or flat/nmod) under the post: ``директор ЮНИСЕФ Кэтрин Рассел``."""
    head = pos.head
    for c in children(head, ("appos", "flat", "nmod", "nsubj", "parataxis")):
        m = _per_at(mi, c)
        if m is None:
            continue
        if c.dep_ == "nmod" and case_of(c) == "Gen" and case_of(head) not in ("Gen", None) \
                and c.i > head.i and not _adjacent_after(pos, m, mi):
            continue  # "пресс-секретарь президента Путина": Путин holds another post
        if c.dep_ == "nsubj" and c.i > head.i:
            continue
        return m, "tree"
    # Parser hangs the name on the organisation: "директор ЮНИСЕФ Кэтрин Рассел".
    for t in pos.org_path_start[1:] + [c for c in children(head, ("nmod", "appos")) if mi.at(c.i)]:
        for c in children(t, ("appos", "flat", "nmod")):
            m = _per_at(mi, c)
            if m is not None and _adjacent_after(pos, m, mi) and case_of(c) == case_of(head):
                return m, "tree"
    return None


def _adjacent_after(pos: Position, m, mi: MentionIndex) -> bool:
    """The PER mention follows the post phrase with only its organisation in between
    (``координатор движения «Левый фронт» Сергей Удальцов``)."""
    doc = pos.head.doc
    sub = {t.i for t in pos.head.subtree}
    i = pos.tokens[-1].i + 1
    while i < m.tokens[0]:
        t = doc[i]
        if t.is_space or t.text in QUOTES:
            i += 1
            continue
        o = mi.at(i, ORG_LABELS)
        if o is not None:
            i = o.tokens[1]
            continue
        if i in sub and t.pos_ not in ("PUNCT", "VERB", "CCONJ") and i - pos.tokens[-1].i <= 8:
            i += 1
            continue
        return False
    return i == m.tokens[0]


def person_dash(pos: Position, mi: MentionIndex):
    """``Светлана Яковлева - директор …``: a name, a dash, then the post."""
    doc = pos.head.doc
    j = pos.tokens[0].i - 1
    while j >= 0 and doc[j].is_space:
        j -= 1
    if j < 1 or doc[j].text not in DASHES:
        return None
    k = j - 1
    while k >= 0 and (doc[k].is_space or doc[k].text in (")",)):
        if doc[k].text == ")":  # "Крис Хелмбрехт (Chris Helmbrecht) - …"
            while k >= 0 and doc[k].text != "(":
                k -= 1
        k -= 1
    return mi.at(k, ("PER",)) if k >= 0 else None


def person_above(pos: Position, mi: MentionIndex):
    """Post in apposition to a name: ``Кэтрин Рассел, исполнительный директор …``."""
    head = pos.head
    if head.dep_ in ("appos", "flat", "parataxis", "nmod") and head.head.i != head.i:
        m = _per_at(mi, head.head)
        if m is not None:
            if head.dep_ == "nmod" and case_of(head) == "Gen":
                return None  # "Путин президента" is not a reading; genitive posts belong to others
            return m, "tree"
    return None


def _post_verb(head: Token) -> tuple[Token | None, bool]:
    """Climb from the post to a verb that gives or states it (``назначен на должность директора``)."""
    t = head
    appointed = False
    for _ in range(4):
        if t.head.i == t.i:
            break
        if t.dep_ not in ("obl", "xcomp", "nmod", "obj", "conj", "acl", "ccomp", "root") and \
                not t.dep_.startswith("obl"):
            break
        p = t.head
        lem = lemma(p)
        if lem in APPOINTMENT_NOUNS:
            appointed = True
        if p.pos_ in ("VERB", "AUX") and lem in POST_VERBS:
            return p, appointed or POST_VERBS[lem]
        if p.pos_ == "NOUN" and lem not in POST_NOUNS and lem not in APPOINTMENT_NOUNS:
            break
        t = p
    return None, appointed


def person_by_verb(pos: Position, mi: MentionIndex):
    head = pos.head
    verb, appointed = _post_verb(head)
    if verb is None:
        # "Петров — директор компании": the post is the predicate and the name its subject
        for c in children(head, ("nsubj",)):
            for cc in [c] + list(children(c, ("appos", "flat"))):
                m = _per_at(mi, cc)
                if m is not None:
                    return m, appointed
        return None
    subj = [c for c in verb.children if c.dep_ in ("nsubj", "nsubj:pass")]
    objs = [c for c in verb.children if c.dep_ in ("obj", "iobj")]
    cands = subj if "Pass" in verb.morph.get("Voice") or lemma(verb) not in HOLDER_IS_OBJECT else objs + subj
    for c in cands:
        for cc in [c] + list(children(c, ("appos", "flat", "conj"))):
            m = _per_at(mi, cc)
            if m is not None:
                return m, appointed
    if verb.dep_ in ("acl", "acl:relcl", "amod") or verb.dep_.startswith("acl"):
        # "Иван Петров, назначенный директором" / "…, который стал министром"
        m = _per_at(mi, verb.head)
        if m is not None:
            return m, appointed
    return None


def appointment_context(head: Token) -> bool:
    t = head
    for _ in range(4):
        if lemma(t) in APPOINTMENT_NOUNS or (t.pos_ == "VERB" and POST_VERBS.get(lemma(t))):
            return True
        if t.head.i == t.i or not (t is head or lemma(t) in POST_NOUNS or t.pos_ == "VERB") \
                or t.dep_.split(":")[0] not in ("obl", "xcomp", "nmod", "conj", "appos"):
            break
        t = t.head
    return False


def person_fallback(pos: Position, mi: MentionIndex):
    """Adjacent names when the parse lost the link: "<пост> [<ORG>] <Имя>" or "<Имя>, <пост>"."""
    if pos.kind == "profession":
        return None
    doc = pos.head.doc
    first = pos.tokens[0].i
    for m in mi.mentions:
        if m.label == "PER" and m.tokens[0] > pos.tokens[-1].i and m.tokens[0] - pos.tokens[-1].i <= 8:
            if _adjacent_after(pos, m, mi):
                return m
            break
    j = first - 1
    while j >= 0 and doc[j].is_space:
        j -= 1
    if j >= 1 and doc[j].text == ",":
        k = j - 1
        while k >= 0 and doc[k].is_space:
            k -= 1
        m = mi.at(k, ("PER",)) if k >= 0 else None
        if m is not None:
            return m
    return None


def org_for(pos: Position, person, mi: MentionIndex):
    """First ORG, else LOC, down the post's nmod/appos chain (not through the person)."""
    seen = set()
    found_loc = None
    frontier = [(t, 0) for t in pos.org_path_start]
    while frontier:
        t, d = frontier.pop(0)
        for c in children(t, ("nmod", "appos", "flat", "amod")):
            if c.i in seen:
                continue
            seen.add(c.i)
            m = mi.at(c.i)
            if m is not None:
                if m.label == "ORG":
                    return m
                if m.label == "LOC" and found_loc is None and c.dep_ != "amod":
                    found_loc = m
                if m.label == "PER":
                    continue
            if d < 3 and c.dep_ != "amod" and c.i > pos.head.i - 3:
                frontier.append((c, d + 1))
    if found_loc is not None:
        return found_loc
    # The name right after the post phrase, when the parse attached it elsewhere.
    doc = pos.head.doc
    i = pos.tokens[-1].i + 1
    while i < len(doc) and (doc[i].is_space or doc[i].text in ("«", "\"")):
        i += 1
    if i < len(doc):
        m = mi.at(i, ORG_LABELS)
        if m is not None:
            return m
    return None
