"""The Python API: ``extract`` and ``load``. The CLI calls the same functions."""
from __future__ import annotations

import os
from collections.abc import Iterable, Mapping
from pathlib import Path

from .ingest import documents_from_texts
from .ingest.kinds import KINDS, split_name
from .run import Options, RunSummary, run
from .tables import Tables
from .tables import load as _load
from .types import Document, ErrorRecord


def _split(items) -> tuple[list, list]:
    paths, texts = [], []
    if isinstance(items, (str, os.PathLike)):
        items = [items]
    for it in items:
        if isinstance(it, os.PathLike):
            paths.append(it)
        elif isinstance(it, (Document, ErrorRecord)):
            texts.append(it)
        elif isinstance(it, str):
            if "\n" not in it and len(it) < 4096 and os.path.exists(it):
                paths.append(it)
            elif _path_like(it):
                raise FileNotFoundError(
                    f"input not found: {it!r} (a path that does not exist; pass raw strings as texts=[...])")
            else:
                texts.append(it)
        else:
            raise TypeError(f"cannot extract from {type(it).__name__}: give paths, texts or Documents")
    return paths, texts


def _path_like(s: str) -> bool:
    """One word with a folder separator or a file extension rupress reads: meant as a path, not a text."""
    s = s.strip()
    return bool(s) and not any(c.isspace() for c in s) and (
        "/" in s or "\\" in s or split_name(s)[1] in KINDS)


def extract(paths_or_texts=None, out: str | os.PathLike | None = None, *, texts=None, format: str = "parquet",
            anchor_date: str | None = None, extractors: Iterable[str] | None = None, entity_spans: str = "full",
            learned_events: bool = True, learned_roles: bool = True, with_summary: bool = False,
            window_chars: int | None = None, options: Options | None = None,
            **kwargs) -> Tables | tuple[Tables, RunSummary]:
    """Extract all tables from files/folders (``Path`` or existing path strings), texts, or ``{doc_id: text}``.

    A string that looks like a path (one word with ``/`` or a known extension) but does not exist
    raises ``FileNotFoundError``; ``texts=`` takes raw strings (or ``{doc_id: text}``) that are never
    taken for paths. Returns ``Tables`` (a dict of typed DataFrames); with ``out`` also writes them there.
    ``learned_events=False``: events from the rules alone (no learned trigger and argument layer);
    ``learned_roles=False``: roles from the rules alone (no role scorer).
    ``window_chars``: a longer document is processed in windows of at most this many characters.
    ``options``: an ``Options`` instead of those arguments. The options are checked before any input is
    read: a bad one raises ``OptionError`` (a ``ValueError``), the line the command line prints.
    """
    if options is None:
        more = {"window_chars": window_chars} if window_chars is not None else {}
        if extractors is not None:
            more["extractors"] = tuple(extractors) if not isinstance(extractors, str) else extractors
        options = Options(anchor_date=anchor_date, entity_spans=entity_spans, learned_events=learned_events,
                          learned_roles=learned_roles, **more)
    elif (anchor_date, extractors, entity_spans, learned_events, learned_roles, window_chars) != (
            None, None, "full", True, True, None):
        raise TypeError("give either options= or the option arguments, not both")
    if (paths_or_texts is None) == (texts is None):
        raise ValueError("give either paths_or_texts or texts=, exactly one")
    if texts is not None:
        if isinstance(texts, str):
            texts = [texts]
        if not isinstance(texts, Mapping):
            texts = list(texts)
            bad = next((t for t in texts if not isinstance(t, str)), None)
            if bad is not None:
                raise TypeError(f"texts= takes strings, not {type(bad).__name__}")
        paths_or_texts = documents_from_texts(texts)
    if isinstance(paths_or_texts, Mapping):
        items = documents_from_texts(paths_or_texts)
    else:
        paths, texts = _split(paths_or_texts)
        if paths and texts:
            raise ValueError("give either paths or texts in one call, not both")
        if texts:
            docs = [t for t in texts if not isinstance(t, str)]
            strs = [t for t in texts if isinstance(t, str)]
            items = docs + documents_from_texts(strs) if strs else docs
        else:
            items = [str(p) for p in paths]
    tables, summary = run(items, out, format=format, options=options, **kwargs)
    return (tables, summary) if with_summary else tables


def load(path: str | os.PathLike, format: str | None = None):
    """Read an output folder written by ``extract``/``rupress extract`` into typed DataFrames."""
    return _load(Path(path), format)
