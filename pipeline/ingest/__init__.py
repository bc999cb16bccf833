"""Stage ``ingest``: files, folders, records and archives into ``Document`` and ``ErrorRecord``."""
from .reader import DEFAULT_MAX_CHARS, documents_from_texts, iter_inputs

__all__ = ["DEFAULT_MAX_CHARS", "documents_from_texts", "iter_inputs"]
