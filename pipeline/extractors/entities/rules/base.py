"""What a rule is: a function ``(doc, cands) -> cands`` over ``Cand`` token spans; its word lists."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from spacy.tokens import Doc

from .... import resources

OPEN_QUOTES = "«„“\""
CLOSE_QUOTES = "»“”\""


@dataclass(frozen=True)
class Cand:
    start: int  # token indices, end exclusive
    end: int
    label: str
    source: str = "ner"


Rule = Callable[[Doc, list[Cand]], list[Cand]]


def words(name: str) -> frozenset[str]:
    """A word list from ``resources/entities/NAME.txt``."""
    return resources.words("entities/" + name)
