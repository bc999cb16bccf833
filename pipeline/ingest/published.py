"""Publication dates: the one reader of ISO dates and of the date forms pages and records carry."""
from __future__ import annotations

import email.utils
import os
import re
from datetime import date, datetime
from functools import lru_cache

from .. import resources

__all__ = ["YEARS", "labelled_date", "normalize_date", "parse_iso", "parse_iso_date", "plausible", "read_date",
           "set_aside_note"]

# The years a publication date can have: printed news exists since the 1600s, and a date past 2199
# is a placeholder (``9999-12-31``) or a typo. A date outside is set aside with a warning, not read.
YEARS = (1600, 2199)

_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_DMY = re.compile(r"^(\d{1,2})\.(\d{1,2})\.(\d{4})(?:[ ,T]+(\d{1,2}):(\d{2})(?::(\d{2}))?)?$")
_RU_DATE = re.compile(
    r"^(\d{1,2})\s+([а-яё]+)\s+(\d{4})(?:\s*(?:года|г\.?))?(?:[\s,]+(\d{1,2}):(\d{2}))?$", re.I
)


def parse_iso(value: str | None) -> date | datetime | None:
    """A date, or a naive datetime, from ISO 8601 text; None when it is not one."""
    if not value:
        return None
    v = value.strip()
    try:
        if _ISO_DATE.match(v):
            return date.fromisoformat(v)
        d = datetime.fromisoformat(v.replace("Z", "+00:00"))
        return d.replace(tzinfo=None)
    except ValueError:
        return None


def parse_iso_date(value: str) -> date | None:
    """A calendar date in ISO form (what ``--anchor-date`` takes), or None."""
    try:
        return date.fromisoformat(value)
    except ValueError:
        return None


@lru_cache(maxsize=None)
def _month_stems() -> dict[str, int]:
    # The stem all case forms of a month share ("январ"): any word it begins names that month.
    return {os.path.commonprefix(row["forms"].split("|")): int(row["month"])
            for row in resources.table("dates/months")}


def plausible(d: date) -> bool:
    """A publication date within ``YEARS``."""
    return YEARS[0] <= d.year <= YEARS[1]


def set_aside_note(field: str, value) -> str:
    """The ``documents.warnings`` entry for a publication date outside ``YEARS``."""
    return (f"{field} {str(value)[:200]!r} is outside the years {YEARS[0]}-{YEARS[1]} a publication date can have; "
            f"set aside.")


def normalize_date(value) -> str | None:
    """ISO 8601 form of a publication date string within ``YEARS``, or None (``read_date`` tells which)."""
    d = read_date(value)
    return d if d is not None and plausible(date.fromisoformat(d[:10])) else None


def read_date(value) -> str | None:
    """ISO 8601 form of a publication date string, any year, or None if it cannot be read.

    Accepts ISO 8601 dates and datetimes, ``DD.MM.YYYY[ HH:MM[:SS]]``, RFC 2822,
    ``12 марта 2021 [года|г.]`` (month names from the dates vocabulary) and the English forms
    python-dateutil reads (``April 5, 2023``). Dates keep their precision: a date stays a date.
    """
    if not isinstance(value, str):
        return None
    s = value.strip()
    if not s or len(s) > 64 or s[0] in "+-\u2212":  # a signed year ("-2021-01-01") is no publication date
        return None
    try:
        if _ISO_DATE.match(s):
            d = date.fromisoformat(s)
            return d.isoformat()
        if s[:4].isdigit() and len(s) >= 10 and s[4] == "-":
            dt = datetime.fromisoformat(s)
            return dt.isoformat()
    except ValueError:
        pass
    m = _DMY.match(s)
    if m:
        day, month, year, hh, mm, ss = m.groups()
        try:
            if hh is None:
                d = date(int(year), int(month), int(day))
                return d.isoformat()
            dt = datetime(int(year), int(month), int(day), int(hh), int(mm), int(ss or 0))
            return dt.isoformat()
        except ValueError:
            return None
    m = _RU_DATE.match(s)
    if m:
        day, month_word, year, hh, mm = m.groups()
        month_word = month_word.lower()
        # May's stem "ма" begins too many words: only its two forms in dates count.
        month = next((n for stem, n in _month_stems().items() if month_word.startswith(stem)
                      and (stem != "ма" or month_word in ("мая", "май"))), None)
        if month is None:
            return None
        try:
            if hh is None:
                d = date(int(year), month, int(day))
                return d.isoformat()
            dt = datetime(int(year), month, int(day), int(hh), int(mm))
            return dt.isoformat()
        except ValueError:
            return None
    if "," in s or any(c.isalpha() for c in s[:3]):
        try:
            dt = email.utils.parsedate_to_datetime(s)
        except (TypeError, ValueError, IndexError, OverflowError):
            dt = None
        if dt is not None:
            return dt.isoformat()
    return _dateutil(s)


_YEAR = re.compile(r"(?<!\d)\d{4}(?!\d)")
_TIME = re.compile(r"\d:\d\d")


def _dateutil(s: str) -> str | None:
    """Other written forms (``April 5, 2023``, ``5 Apr 2023 10:00``) through python-dateutil.

    Only complete dates: the text must hold a four-digit year, and parsing it against two
    different defaults must agree (dateutil fills a missing day or month from the default).
    Day first, as Russian writes 05/04/2023.
    """
    if not _YEAR.search(s):
        return None
    from dateutil import parser

    try:
        a = parser.parse(s, dayfirst=True, default=datetime(2000, 1, 1))
        b = parser.parse(s, dayfirst=True, default=datetime(2001, 2, 2))
    except (ValueError, OverflowError, TypeError):
        return None
    if a.date() != b.date():
        return None
    if not _TIME.search(s):
        return a.date().isoformat()
    return a.isoformat()


_HEAD_LINES, _TAIL_LINES, _LINE_CHARS = 10, 5, 120
_AT_TIME = re.compile(r"\s+в\s+(?=\d{1,2}:\d\d)")


@lru_cache(maxsize=None)
def _labelled_line() -> re.Pattern:
    labels = sorted(resources.words("dates/published_labels"), key=len, reverse=True)
    alt = "|".join(re.escape(x).replace(r"\ ", r"\s+") for x in labels)
    return re.compile(rf"^\s*(?:{alt})\s*(?::\s*|\s+)(?P<v>.+?)[\s.;]*$", re.I)


def labelled_date(text: str) -> str | None:
    """ISO form of the date a labelled line gives (``Дата публикации: 6 февраля 2025 года, 09:35``,
    ``Опубликовано: 06.02.2025``; labels in ``resources/dates/published_labels.txt``), else None.

    Only a text's first ten and last five lines are looked at, and the whole rest of the line must be
    a date ``normalize_date`` reads (``Дата: уточняется`` is none)."""
    lines = text[:_HEAD_LINES * 400].splitlines()[:_HEAD_LINES] + text[-_TAIL_LINES * 400:].splitlines()[-_TAIL_LINES:]
    pattern = _labelled_line()
    for line in lines:
        if len(line) > _LINE_CHARS:
            continue
        m = pattern.match(line)
        if m:
            got = normalize_date(_AT_TIME.sub(", ", m["v"]))
            if got is not None:
                return got
    return None
