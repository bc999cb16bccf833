"""Evaluation against factRuEval-2016: corpus reader, scorers, plain-natasha baseline."""
from .factru import GoldDoc, GoldFact, GoldMention, read_corpus
from .scoring import (
    PRF,
    format_table,
    score_events_against_facts,
    score_mentions,
    score_occupations,
)

__all__ = [
    "GoldDoc",
    "GoldFact",
    "GoldMention",
    "read_corpus",
    "PRF",
    "format_table",
    "score_events_against_facts",
    "score_mentions",
    "score_occupations",
]
