"""Date and time expressions, resolved to ISO intervals against an anchor.

``vocab`` (words, from resources/dates) -> ``grammar`` (patterns -> facts) -> ``resolve``
(fact + anchor -> interval) -> ``driver`` (selection, weekday ``tense``, times in context).
"""
from .driver import GRANULARITIES, KINDS, DateMatch, extract_dates, find_dateline

__all__ = ["GRANULARITIES", "KINDS", "DateMatch", "extract_dates", "find_dateline"]
