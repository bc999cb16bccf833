"""Natasha's models, loaded once per process from the installed wheels (no downloads)."""
from __future__ import annotations

from functools import lru_cache


@lru_cache(maxsize=1)
def _embedding():
    from natasha import NewsEmbedding

    return NewsEmbedding()


@lru_cache(maxsize=1)
def morph_model():
    from natasha import NewsMorphTagger

    return NewsMorphTagger(_embedding())


@lru_cache(maxsize=1)
def syntax_model():
    from natasha import NewsSyntaxParser

    return NewsSyntaxParser(_embedding())


@lru_cache(maxsize=1)
def ner_model():
    from natasha import NewsNERTagger

    return NewsNERTagger(_embedding())


@lru_cache(maxsize=1)
def morph_vocab():
    from natasha import MorphVocab

    return MorphVocab()
