"""The dateline of a release: trailing (``17.09.15 10:05``) or leading (``Москва, 12 марта 2025 года.``)."""
from __future__ import annotations

import datetime as dt
import re

from .cal import two_digit_year
from .pieces import S, S0
from .vocab import MONTHS

_DATELINE_LINE = re.compile(
    rf"(?:^|[\s,;|])(?P<d>[0-3]?\d)\.(?P<m>[01]?\d)\.(?P<y>\d{{4}}|\d{{2}})(?:{S0}г\.)?"
    rf"(?:{S}(?P<h>[01]?\d|2[0-3]):(?P<mi>[0-5]\d))?{S0}$")


def dateline(text: str, anchor: dt.date | None):
    """(start, end, date or datetime) of a dateline on one of the last two lines, or None."""
    end = len(text)
    seen = 0
    while end > 0 and seen < 2:
        while end > 0 and text[end - 1].isspace():
            end -= 1
        if end == 0:
            return None
        lo = text.rfind("\n", 0, end) + 1
        line = text[lo:end]
        seen += 1
        if len(line.strip()) > 80:
            return None
        m = _DATELINE_LINE.search(line)
        if m:
            ys = m["y"]
            y = two_digit_year(int(ys), anchor) if len(ys) == 2 else int(ys)
            try:
                x = dt.date(y, int(m["m"]), int(m["d"]))
            except ValueError:
                return None
            if m["h"] is not None:
                x = dt.datetime(x.year, x.month, x.day, int(m["h"]), int(m["mi"]))
            return lo + m.start("d"), lo + m.end(), x
        end = lo
    return None


# "Москва, 12 марта 2025 года." / "МОСКВА, 12.03.2025 —" / "12 марта 2025 г." opening the text:
# an optional place (up to three capitalised words) and a comma, then a full date, then the end
# of the line or a stop or dash ("Вчера, 12 марта 2025 года, компания" is no dateline).
_LEAD = re.compile(
    r"\A\s*(?:[А-ЯЁA-Z][\w\-]*(?:[ \-][А-ЯЁA-Zа-яё][\w\-]*){0,2}\s*,\s*)?"
    r"(?P<d>[0-3]?\d)(?:\s+(?P<mon>[а-яё]+)\s+|\.(?P<m>[01]?\d)\.)(?P<y>\d{4})"
    r"(?:\s*(?:г\.|года|г(?=\W)))?\s*(?:[.—–\-]|\n|\Z)")


def leading_dateline(text: str):
    """(start, end, date) of a dateline opening the text, or None."""
    m = _LEAD.match(text[:120])
    if not m:
        return None
    month = MONTHS.get(m["mon"].lower()) if m["mon"] else int(m["m"])
    if not month:
        return None
    try:
        return m.start("d"), m.end("y"), dt.date(int(m["y"]), month, int(m["d"]))
    except ValueError:
        return None
