"""The anchor of relative dates, the one code path ``run.process`` and the ``rupress_dates`` component share:
the document's own date, else a dateline in its text, else the run's default."""
from __future__ import annotations

import datetime as dt

from ..ingest.published import parse_iso, plausible, set_aside_note

Anchor = dt.date | dt.datetime


def as_anchor(value) -> Anchor | None:
    """A date, a datetime (its UTC offset dropped: wall-clock time) or ISO text as an anchor, else None."""
    if isinstance(value, dt.datetime):
        return value.replace(tzinfo=None)
    if value is None or isinstance(value, dt.date):
        return value
    return parse_iso(str(value))


def find_anchor(record, text: str, default=None, notes: list[str] | None = None
                ) -> tuple[Anchor | None, str | None, str | None]:
    """(anchor, the text it was read from, where: ``record``, ``dateline`` or ``option``), or three Nones.

    A record's date or a dateline outside the years a publication can have (``published.YEARS``) is set
    aside: the next source is tried, and the reason is appended to ``notes`` (``documents.warnings``)."""
    got = as_anchor(record)
    if got is not None:
        if plausible(got):
            return got, record if isinstance(record, str) else got.isoformat(), "record"
        if notes is not None:
            notes.append(set_aside_note("published_at", record if isinstance(record, str) else got.isoformat()))
    try:
        from .dates import find_dateline

        line = find_dateline(text)
    except Exception:  # a dateline is optional: a failure to read one must not cost the document
        line = None
    got = as_anchor(line)
    if got is not None:
        if plausible(got):
            return got, line, "dateline"
        if notes is not None:
            notes.append(set_aside_note("the dateline's date", line))
    got = as_anchor(default)
    if got is not None:
        return got, None, "option"
    return None, None, None
