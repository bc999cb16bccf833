"""The post phrase: a position head with its lexicon modifiers and the complements that name the post."""
from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Doc, Token

from ... import resources
from ...nlp.views import texts_at, with_pos
from ...resources import fold
from ..common import (
    MentionIndex,
    case_of,
    children,
    inflect_nominative,
    lemma,
    noun_gender,
)
from .lexicon import ORG_WORDS, PositionLexicon, position_lexicon

ORG_LABELS = ("ORG", "LOC")
# posts named after the post they serve: "заместитель министра", "помощник президента"
DEPUTY_HEADS = resources.words("roles/deputy_heads")


@dataclass
class Position:
    head: Token
    kind: str
    tokens: list[Token]  # contiguous phrase, in order
    normal: str
    org_path_start: list[Token]  # where to look for the organisation


def _modifiers(head: Token, lex: PositionLexicon) -> list[Token]:
    """Adjacent left modifiers from the lexicon (``исполнительный``, ``чрезвычайный и полномочный``)."""
    mods: list[Token] = []
    i = head.i - 1
    while i >= head.sent.start:
        t = head.doc[i]
        i -= 1
        if t.is_space:
            continue
        attached = {head.i} | {m.i for m in mods}
        if t.pos_ == "ADJ" and lemma(t) in lex.modifiers and (t.head.i in attached or t.head.i == t.i + 2):
            mods.insert(0, t)
        elif t.pos_ == "CCONJ" and mods:
            mods.insert(0, t)
        else:
            break
    while mods and mods[0].pos_ == "CCONJ":
        mods.pop(0)
    return mods


def _complements(head: Token, mi: MentionIndex, lex: PositionLexicon) -> list[Token]:
    """Common-noun genitive/``по`` complements that belong to the post (``министр финансов``)."""
    out: list[Token] = []

    def walk(t: Token, depth: int) -> None:
        if depth > 3:
            return
        for c in children(t, ("nmod",)):
            # a served post is often capitalised and tagged a proper noun: "помощник Президента"
            served = c.pos_ == "PROPN" and DEPUTY_HEADS & {lemma(t), fold(t.text)} and lex.head_kind(c)
            if c.i < t.i or mi.at(c.i) is not None or (c.pos_ != "NOUN" and not served):
                continue
            if c.i + 1 < len(c.doc) and c.doc[c.i + 1].text == "." and len(c.text) <= 4:
                continue  # an abbreviation before a name ("г. Казани", "обл.") belongs to the name
            if lemma(c) in ORG_WORDS or (lex.head_kind(c) and not DEPUTY_HEADS & {lemma(t), fold(t.text)}):
                continue  # a post under a deputy's title is part of it: "заместитель министра"
            if any(mi.at(g.i, ORG_LABELS) is not None and g.dep_ in ("appos", "flat", "flat:name")
                   for g in c.children):
                continue
            pr = [g for g in c.children if g.dep_ == "case"]
            if pr and not all(fold(p.text) in ("по",) for p in pr):
                continue
            if not pr and case_of(c) not in ("Gen", None):
                continue
            out.append(c)
            out.extend(g for g in c.children if g.dep_ in ("amod", "case") and g.i < c.i)
            # "министр промышленности и торговли": a coordinated complement in the same case
            for g in children(c, ("conj",)):
                if g.i > c.i and g.pos_ == "NOUN" and mi.at(g.i) is None and case_of(g) == case_of(c):
                    out.append(g)
                    out.extend(x for x in g.children if x.dep_ in ("amod", "cc") and x.i < g.i)
            walk(c, depth + 1)

    walk(head, 0)
    return out


def _contiguous(head: Token, extra: list[Token]) -> list[Token]:
    """The maximal run of tokens around ``head`` that are all in ``extra`` (or spaces)."""
    ids = {t.i for t in extra} | {head.i}
    doc = head.doc
    s = head.i
    while s - 1 >= 0 and (s - 1 in ids or (doc[s - 1].is_space and s - 2 in ids)):
        s -= 1
    e = head.i
    while e + 1 < len(doc) and (e + 1 in ids or (doc[e + 1].is_space and e + 2 in ids)):
        e += 1
    return [t for t in doc[s:e + 1] if not t.is_space]


def normalize_phrase(tokens: list[Token], head: Token) -> str:
    gender = noun_gender(head.text) or (head.morph.get("Gender") or [None])[0]
    words = []
    for t in tokens:
        if t.i == head.i:
            words.append(inflect_nominative(t.text, "NOUN", case_of(t)))
        elif t.i < head.i and t.pos_ == "ADJ":
            words.append(inflect_nominative(t.text, "ADJ", case_of(t), gender))
        else:
            words.append(fold(t.text))
    text = " ".join(words)
    return text.replace(" - ", "-").replace(" ,", ",")


def find_positions(sdoc: Doc, mi: MentionIndex) -> list[Position]:
    lex = position_lexicon()
    out = []
    nouns = with_pos(sdoc, ("NOUN", "PROPN"))
    for i, text in zip(nouns, texts_at(sdoc, nouns)):
        # head_kind's own first gates (part of speech, stem), read from the arrays, so only the
        # few words that pass them become Token objects
        if not lex._may_match(fold(text)) or mi.at(i, ("PER",)) is not None:
            continue
        tok = sdoc[i]
        kind = lex.head_kind(tok)
        if not kind or "Plur" in tok.morph.get("Number"):
            continue  # plural posts ("представители", "кандидат в президенты") name no one person
        mods = _modifiers(tok, lex)
        comps = _complements(tok, mi, lex)
        toks = _contiguous(tok, mods + comps)
        while toks and toks[-1].pos_ in ("ADP", "CCONJ", "PUNCT"):
            toks.pop()
        out.append(Position(tok, kind, toks, normalize_phrase(toks, tok), [tok] + comps))
    # "министра" inside "заместитель министра финансов" is the post served, not one of its own
    inside = {t.i for p in out for t in p.tokens if t.i != p.head.i}
    return [p for p in out if p.head.i not in inside]
