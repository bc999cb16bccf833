"""Events of press-release types with their participants, place and date."""
from .core import extract_events

__all__ = ["extract_events"]
