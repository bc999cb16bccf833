"""Error rows of the ingest stage, and the exceptions that become them."""
from __future__ import annotations

from ..types import ErrorRecord

_DECODE_ERRORS = frozenset(("empty", "binary", "undecodable"))


class ArchiveError(Exception):
    """Raised while reading an archive member; ends that member (or the archive)."""


class BombError(ArchiveError):
    pass


class CorruptError(ArchiveError):
    pass


class DecodeFailure(Exception):
    def __init__(self, error: str, message: str):
        super().__init__(message)
        self.error = error
        self.message = message


def err(source: str, doc_id: str | None, error: str, message: str) -> ErrorRecord:
    stage = "decode" if error in _DECODE_ERRORS else "ingest"
    return ErrorRecord(source=safe(source), doc_id=doc_id, stage=stage, error=error, message=safe(message))


def valid_text(s: str) -> bool:
    try:
        s.encode("utf-8")
    except UnicodeEncodeError:  # lone surrogates (surrogate-escaped file names, JSON "\ud800")
        return False
    return True


def safe(s: str) -> str:
    """A string that can be written anywhere (surrogate escapes from odd file names made visible)."""
    return s if valid_text(s) else s.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
