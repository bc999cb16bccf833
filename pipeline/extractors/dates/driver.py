"""``extract_dates``: scan, keep the longest non-overlapping candidates, resolve them in context."""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from . import tense as T
from ...ingest.published import labelled_date
from .dateline import dateline, leading_dateline
from .cal import ok_year
from .resolve import YEARLY, Cand, resolve, weekday_date
from .scan import lower, scan

KINDS = (
    "date", "range", "relative", "time", "datetime", "dateline", "month", "year",
    "quarter", "half", "season", "decade", "weekday", "open", "duration", "set", "vague",
)
OPEN_SIDES = ("after", "before")  # "с 2020 года": from the interval on; "до конца месяца": up to it
GRANULARITIES = ("year", "half", "quarter", "season", "month", "week", "day", "hour", "minute", "decade")

_DEADLINE_TAIL = re.compile(r"(?:^|(?<=\W))к[^\S\n]+$", re.IGNORECASE)


@dataclass
class DateMatch:
    start: int
    end: int
    text: str
    kind: str
    value: str | None
    value_end: str | None
    granularity: str
    anchor: str | None
    duration: str | None = None  # ISO 8601 duration of a duration or the period of a set ("P2W")
    open: str | None = None  # kind open: "after" or "before" the value interval


def iso(v) -> str | None:
    if v is None:
        return None
    if isinstance(v, dt.datetime):
        return v.strftime("%Y-%m-%dT%H:%M")
    return v.isoformat()


def as_date(anchor) -> dt.date | None:
    if anchor is None:
        return None
    if isinstance(anchor, dt.datetime):
        return anchor.date()
    if isinstance(anchor, dt.date):
        return anchor
    if isinstance(anchor, str):
        return dt.date.fromisoformat(anchor[:10])
    raise TypeError(f"anchor must be a date, datetime or ISO string, not {type(anchor).__name__}")


def find_dateline(text: str, anchor=None) -> str | None:
    """ISO date (or datetime) of a labelled line (``Дата публикации: 6 февраля 2025 года, 09:35``), else
    of a trailing dateline such as ``17.09.15 10:05``, else of a leading one (``Москва, 12 марта 2025
    года.``), else None.

    Two-digit years: 00..69 -> 20xx without ``anchor``; with it, the anchor pivot rule.
    """
    labelled = labelled_date(text)
    if labelled is not None:  # the text says outright which date is its own
        return labelled
    r = dateline(text, as_date(anchor)) or leading_dateline(text)
    return iso(r[2]) if r else None


def _select(cands):
    """Longest first, then by priority: a nested expression is one row."""
    cands.sort(key=lambda c: (-(c.end - c.start), c.prio, c.start))
    taken = []
    for c in cands:
        if c.end <= c.start:
            continue
        if all(c.end <= t.start or c.start >= t.end for t in taken):
            taken.append(c)
    taken.sort(key=lambda c: c.start)
    return taken


_TITLE_OPEN = "«\"“„"


def _in_title(text, c) -> bool:
    """«Один день Ивана Денисовича», «4:44»: a length or a time opening a quoted title names a work."""
    return (c.kind in ("duration", "time") and c.start > 0 and text[c.start - 1] in _TITLE_OPEN
            and (text[c.start].isupper() or text[c.start].isdigit()))


def _same_sentence(text, i, j):
    return T.SENT_BREAK.search(text, min(i, j), max(i, j)) is None


_OPEN_TAIL = re.compile(
    r"(?:^|(?<=\W))(?P<p>начиная[^\S\n]+со?|вплоть[^\S\n]+до|не[^\S\n]+позднее|не[^\S\n]+ранее|со?|после|до)[^\S\n]+$",
    re.IGNORECASE)
_OPEN_AFTER = ("нач", "с", "после", "не ранее")
_NOT_OPEN = ("range", "dateline", "duration", "set", "open", "vague")


def _open_intervals(text, rows):
    """"с 2020 года", "после 14 часов", "до конца месяца": one side open, the preposition in the span.

    "к 2030 году" keeps its preposition and kind (a deadline); "по сравнению с 2019 годом" is no
    interval (the instrumental case)."""
    prev_end = 0
    for c in rows:
        if c.kind not in _NOT_OPEN and c.start - prev_end >= 2:
            lo = max(prev_end, c.start - 16)
            mm = _OPEN_TAIL.search(text, lo, c.start)
            word = text[c.start:c.end].lower()
            if mm is not None and not word.endswith(("ом", "ем", "ём")):
                p = re.sub(r"\s+", " ", mm["p"].lower())
                c.start, c.kind = mm.start(), "open"
                c.open = "after" if p.startswith(_OPEN_AFTER) else "before"
            elif c.kind not in ("time",):
                mm = _DEADLINE_TAIL.search(text, max(prev_end, c.start - 4), c.start)
                if mm is not None and (mm.start() == 0 or not text[mm.start() - 1].isalnum()):
                    c.start = mm.start()
        prev_end = c.end


def _resolve_weekday(c, text, a, doc):
    _, wd, mode = c.extra[:3]
    tense = T.tense(text, c.start, c.end, doc) if mode is None else None
    x = weekday_date(wd, mode, tense, a)
    c.v0 = c.v1 = x if len(c.extra) == 3 else dt.datetime(x.year, x.month, x.day, *c.extra[3])
    if c.extra[0] == "weekend":
        c.v1 = x + dt.timedelta(days=1)


_NEAR = 60  # days


def _resolve_yearly(c, text, a, now, doc):
    """A date without its year in a past-tense sentence is the last one, in a future-tense one the next."""
    if c.fact is None or c.v0 is None:
        return
    v0, v1 = (v.date() if isinstance(v, dt.datetime) else v for v in (c.v0, c.v1))
    if (a - v1).days <= _NEAR and (v0 - a).days <= _NEAR:
        return  # the nearest instance is close enough to trust over the tense
    t = T.tense(text, c.start, c.end, doc)
    if t not in ("past", "fut"):
        return
    c.fact.side = t
    r = resolve(c.fact, a, now)
    if isinstance(r, Cand):
        c.gran, c.v0, c.v1, c.anchored = r.gran, r.v0, r.v1, r.anchored
        c.kind = c.kind if c.kind == "open" else r.kind


def _resolve_clock(rows, i, text, a):
    """A time takes its day from the nearest single-day row in its sentence, else the anchor."""
    c = rows[i]
    t1, t2 = c.extra[1], c.extra[2]
    day = None
    for j in list(range(i - 1, -1, -1)) + list(range(i + 1, len(rows))):
        o = rows[j]
        if o.gran in ("day", "minute") and o.v0 is not None and o.v0 == o.v1 and o.kind != "time" \
                and not (o.extra and o.extra[0] == "time") \
                and _same_sentence(text, min(o.end, c.start), max(o.start, c.end)):
            day = o.v0 if not isinstance(o.v0, dt.datetime) else o.v0.date()
            break
    if day is None:
        day = a
    c.extra = ("time", t1, t2, day)
    if day is not None:
        c.v0 = dt.datetime(day.year, day.month, day.day, *t1)
        c.v1 = dt.datetime(day.year, day.month, day.day, *t2)
        if c.v1 < c.v0:  # "с 23:00 до 5:00" runs past midnight
            c.v1 += dt.timedelta(days=1)


def extract_dates(text: str, anchor=None, doc=None) -> list[DateMatch]:
    """Date expressions in ``text``, resolved against ``anchor`` where they need one."""
    a = as_date(anchor)
    if not text:
        return []
    dl = dateline(text, a)
    if dl is not None and not ok_year(dl[2].year):
        dl = None  # "31.12.9999": a placeholder, no date
    now = anchor if isinstance(anchor, dt.datetime) else None
    if now is None and dl is not None and isinstance(dl[2], dt.datetime) and dl[2].date() == a:
        now = dl[2]  # the dateline's time of the publication day
    cands = scan(lower(text), a, now=now)
    if dl is not None:
        s, e, v = dl
        cands.append(Cand(s, e, "dateline", "minute" if isinstance(v, dt.datetime) else "day", v, v, prio=0))
    rows = [c for c in _select(cands) if not _in_title(text, c)]
    _open_intervals(text, rows)
    for i, c in enumerate(rows):
        if not c.extra:
            continue
        if c.extra is YEARLY:
            if a is not None:
                _resolve_yearly(c, text, a, now, doc)
        elif c.extra[0] in ("weekday", "weekend"):
            if a is not None:
                _resolve_weekday(c, text, a, doc)
        elif c.extra[0] == "time":
            _resolve_clock(rows, i, text, a)

    out = []
    for c in rows:
        anchor_iso = None
        if c.extra and c.extra[0] == "time":
            anchor_iso = iso(c.extra[3])
        elif c.anchored and now is not None and c.gran in ("hour", "minute") and c.kind == "relative":
            anchor_iso = iso(now)
        elif c.anchored and a is not None:
            anchor_iso = a.isoformat()
        out.append(DateMatch(c.start, c.end, text[c.start:c.end], c.kind, iso(c.v0), iso(c.v1),
                             c.gran, anchor_iso, c.duration, c.open))
    return out
