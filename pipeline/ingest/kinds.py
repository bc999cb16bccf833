"""What a file or member name holds, judged by its extension."""
from __future__ import annotations

import posixpath

KINDS = {
    ".txt": "text",
    ".md": "markdown",
    ".html": "html",
    ".htm": "html",
    ".jsonl": "jsonl",
    ".csv": "csv",
    ".zip": "zip",
    ".tar": "tar",
    ".tar.gz": "tar",
    ".tgz": "tar",
}
ARCHIVES = frozenset(("zip", "tar"))
_EXTS_LONGEST_FIRST = sorted(KINDS, key=len, reverse=True)


def split_name(name: str) -> tuple[str, str]:
    """(stem, lower-case extension) with ``.tar.gz`` treated as one extension."""
    low = name.lower()
    for ext in _EXTS_LONGEST_FIRST:
        if low.endswith(ext) and len(name) > len(ext):
            return name[: -len(ext)], ext
    stem, ext = posixpath.splitext(name)
    return stem, ext.lower()
