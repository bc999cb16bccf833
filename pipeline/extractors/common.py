"""Shared pieces of the role and event extractors: mention lookup, tree and morphology helpers."""
from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from typing import Iterable, Iterator

from spacy.tokens import Doc, Token

from ..nlp import morph_vocab
from ..resources import fold


def lemma(tok: Token) -> str:
    return fold(tok.lemma_ or tok.text)


# --------------------------------------------------------------------------- mentions


@dataclass
class MentionIndex:
    """Token index -> entity mention covering it (mentions come from the ``entities`` extractor)."""

    by_token: dict
    mentions: list
    entities: list
    entity_ids: list
    others: list = field(default_factory=list)  # the tagger's other labels (FACILITY, ...): no entity, not in ``at``

    @classmethod
    def from_results(cls, results) -> "MentionIndex":
        mentions = list(results.mentions or [])
        by_token = {}
        for m in mentions:
            s, e = m.tokens
            for i in range(s, e):
                by_token.setdefault(i, m)
        return cls(by_token, mentions, list(results.entities or []), list(results.entity_ids or []),
                   list(getattr(results, "other_mentions", None) or []))

    def at(self, i: int, labels: Iterable[str] | None = None):
        m = self.by_token.get(i)
        if m is not None and (labels is None or m.label in labels):
            return m
        return None

    def entity_id(self, m) -> str | None:
        if m is None or m.entity is None or m.entity >= len(self.entity_ids):
            return None
        return self.entity_ids[m.entity]

    def name(self, m) -> str | None:
        if m is None or m.entity is None or m.entity >= len(self.entities):
            return None
        return self.entities[m.entity].name or m.normal


# --------------------------------------------------------------------------- tree


def children(tok: Token, deps: Iterable[str] | None = None) -> Iterator[Token]:
    deps = set(deps) if deps is not None else None
    for c in tok.children:
        if c.is_space:
            continue
        if deps is None or c.dep_ in deps or c.dep_.split(":")[0] in deps:
            yield c


def case_of(tok: Token) -> str | None:
    v = tok.morph.get("Case")
    return v[0] if v else None


def preps(tok: Token) -> set[str]:
    """Lemmas of the prepositions (``case`` children) of a nominal; multiword ones joined (``в ходе``)."""
    out = set()
    cs = [c for c in tok.children if c.dep_ in ("case", "fixed") and c.i < tok.i]
    for c in cs:
        out.add(fold(c.text))
        fixed = [f for f in c.children if f.dep_ == "fixed"]
        if fixed:
            out.add(" ".join([fold(c.text)] + [fold(f.text) for f in fixed]))
    if cs:
        first = min(c.i for c in cs)
        out.add(" ".join(fold(t.text) for t in tok.doc[first:tok.i] if not t.is_space))
    return out


def is_passive(tok: Token) -> bool:
    if "Pass" in tok.morph.get("Voice"):
        return True
    return any(c.dep_ in ("aux:pass", "nsubj:pass") for c in tok.children)


def conjuncts(tok: Token) -> list[Token]:
    """The token and every token coordinated with it (``X и Y``)."""
    out = [tok]
    stack = [tok]
    while stack:
        t = stack.pop()
        for c in t.children:
            if c.dep_ == "conj" and c not in out:
                out.append(c)
                stack.append(c)
    return out


# --------------------------------------------------------------------------- morphology


@lru_cache(maxsize=50_000)
def inflect_nominative(word: str, pos: str, case: str | None, gender: str | None = None,
                       number: str = "Sing") -> str:
    """``word`` in the nominative (singular by default), or lowercased as is when that fails."""
    w = fold(word)
    if case == "Nom" and number is None:
        return w
    try:
        forms = morph_vocab()(w)
    except Exception:
        return w
    want_pos = {"NOUN", "PROPN"} if pos in ("NOUN", "PROPN") else {pos}
    cands = [f for f in forms if f.pos in want_pos] or list(forms)
    if case:
        cands = [f for f in cands if f.feats.get("Case") == case] or cands
    for f in cands:
        grams = {"Nom"}
        if number:
            grams.add(number)
        if gender and pos == "ADJ":
            grams.add(gender)
        try:
            g = f.inflect(grams)
        except Exception:
            g = None
        if g is None and number:
            try:
                g = f.inflect({"Nom"})
            except Exception:
                g = None
        if g is not None:
            return fold(g.word)
    return w


def noun_gender(word: str) -> str | None:
    try:
        for f in morph_vocab()(fold(word)):
            if f.pos == "NOUN":
                return f.feats.get("Gender")
    except Exception:
        return None
    return None


def sentence_bounds(doc: Doc, tok: Token) -> tuple[int, int]:
    """Char span of the token's sentence without surrounding whitespace."""
    sent = tok.sent
    toks = [t for t in sent if not t.is_space]
    if not toks:
        return sent.start_char, sent.end_char
    return toks[0].idx, toks[-1].idx + len(toks[-1].text)
