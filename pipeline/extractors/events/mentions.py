"""The mention an argument word stands for: its own, one in apposition, an antecedent, a company named before."""
from __future__ import annotations

from spacy.tokens import Doc, Token

from ... import resources
from ..common import MentionIndex, case_of, lemma

ORG_WORDS = resources.words("lexicons/org_words")
# Bare organisation nouns that refer back; "latest" ones to any ORG just named.
_BARE = {r["lemma"]: r["refers"] for r in resources.table("events/bare_descriptors")}
DESCRIPTORS = frozenset(_BARE)
GENERIC_DESCRIPTORS = frozenset(w for w, refers in _BARE.items() if refers == "latest")


def entity_token(tok: Token, mi: MentionIndex):
    """The mention for an argument word: its own, or one in apposition below it (``глава X Иван Петров``)."""
    m = mi.at(tok.i)
    if m is not None:
        return m
    if tok.pos_ == "PRON":
        return _antecedent(tok, mi)
    if _bare_descriptor(tok):
        return _last_org(tok, mi)
    frontier = [(tok, 0)]
    best = None
    while frontier:
        t, d = frontier.pop(0)
        for c in t.children:
            if c.dep_ not in ("appos", "flat", "flat:name", "nmod") or c.is_space:
                continue
            m = mi.at(c.i)
            if m is not None:
                if m.label == "PER" and c.dep_ in ("appos", "flat", "flat:name"):
                    return m
                if best is None and (c.dep_ in ("appos", "flat", "flat:name") or lemma(t) in ORG_WORDS
                                     or (m.label == "ORG" and case_of(c) in ("Gen", None))):
                    best = m  # "10% акций банка «Восток»": the owner named down a genitive chain
                continue
            if d < 2 and c.pos_ in ("NOUN", "NUM", "PROPN"):
                frontier.append((c, d + 1))
    if (best is None or best.label != "PER") and "Anim" in tok.morph.get("Animacy") and tok.pos_ == "NOUN":
        # "с чемпионом мира ФИДЕ Веселином Топаловым" where the parse hung the name elsewhere:
        # a name right after the noun phrase, in the same case, is its apposition.
        end = max(t.i for t in tok.subtree if abs(t.i - tok.i) <= 6) + 1
        m = mi.at(end, ("PER",)) if end < len(tok.doc) else None
        if m is not None and m.tokens[0] == end and case_of(tok.doc[end]) == case_of(tok):
            return m
    return best


def _bare_descriptor(tok: Token) -> bool:
    """"компания", "группа" alone (or with "эта"): a company already named."""
    if tok.pos_ != "NOUN" or lemma(tok) not in DESCRIPTORS or "Plur" in tok.morph.get("Number"):
        return False
    return not any(c.dep_ in ("nmod", "appos", "flat", "flat:name", "amod", "nummod", "conj")
                   for c in tok.children)


def _last_org(tok: Token, mi: MentionIndex):
    """The latest ORG mention before ``tok`` that names itself by the same word ("банк" → «Банк
    Северный капитал»); for a generic word ("компания"), the latest ORG at most two sentences back."""
    stem = lemma(tok)[:4]
    named = [m for m in mi.mentions if m.label == "ORG" and m.tokens[1] <= tok.i
             and any(lemma(t)[:4] == stem for t in tok.doc[m.tokens[0]:m.tokens[1]])]
    if named:
        return max(named, key=lambda m: m.tokens[0])
    if lemma(tok) not in GENERIC_DESCRIPTORS:
        return None
    sent = tok.sent
    floor = sent.start
    for _ in range(2):
        if floor == 0:
            break
        floor = tok.doc[floor - 1].sent.start
    best = None
    for m in mi.mentions:
        if m.label == "ORG" and floor <= m.tokens[0] and m.tokens[1] <= tok.i:
            if best is None or m.tokens[0] > best.tokens[0]:
                best = m
    return best


def _antecedent(tok: Token, mi: MentionIndex):
    """He/she/it or "который": the nearest fitting name before it, within two sentences."""
    lem = lemma(tok)
    if lem in ("который", "которая", "что") and tok.head.head.i != tok.head.i:
        m = mi.at(tok.head.head.i)
        return m if m is not None else None
    if lem not in ("он", "она"):
        return None
    labels = ("PER",) if lem == "он" else ("PER", "ORG")
    sent = tok.sent
    floor = sent.start
    prev = sent.start - 1
    if prev >= 0:
        floor = tok.doc[prev].sent.start
    best = None
    for m in mi.mentions:
        if m.label in labels and floor <= m.tokens[0] and m.tokens[1] <= tok.i:
            if best is None or m.tokens[0] > best.tokens[0]:
                best = m
    return best


def mention_root(m, doc: Doc) -> Token:
    s, e = m.tokens
    for i in range(s, e):
        h = doc[i].head.i
        if not (s <= h < e) or h == i:
            return doc[i]
    return doc[s]
