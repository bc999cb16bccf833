"""``process(batch) -> Tables``: the one function that runs in-process, in a pool and on Dask."""
from __future__ import annotations

import datetime as dt
import os
import signal
import threading
import time
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Sequence

from ..extractors.base import Context, OptionError, Settings
from ..ingest.published import parse_iso_date
from ..extractors.anchor import find_anchor
from ..extractors.registry import DEFAULT_EXTRACTORS, SelectionError, resolve, run_extractors
from ..nlp import shared
from ..nlp.views import sentence_bounds, spaces
from ..tables import Tables
from ..tables.schema import check_rows
from ..text import normalize
from ..types import Document, ErrorRecord
from . import windows

DEFAULT_WINDOW_CHARS = 100_000

# A document's extraction stops after DOC_SECONDS plus one second per DOC_CHARS_PER_SECOND characters
# (a slowest honest rate, far below the usual ~5,000) and becomes an errors row (``timeout``), so one
# runaway document cannot hold up the run; the rest of its chunk completes. Enforced with SIGALRM,
# so in the main thread of a process (in-process and pool runs; not in Dask's threads).
DOC_SECONDS = float(os.environ.get("RUPRESS_DOC_SECONDS", "120"))
DOC_CHARS_PER_SECOND = 500


def doc_budget(n_chars: int) -> float:
    """Seconds a document of ``n_chars`` characters may take to extract."""
    return DOC_SECONDS + n_chars / DOC_CHARS_PER_SECOND


class DocumentTimeout(BaseException):
    """The document's time budget ran out (a BaseException: no extractor's ``except Exception`` keeps it)."""


@contextmanager
def _budget(seconds: float):
    if seconds is None or seconds == float("inf") or not hasattr(signal, "setitimer") \
            or threading.current_thread() is not threading.main_thread():
        yield
        return
    if seconds <= 0:
        raise DocumentTimeout()

    def on_alarm(signum, frame):
        raise DocumentTimeout()

    old = signal.signal(signal.SIGALRM, on_alarm)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, old)


@dataclass(frozen=True)
class Options:
    """Settings of a run that change its output (part of the resume key), checked here once: a bad
    value raises ``OptionError`` (a ``ValueError``) in one line, the line the command line prints."""

    anchor_date: str | None = None  # ISO date used when a document has no date of its own
    extractors: tuple[str, ...] = DEFAULT_EXTRACTORS  # any selection; validated and ordered on creation
    nlp_batch_size: int = 32
    entity_spans: str = "full"  # "full": mentions include descriptors (мэрии Москвы); "name": names only
    learned_events: bool = True  # False: events from the rules alone (no relation model)
    learned_roles: bool = True  # False: roles from the rules alone (no role scorer)
    window_chars: int = DEFAULT_WINDOW_CHARS  # a longer document is processed in windows (run.windows)

    def __post_init__(self) -> None:
        # an unknown or incomplete selection fails here, before any document is read
        if isinstance(self.extractors, str):
            raise SelectionError(f"extractors must be a list of names, not the string {self.extractors!r}")
        object.__setattr__(self, "extractors", resolve(self.extractors))
        if self.anchor_date is not None:
            day = parse_iso_date(self.anchor_date) if isinstance(self.anchor_date, str) else None
            if day is None:
                raise OptionError("anchor_date",
                                  f"anchor_date must be an ISO date such as 2021-03-12, not {self.anchor_date!r}")
            if not 1800 <= day.year <= 2200:
                # relative dates ("через год") step past date.max/min from the far ends of the calendar
                raise OptionError("anchor_date", f"anchor_date must be within the years 1800-2200, not {self.anchor_date!r}")
        if isinstance(self.window_chars, bool) or not isinstance(self.window_chars, int) or self.window_chars < 1000:
            raise OptionError("window_chars", f"window_chars must be an integer of at least 1000, not {self.window_chars!r}")
        if isinstance(self.nlp_batch_size, bool) or not isinstance(self.nlp_batch_size, int) or self.nlp_batch_size < 1:
            raise OptionError("nlp_batch_size", f"nlp_batch_size must be a positive integer, not {self.nlp_batch_size!r}")
        _ = self.settings  # entity_spans, learned_*: checked by Settings, as the spaCy components check them

    @property
    def settings(self) -> Settings:
        """What the extractors read of these options."""
        return Settings(entity_spans=self.entity_spans, learned_events=self.learned_events,
                        learned_roles=self.learned_roles)

    def key(self) -> str:
        return f"anchor={self.anchor_date};extractors={','.join(self.extractors)};spans={self.entity_spans}" + (
            "" if self.learned_events else ";rules-only-events") + ("" if self.learned_roles else ";rules-only-roles") + (
            "" if self.window_chars == DEFAULT_WINDOW_CHARS else f";window={self.window_chars}")


def _anchor(doc: Document, norm_text: str, options: Options
            ) -> tuple[dt.date | dt.datetime | None, str | None, str | None, list[str]]:
    """Anchor for relative dates: the record's date, else a dateline in the text, else the run's default;
    with the notes of the dates set aside as implausible."""
    notes: list[str] = []
    return (*find_anchor(doc.published_at, norm_text, options.anchor_date, notes), notes)


def _error(doc: Document, stage: str, exc: BaseException) -> dict:
    msg = f"{type(exc).__name__}: {exc}".strip()
    return {"source": doc.source, "doc_id": doc.doc_id, "stage": stage,
            "error": "internal_error", "message": msg[:500]}


def _timeout(doc: Document, stage: str) -> dict:
    return {"source": doc.source, "doc_id": doc.doc_id, "stage": stage, "error": "timeout",
            "message": f"extraction took longer than its budget of {doc_budget(len(doc.text)):.0f} s "
                       f"(RUPRESS_DOC_SECONDS={DOC_SECONDS:g} plus 1 s per {DOC_CHARS_PER_SECOND} characters) "
                       "and was stopped; the document's rows are dropped"}


def _safe(s: str | None) -> str | None:
    return s.encode("utf-8", "replace").decode("utf-8") if isinstance(s, str) else s


def _doc_row(doc: Document, status: str, published: str | None = None, published_source: str | None = None,
             sdoc=None, notes: list[str] = ()) -> dict:
    if notes:  # a publication date was set aside: the record's own is not shown either
        published_source = published_source if published is not None else None
    warnings = [*(doc.meta or {}).get("warnings", []), *notes]
    return {
        "doc_id": _safe(doc.doc_id), "source": _safe(doc.source), "status": status, "n_chars": len(doc.text),
        "sha256": doc.sha256, "encoding": doc.encoding,
        "published_at": published if published is not None or notes else doc.published_at,
        "published_at_source": published_source if published is not None or doc.published_at else None,
        "title": doc.title, "url": doc.url,
        "warnings": " ".join(warnings) or None,
        "n_sentences": len(sentence_bounds(sdoc)) if sdoc is not None else None,
        "n_tokens": len(sdoc) - sum(spaces(sdoc)) if sdoc is not None else None,
        "text": doc.text if status == "ok" else _safe(doc.text),
    }


def process(batch: Sequence[Document | ErrorRecord], options: Options | None = None) -> Tables:
    """Extract every table from a batch of documents (and pass error records through).

    A document longer than ``options.window_chars`` is processed in windows, one at a time, so its
    memory is bounded by the window (``run.windows``); its rows are as for one document.
    """
    options = options or Options()
    rows: dict[str, list[dict]] = {}
    errors = rows.setdefault("errors", [])
    docs: list[Document] = []
    for item in batch:
        if isinstance(item, ErrorRecord):
            errors.append(vars(item).copy())
        elif len(item.text) > options.window_chars:
            _windowed(item, options, rows)
        else:
            docs.append(item)
    _process_docs(docs, options, rows)
    return Tables.from_rows(rows)


def _process_docs(docs: list[Document], options: Options, rows: dict[str, list[dict]], anchor=None,
                  deadline: float | None = None) -> None:
    """Rows of ``docs`` added to ``rows``; ``anchor``: (anchor, published, source) for every doc instead of its own;
    ``deadline``: the ``time.monotonic()`` at which a document's extraction stops (default: ``DOC_SECONDS`` each)."""
    errors = rows.setdefault("errors", [])

    norms = []
    for doc in docs:
        try:
            doc.text.encode("utf-8")  # lone surrogates cannot be stored in any output format
        except UnicodeEncodeError as exc:
            norms.append(ValueError(f"text is not valid Unicode (lone surrogate at {exc.start})"))
            continue
        try:
            norms.append(normalize(doc.text))
        except Exception as exc:  # a bug must cost one document, never the run
            norms.append(exc)

    nlp = shared()
    ok = [i for i, n in enumerate(norms) if not isinstance(n, Exception)]
    sdocs: dict[int, object] = {}
    try:
        for i, sdoc in zip(ok, nlp.pipe((norms[i].text for i in ok), batch_size=options.nlp_batch_size)):
            sdocs[i] = sdoc
    except Exception:
        # One bad document must not take its batch down: redo them one by one.
        for i in ok:
            if i in sdocs:
                continue
            try:
                sdocs[i] = nlp(norms[i].text)
            except Exception as exc:
                sdocs[i] = exc

    for i, doc in enumerate(docs):
        norm = norms[i]
        if isinstance(norm, Exception):
            errors.append(_error(doc, "normalize", norm))
            rows.setdefault("documents", []).append(_doc_row(doc, "error"))
            continue
        sdoc = sdocs.get(i)
        if isinstance(sdoc, Exception) or sdoc is None:
            errors.append(_error(doc, "nlp", sdoc or RuntimeError("no result")))
            rows.setdefault("documents", []).append(_doc_row(doc, "error"))
            continue
        got, published, psource, notes = anchor or _anchor(doc, norm.text, options)
        ctx = Context(doc=doc, norm=norm, sdoc=sdoc, anchor=got, settings=options.settings)
        mine: list[dict] = []
        stage = ["extract"]
        try:
            with _budget(doc_budget(len(doc.text)) if deadline is None else deadline - time.monotonic()):
                produced, failed = run_extractors(ctx, options.extractors,
                                                  lambda st, exc, doc=doc: mine.append(_error(doc, st, exc)),
                                                  check=check_rows,
                                                  on_start=lambda name: stage.__setitem__(0, f"extract:{name}"))
        except DocumentTimeout:  # a runaway document: its rows are dropped, the chunk goes on
            produced, failed, mine = {}, {"timeout"}, [_timeout(doc, stage[0])]
        errors.extend(mine)
        rows.setdefault("documents", []).append(
            _doc_row(doc, "error" if failed else "ok", published, psource, sdoc, notes))
        for table, trows in produced.items():
            rows.setdefault(table, []).extend(trows)


def _windowed(doc: Document, options: Options, rows: dict[str, list[dict]]) -> None:
    """One long document, window by window; its documents row is the whole text's."""
    spans = windows.split_windows(doc.text, options.window_chars)
    from ..extractors.events.release import transcript_start

    talk = transcript_start(doc.text) if len(spans) > 1 else None
    deadline = time.monotonic() + doc_budget(len(doc.text))  # one budget for the whole document, not per window
    anchor = None
    mine: dict[str, list[dict]] = {}
    window_of: dict[str, int] = {}
    n_sent = n_tok = 0
    failed = False
    for k, (a, b) in enumerate(spans):
        # what a window cannot see of the text before it: the lead sentence is the first window's, and
        # a transcript begun before goes on (the events extractor reads both from ``meta``)
        sub = Document(doc_id=doc.doc_id, text=doc.text[a:b], source=doc.source, published_at=doc.published_at,
                       meta={"window": k, "in_transcript": talk is not None and talk < a})
        if anchor is None:  # the record's date, else the first window's dateline, else the run's
            try:
                anchor = _anchor(doc, normalize(sub.text).text, options)
            except Exception:
                anchor = (None, None, None, [])
        got: dict[str, list[dict]] = {}
        _process_docs([sub], options, got, anchor=anchor, deadline=deadline)
        (drow,) = got.pop("documents")
        if any(e["error"] == "timeout" for e in got.get("errors", ())):
            rows.setdefault("errors", []).append(_timeout(doc, "extract"))
            rows.setdefault("documents", []).append(_doc_row(doc, "error", anchor[1], anchor[2], notes=anchor[3]))
            return  # the whole document's rows are dropped, as for a document in one piece
        failed |= drow["status"] != "ok"
        windows.shift_rows(got, doc.doc_id, a, n_sent)
        for table, col in (("entities", "entity_id"), ("events", "event_id")):
            for e in got.get(table, ()):
                window_of[e[col]] = k
        n_sent += drow["n_sentences"] or 0
        n_tok += drow["n_tokens"] or 0
        for table, trows in got.items():
            mine.setdefault(table, []).extend(trows)
    windows.join_entities(mine, window_of)
    windows.join_events(mine, window_of)
    row = _doc_row(doc, "error" if failed else "ok", anchor[1], anchor[2], notes=anchor[3])
    row["n_sentences"], row["n_tokens"] = n_sent, n_tok
    note = f"processed in {len(spans)} windows of at most {options.window_chars} characters"
    row["warnings"] = f"{row['warnings']} {note}" if row["warnings"] else note
    rows.setdefault("documents", []).append(row)
    for table, trows in mine.items():
        rows.setdefault(table, []).extend(trows)
