"""A role before it becomes a row: holder, post phrase, organisation, and how it was found."""
from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Token


@dataclass
class Role:
    person: object | None  # entities.Mention (PER)
    head: Token  # the post phrase's head word
    tokens: tuple[int, int]  # the post phrase, token range
    start: int  # its char offsets in the normalized text
    end: int
    normal: str
    kind: str  # "official", "profession" (the lexicon's kind; "learned" for a tagger span)
    org: object | None = None  # entities.Mention (ORG or LOC)
    appointed: bool = False
    how: str = ""  # the rule that found the holder: dash, tree, verb, adjacent, conj, known; "" none
    score: float | None = None  # the learned scorer's probability that the holder holds the post

    @classmethod
    def of_position(cls, pos, person, org, appointed: bool, how: str) -> "Role":
        first, last = pos.tokens[0], pos.tokens[-1]
        return cls(person=person, head=pos.head, tokens=(first.i, last.i + 1), start=first.idx,
                   end=last.idx + len(last.text), normal=pos.normal, kind=pos.kind, org=org,
                   appointed=appointed, how=how)
