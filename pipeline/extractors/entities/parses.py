"""pymorphy's parses of a word, cached once per process for every entity module (rules and people alike)."""
from __future__ import annotations

from functools import lru_cache

from ...nlp import morph_vocab


@lru_cache(maxsize=100_000)
def parses(word: str) -> tuple:
    """pymorphy's parses of ``word``, cached: one lookup per word per process (name words are read
    several times, by the rules, the normal forms and the corpus linker)."""
    return tuple(morph_vocab().parse(word))
