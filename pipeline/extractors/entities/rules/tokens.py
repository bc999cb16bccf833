"""Token helpers the rules share (private to this package): lemmas, neighbours across spaces, roots."""
from __future__ import annotations

from spacy.attrs import ORTH, POS
from spacy.parts_of_speech import IDS as POS_IDS
from spacy.tokens import Doc, Token
from weakref import WeakKeyDictionary

_SENT_STARTS: "WeakKeyDictionary[Doc, list[int]]" = WeakKeyDictionary()


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


def sent_starts(doc: Doc) -> list[int]:
    """The first token of each token's sentence, computed once per Doc: ``Token.sent`` walks the whole
    sentence on every call, so a lookup per mention made long sentences quadratic."""
    got = _SENT_STARTS.get(doc)
    if got is None or len(got) != len(doc):
        got = [0] * len(doc)
        for s in doc.sents:
            got[s.start:s.end] = [s.start] * (s.end - s.start)
        _SENT_STARTS[doc] = got
    return got


def _same_sent(doc: Doc, a: int, b: int) -> bool:
    starts = sent_starts(doc)
    return starts[a] == starts[b]


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

