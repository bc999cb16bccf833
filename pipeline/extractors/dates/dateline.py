"""The trailing dateline of a release (``17.09.15 10:05``)."""
from __future__ import annotations

import datetime as dt
import re

from .cal import two_digit_year
from .pieces import S, S0

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
