"""Natasha's models, loaded once per process from the installed wheels (no downloads), their
CNN taggers run by ``kernels`` (same weights, same outputs, about twice as fast)."""
from __future__ import annotations

from functools import lru_cache

from .kernels import speed_up


@lru_cache(maxsize=1)
def _embedding():
    from natasha import NewsEmbedding

    return NewsEmbedding()


@lru_cache(maxsize=1)
def morph_model():
    from natasha import NewsMorphTagger

    return speed_up(NewsMorphTagger(_embedding()))


@lru_cache(maxsize=1)
def syntax_model():
    from natasha import NewsSyntaxParser

    return speed_up(NewsSyntaxParser(_embedding()))


@lru_cache(maxsize=1)
def ner_model():
    from natasha import NewsNERTagger

    return speed_up(NewsNERTagger(_embedding()))


@lru_cache(maxsize=1)
def morph_vocab():
    from natasha import MorphVocab

    return MorphVocab()
