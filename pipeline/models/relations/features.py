"""Features of the relation models, shared by training (``training/relations_train.py``) and the
run-time extractors, so both compute the same ids.

Features are strings hashed (crc32) into ``BUCKETS`` rows of a linear model's weight table, so
the ids depend neither on the training data nor on the process. The functions read a parsed spaCy
``Token`` (razdel tokens, Natasha morphology and UD tree); what only the caller knows (the
trigger lexicon's type for the word, the entity label of a mention) is passed in.
"""
from __future__ import annotations

import zlib
from typing import Sequence

import numpy as np

from ...resources import fold

BUCKETS = 1 << 18
MAX_PATH = 4  # dependency steps kept in a path feature


def _lemma(tok) -> str:
    return fold(tok.lemma_ or tok.text)


def _m(tok, key: str) -> str:
    v = tok.morph.get(key)
    return v[0] if v else ""


_IDS: dict[str, int] = {}  # feature string -> bucket; the same strings recur in every document


def feature_id(f: str) -> int:
    i = _IDS.get(f)
    if i is None:
        if len(_IDS) > 1_000_000:  # bounded: a long run over varied text must not grow it for ever
            _IDS.clear()
        i = _IDS[f] = zlib.crc32(f.encode("utf-8")) % BUCKETS
    return i


_MORPH: dict = {}  # morph hash -> {feature: first value}, as ``_m`` reads them


def _feats_of(doc, key: int) -> dict:
    """``_feats`` of a token by its morphology key (``Token.morph.key``)."""
    got = _MORPH.get(key)
    if got is None:
        from ...nlp.views import morph_dict

        if len(_MORPH) > 50_000:
            _MORPH.clear()
        got = _MORPH[key] = {k: v.split(",")[0] for k, v in morph_dict(doc, key, {}).items()}
    return got


def _feats(tok) -> dict:
    key = tok.morph.key
    got = _MORPH.get(key)
    if got is None:
        if len(_MORPH) > 50_000:
            _MORPH.clear()
        got = _MORPH[key] = {k: v.split(",")[0] for k, v in tok.morph.to_dict().items()}
    return got


def hash_ids(feats: Sequence[str]) -> np.ndarray:
    return np.fromiter(map(feature_id, feats), dtype=np.int64, count=len(feats))


def trigger_features(tok, lex: str = "", mention: str = "") -> list[str]:
    """Is this word an event trigger (the head of a NEREL EVENT)? ``lex``: the trigger lexicon's
    event type for the word ("" when none); ``mention``: the label of the entity mention covering
    it ("" when none). Training reads a token at a time; the view of its document is kept for the
    next token of the same document."""
    doc = tok.doc
    if _LAST_VIEW[0] is not doc:
        _LAST_VIEW[:] = [doc, DocView(doc)]
    return trigger_features_at(_LAST_VIEW[1], tok.i, lex, mention)


_LAST_VIEW: list = [None, None]  # (doc, its DocView)


_CHILD_LEMMA_DEPS = frozenset(("case", "aux", "aux:pass", "cop", "advmod", "amod", "obj", "nmod", "det"))


class DocView:
    """What ``trigger_features`` reads of a parsed ``Doc``, read once per document into lists:
    building a spaCy ``Token`` per look-up was most of the learned event layer's time."""

    def __init__(self, doc):
        from ...nlp import views

        self.text = views.texts(doc)
        self.lemma = views.folded_lemmas(doc)
        self.pos = views.pos_tags(doc)
        self.dep = views.deps(doc)
        self.head = views.heads(doc)
        keys = views.morph_keys(doc)
        self.feats = list(map(_MORPH.get, keys))
        if None in self.feats:
            self.feats = [f if f is not None else _feats_of(doc, k) for f, k in zip(self.feats, keys)]
        self.children: list[list[int]] = [[] for _ in self.text]
        for i, h in enumerate(self.head):
            if h != i:
                self.children[h].append(i)
        self.sent = [(0, 0)] * len(self.text)
        for s, e in views.sentence_bounds(doc):
            self.sent[s:e] = [(s, e)] * (e - s)


def trigger_features_at(v: DocView, i: int, lex: str = "", mention: str = "") -> list[str]:
    """The trigger features of token ``i`` (see ``trigger_features``), read from a ``DocView``."""
    w, pos, dep = v.lemma[i], v.pos[i], v.dep[i]
    h = v.head[i]
    hw = v.lemma[h]
    start, end = v.sent[i]
    first = i == start
    prev = v.lemma[i - 1] if not first else "<s>"
    nxt = v.lemma[i + 1] if i + 1 < end else "</s>"
    m = v.feats[i]
    f = ["bias", f"l={w}", f"p={pos}", f"lp={w}|{pos}", f"d={dep}", f"dp={dep}|{pos}",
         f"h={hw}", f"hp={v.pos[h]}", f"hd={v.dep[h]}|{dep}", f"s3={w[-3:]}|{pos}",
         f"s4={w[-4:]}|{pos}", f"s2={w[-2:]}", f"lex={lex}", f"lexp={lex}|{pos}", f"m={mention}",
         f"mp={mention}|{pos}", f"vf={m.get('VerbForm', '')}", f"asp={m.get('Aspect', '')}",
         f"voice={m.get('Voice', '')}", f"num={m.get('Number', '')}|{pos}", f"case={m.get('Case', '')}|{pos}",
         f"l-1={prev}", f"l+1={nxt}", f"l-1p={prev}|{pos}", f"hl={hw}|{w}",
         f"cap={v.text[i][:1].isupper() and not first}|{pos}",
         f"root={h == i}"]
    kids = v.children[i]
    for c in kids:
        cd = v.dep[c]
        f.append(f"cd={cd}|{pos}")
        if cd in _CHILD_LEMMA_DEPS:
            f.append(f"cl={cd}|{v.lemma[c]}")
    if dep == "obj" or dep == "nsubj" or dep == "nsubj:pass":
        f.append(f"hv={hw}|{dep}")
    for c in kids:
        if v.dep[c] == "case":
            f.append(f"prep={v.lemma[c]}|{w}")
    return f


def _path(a, b) -> tuple[list[str], int]:
    """Dependency path from token a up to the common ancestor and down to b, as labels."""
    up_a = [a] + list(a.ancestors)
    up_b = [b] + list(b.ancestors)
    ids_b = {t.i: k for k, t in enumerate(up_b)}
    for k, t in enumerate(up_a):
        if t.i in ids_b:
            j = ids_b[t.i]
            ups = ["^" + x.dep_ for x in up_a[:k]]
            downs = ["v" + x.dep_ for x in reversed(up_b[:j])]
            return ups + downs, k + j
    return ["?"], 99


def between_count(trig, arg, others) -> int:
    """How many other candidates (token indices of the argument's type) lie strictly between the
    trigger and the argument: the nearest of several is the likelier argument."""
    lo, hi = sorted((trig.i, arg.i))
    return sum(1 for i in others if lo < i < hi)


def pair_features(trig, arg, arg_type: str, voice: str = "", between: int | None = None) -> list[str]:
    """Features of (event trigger word, argument head word); ``arg_type`` is the argument's coarse
    type (PER, ORG, LOC, DATE, PROF, ...); ``voice`` the event's voice when known; ``between`` the
    ``between_count`` of the candidate when the caller knows the other candidates."""
    path, n = _path(trig, arg)
    ps = "|".join(path) if n <= MAX_PATH else f"long{min(n, 9)}"
    short = "|".join(path[:2]) + ("…" if n > 2 else "")
    tl, tp = _lemma(trig), trig.pos_
    d = arg.i - trig.i
    dist = "0" if d == 0 else ("+" if d > 0 else "-") + str(min(abs(d), 6) if abs(d) <= 6 else (10 if abs(d) <= 10 else 20))
    prep = ""
    for c in arg.children:
        if c.dep_ == "case":
            prep = _lemma(c)
            break
    case = _m(arg, "Case")
    if not voice:
        voice = "passive" if ("Pass" in trig.morph.get("Voice")
                              or any(c.dep_ in ("aux:pass", "nsubj:pass") for c in trig.children)) \
            else ("nominal" if tp == "NOUN" else "active")
    f = ["bias", f"t={arg_type}", f"path={ps}", f"pt={ps}|{arg_type}", f"short={short}|{arg_type}",
         f"tl={tl}|{arg_type}", f"tlp={tl}|{ps}", f"tp={tp}|{arg_type}", f"dist={dist}|{arg_type}",
         f"prep={prep}|{arg_type}", f"prepc={prep}|{case}|{arg_type}", f"tlprep={tl}|{prep}",
         f"v={voice}|{ps}", f"vt={voice}|{arg_type}|{arg.dep_}", f"ad={arg.dep_}|{arg_type}",
         f"ahl={_lemma(arg.head)}|{arg_type}", f"same_head={arg.head.i == trig.i}",
         f"n={min(n, 9)}|{arg_type}", f"case={case}|{tp}|{arg_type}", f"ap={arg.pos_}|{arg_type}"]
    if between is not None:
        b = min(between, 3)
        f += [f"btw={b}|{arg_type}", f"btws={b}|{short}|{arg_type}"]
    return f
