"""Events of press-release types with their participants, place and date.

Stages, one module each: ``triggers`` (trigger words to event skeletons; lexicon in ``lexicon``),
``arguments`` (roles of the tree's dependents; ``mentions`` resolves a word to its mention),
``filters`` (what did not happen), ``timing`` (dates), ``merge`` (topics, anaphora, sides, signers);
``extractor`` runs them in order and writes the rows.
"""
from .extractor import extract_events

__all__ = ["extract_events"]
