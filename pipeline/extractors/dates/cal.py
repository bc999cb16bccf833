"""Calendar intervals: (first day, last day) of months, quarters, seasons, weeks; nearest instances."""
from __future__ import annotations

import calendar
import datetime as dt


def last_day(y: int, m: int) -> int:
    return calendar.monthrange(y, m)[1]


def month_iv(y, m):
    return dt.date(y, m, 1), dt.date(y, m, last_day(y, m))


def year_iv(y):
    return dt.date(y, 1, 1), dt.date(y, 12, 31)


def quarter_iv(y, q):
    return dt.date(y, 3 * q - 2, 1), dt.date(y, 3 * q, last_day(y, 3 * q))


def half_iv(y, h):
    return (dt.date(y, 1, 1), dt.date(y, 6, 30)) if h == 1 else (dt.date(y, 7, 1), dt.date(y, 12, 31))


def season_iv(y, s):
    """Winter of year y runs from December of y-1 to the end of February of y."""
    if s == 0:
        return dt.date(y - 1, 12, 1), dt.date(y, 2, last_day(y, 2))
    m0 = (3, 6, 9)[s - 1]
    return dt.date(y, m0, 1), dt.date(y, m0 + 2, last_day(y, m0 + 2))


def week_iv(d):
    mon = d - dt.timedelta(days=d.weekday())
    return mon, mon + dt.timedelta(days=6)


def month_part(y, mo, part):
    """Beginning, middle or end of a month: days 1-10, 11-20, 21-last."""
    lo, hi = ((1, 10), (11, 20), (21, last_day(y, mo)))[part]
    return dt.date(y, mo, lo), dt.date(y, mo, hi)


def add_months(d: dt.date, n: int) -> dt.date:
    k = d.year * 12 + d.month - 1 + n
    y, m = divmod(k, 12)
    return dt.date(y, m + 1, min(d.day, last_day(y, m + 1)))


def _dist(a: dt.date, iv) -> int:
    s, e = iv
    if s <= a <= e:
        return 0
    return (s - a).days if a < s else (a - e).days


def nearest(anchor: dt.date, make, side: str | None = None):
    """The instance (over the anchor's year and its neighbours) nearest the anchor.

    ``side`` "past" keeps instances begun by the anchor, "fut" those not over before it (a
    tense decides); without one on that side, the nearest of all."""
    best = None
    for y in (anchor.year, anchor.year - 1, anchor.year + 1):  # ties keep the anchor's year
        try:
            iv = make(y)
        except ValueError:
            continue
        if side == "past" and iv[0] > anchor or side == "fut" and iv[1] < anchor:
            continue
        d = _dist(anchor, iv)
        if best is None or d < best[0]:
            best = (d, iv)
    if best is None and side is not None:
        return nearest(anchor, make)
    return best[1] if best else None


def two_digit_year(yy: int, anchor: dt.date | None) -> int:
    """"15.10.18": within ten years after the anchor, else the century before."""
    if anchor is None:
        return 2000 + yy if yy <= 69 else 1900 + yy
    y = anchor.year // 100 * 100 + yy
    return y - 100 if y > anchor.year + 10 else y


def ok_year(y: int) -> bool:
    return 1000 <= y <= 2199
