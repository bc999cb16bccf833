"""Date and time expressions, resolved to ISO intervals against an anchor."""
from .core import GRANULARITIES, KINDS, DateMatch, extract_dates, find_dateline

__all__ = ["GRANULARITIES", "KINDS", "DateMatch", "extract_dates", "find_dateline"]
