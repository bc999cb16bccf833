"""Size limits of one read. Read as ``limits.NAME`` when used, so a caller (or a test) can tighten them here."""
from __future__ import annotations

# the hard ceiling of one document: a longer one is a too_long row. Below it a long document is
# processed in windows (``--window-chars``), so 10 M characters finish in bounded memory.
DEFAULT_MAX_CHARS = 10_000_000

HTML_MARKUP_FACTOR = 10  # raw HTML may be this many times larger than the text cap
JSON_ESCAPE_FACTOR = 12  # "\ud83d\ude00" is 12 bytes for one character
ARCHIVE_MEMBER_FACTOR = 20  # per-member cap = this × the byte cap of one document ...
ARCHIVE_MEMBER_MAX_BYTES = 80 * 1024**2  # ... but no more than this (what it was at 1 M characters) unless one
# document needs more: the raised document ceiling does not raise the bomb guard
ARCHIVE_MAX_TOTAL_BYTES = 2 * 1024**3
ARCHIVE_MAX_RATIO = 100
ARCHIVE_RATIO_FLOOR = 1 << 20  # ratios are only judged above this many uncompressed bytes
ARCHIVE_MAX_MEMBERS = 100_000
HEAD_BYTES = 1 << 16


class Options:
    """The fields to read and the byte caps derived from ``max_chars``, fixed when a read starts."""

    def __init__(self, *, max_chars: int, text_field: str, html_field: str | None, id_field: str = "id",
                 date_field: str = "published_at", title_field: str = "title"):
        self.max_chars = max_chars
        self.text_field = text_field
        self.html_field = html_field
        self.id_field = id_field
        self.date_field = date_field
        self.title_field = title_field
        self.text_cap = 4 * max_chars + 16  # no encoding needs more than 4 bytes a character
        self.html_cap = HTML_MARKUP_FACTOR * self.text_cap
        markup = HTML_MARKUP_FACTOR if html_field else 1
        self.line_cap = JSON_ESCAPE_FACTOR * max_chars * markup + 65536
        self.csv_field_cap = 2 * max_chars * markup + 1024
        self.member_cap = max(min(ARCHIVE_MEMBER_FACTOR * self.text_cap, ARCHIVE_MEMBER_MAX_BYTES),
                              self.text_cap, 1 << 20)

