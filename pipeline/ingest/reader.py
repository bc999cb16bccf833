"""Read press releases from files, folders and archives.

One :class:`Document` per good document, one :class:`ErrorRecord` per bad one; never raises on bad
input. Nothing is written, no link is followed inside folders or archives, nothing is executed and
no network is used. See docs/inputs.md for the rules.
"""
from __future__ import annotations

import os
from collections.abc import Iterable, Iterator, Mapping, Sequence

from . import walk
from .errors import err
from .limits import DEFAULT_MAX_CHARS, Options
from ..types import Document, ErrorRecord

__all__ = ["DEFAULT_MAX_CHARS", "iter_inputs", "documents_from_texts"]


def iter_inputs(
    inputs: Sequence[str | os.PathLike],
    *,
    max_chars: int = DEFAULT_MAX_CHARS,
    limit: int | None = None,
    text_field: str = "text",
    html_field: str | None = None,
    id_field: str = "id",
    date_field: str = "published_at",
    title_field: str = "title",
) -> Iterator[Document | ErrorRecord]:
    """Yield one Document per good document and one ErrorRecord per bad one, in a deterministic order."""
    if isinstance(inputs, (str, bytes, os.PathLike)):
        inputs = [inputs]  # a lone path, not a sequence of characters
    if not isinstance(max_chars, int) or max_chars < 1:
        raise ValueError(f"max_chars must be a positive integer, got {max_chars!r}")
    if limit is not None and (not isinstance(limit, int) or limit < 0):
        raise ValueError(f"limit must be None or a non-negative integer, got {limit!r}")
    for name, value in (("text_field", text_field), ("id_field", id_field), ("date_field", date_field),
                        ("title_field", title_field)):
        if not value:
            raise ValueError(f"{name} must be a non-empty string")
    opts = Options(max_chars=max_chars, text_field=text_field, html_field=html_field or None, id_field=id_field,
                   date_field=date_field, title_field=title_field)
    return _deduplicated(walk.items(opts, list(inputs)), limit)


def documents_from_texts(texts: Iterable[str] | Mapping[str, str]) -> list[Document]:
    """For the Python API: plain strings get doc_id "doc-000001"... (1-based, zero-padded 6); a mapping uses its keys."""
    if isinstance(texts, str):
        texts = [texts]
    if isinstance(texts, Mapping):
        pairs = [(str(k), v) for k, v in texts.items()]
        if len({k for k, _ in pairs}) != len(pairs):
            raise ValueError("mapping keys collide once converted to str")
    else:
        pairs = [(f"doc-{i:06d}", v) for i, v in enumerate(texts, start=1)]
    docs = []
    for i, (doc_id, text) in enumerate(pairs, start=1):
        if not isinstance(text, str):
            raise TypeError(f"text for {doc_id!r} is {type(text).__name__}, expected str")
        docs.append(Document(doc_id=doc_id, text=text, source=f"<api>#{i}", meta={"format": "text"}))
    return docs


def _deduplicated(items: Iterator[Document | ErrorRecord], limit: int | None):
    seen: dict[str, str] = {}
    count = 0
    try:
        if limit == 0:
            return
        for item in items:
            if isinstance(item, Document):
                first = seen.get(item.doc_id)
                if first is not None:
                    where = (f"an earlier entry of the same name in {first}" if first == item.source
                             else first)  # e.g. two zip members of one name
                    yield err(item.source, item.doc_id, "duplicate_id",
                              f"doc_id {item.doc_id!r} is already used by {where}; this document is skipped.")
                    continue
                seen[item.doc_id] = item.source
                yield item
                count += 1
                if limit is not None and count >= limit:
                    return
            else:
                yield item
    finally:
        items.close()
