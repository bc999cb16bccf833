"""Entity mentions: Natasha's NER corrected by rules, normal forms, document-level entities."""
from .mentions import Entity, Mention, extract_mentions

__all__ = ["Entity", "Mention", "extract_mentions"]
