"""Records passed between stages."""
from __future__ import annotations

import hashlib
from dataclasses import dataclass, field


@dataclass
class Document:
    """One document as read and decoded. Every offset in every table points into ``text``."""

    doc_id: str
    text: str
    source: str
    published_at: str | None = None  # ISO 8601 date or datetime
    title: str | None = None
    url: str | None = None
    encoding: str | None = None
    meta: dict = field(default_factory=dict)

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.text.encode("utf-8", "surrogatepass")).hexdigest()


@dataclass
class ErrorRecord:
    """A document (or input) that could not be processed, and why."""

    source: str
    doc_id: str | None
    stage: str  # ingest | decode | parse | nlp | extract | ...
    error: str  # short machine-readable class, e.g. "empty", "binary", "undecodable"
    message: str  # one human-readable sentence
