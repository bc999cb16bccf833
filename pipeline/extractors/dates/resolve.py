"""Fact + anchor -> interval: pure functions, one per ``Fact.type`` (see ``RESOLVERS``).

A resolver returns a :class:`Cand` (or a list of them), with ``v0``/``v1`` None when the anchor
is missing, or None when the fact is no date after all (31 April, year 3000).
"""
from __future__ import annotations

import datetime as dt

from .cal import (
    add_months, half_iv, month_iv, month_part, nearest, ok_year, quarter_iv, season_iv,
    two_digit_year, week_iv, year_iv,
)


class Cand:
    """A resolved candidate row; ``extra`` carries what the driver resolves in context."""

    __slots__ = ("start", "end", "kind", "gran", "v0", "v1", "anchored", "prio", "extra", "fact", "duration", "open")

    def __init__(self, start, end, kind, gran, v0=None, v1=None, anchored=False, prio=5, extra=None):
        self.start, self.end, self.kind, self.gran = start, end, kind, gran
        self.v0, self.v1, self.anchored, self.prio, self.extra = v0, v1, anchored, prio, extra
        self.fact = self.duration = self.open = None


YEARLY = ("yearly",)  # extra of a row whose year was chosen near the anchor: a tense may move it


def _cand(f, kind, gran, iv=None, anchored=False, extra=None):
    v0, v1 = iv or (None, None)
    return Cand(f.start, f.end, kind, gran, v0, v1, anchored, f.prio, extra)


def with_time(c: Cand, hm):
    """Attach (hour, minute) to a single-day candidate."""
    if hm is None:
        return c
    c.gran = "minute"
    if c.kind == "date":
        c.kind = "datetime"
    if c.v0 is not None:
        c.v0 = c.v1 = dt.datetime(c.v0.year, c.v0.month, c.v0.day, *hm)
    return c


def year_of(f, a):
    """(year, used_anchor) of a fact's year part; year None when absent or unresolvable."""
    if f.year is not None:
        return (two_digit_year(f.year, a), a is not None) if f.short else (f.year, False)
    if f.ryoff is not None:
        return (None, True) if a is None else (a.year + f.ryoff, True)
    return None, False


def _rel(f) -> bool:
    return f.ryoff is not None


def day_date(y, mo, d, a, side=None):
    """A day with an optional year: (iv, anchored), iv None when unresolvable."""
    if y is not None:
        try:
            x = dt.date(y, mo, d)
        except ValueError:
            return None, False
        return (x, x), False
    if a is None:
        return None, True

    def make(yy):
        x = dt.date(yy, mo, d)
        return x, x
    return nearest(a, make, side), True


def _weekday_year(mo, d, wd, a):
    """"сб, 21 сен.": the instance near the anchor that falls on the weekday, else the nearest."""
    def make(yy):
        x = dt.date(yy, mo, d)
        if x.weekday() != wd:
            raise ValueError
        return x, x
    return nearest(a, make) or day_date(None, mo, d, a)[0]


def numdate(f, a):
    if not 1 <= f.month <= 12:
        return None
    if f.year is None:  # "01.04.": a day and month only
        if not 1 <= f.day <= 31:
            return None
        iv, used = day_date(None, f.month, f.day, a, f.side)
        c = _cand(f, "date", "day", iv, anchored=used and a is not None, extra=YEARLY)
        return with_time(c, f.time)
    y = two_digit_year(f.year, a) if f.short else f.year
    if not ok_year(y):
        return None
    try:
        x = dt.date(y, f.month, f.day)
    except ValueError:
        return None
    return with_time(_cand(f, "date", "day", (x, x), anchored=f.short and a is not None), f.time)


def iso(f, a):
    try:
        x = dt.date(f.year, f.month, f.day)
    except ValueError:
        return None
    return with_time(_cand(f, "date", "day", (x, x)), f.time)


def dm(f, a):
    y, used = year_of(f, a)
    if y is not None and not ok_year(y):
        return None
    yearly = y is None and not _rel(f)
    if yearly and f.weekday is not None and a is not None:
        iv, used = _weekday_year(f.month, f.day, f.weekday, a), True
    elif yearly:
        iv, used = day_date(None, f.month, f.day, a, f.side)
    elif y is None:
        iv = None
    else:
        iv, _ = day_date(y, f.month, f.day, a)
        if iv is None:
            return None
    kind = "relative" if _rel(f) else "date"
    c = _cand(f, kind, "day", iv, anchored=used and a is not None)
    if yearly and f.weekday is None:
        c.extra = YEARLY
    return with_time(c, f.time)


def enum_d(f, a):
    y, used = year_of(f, a)
    if y is not None and not ok_year(y):
        return None
    out = []
    for s, e, d in f.days:
        if y is None and _rel(f):
            iv = None
        else:
            iv, used2 = day_date(y, f.month, d, a)
            used = used or used2
            if iv is None and y is not None:
                return None
        v0, v1 = iv or (None, None)
        out.append(Cand(s, e, "relative" if _rel(f) else "date", "day", v0, v1, used and a is not None, f.prio))
    return out


def enum_y(f, a):
    if not all(ok_year(y) for _, _, y in f.years):
        return None
    return [Cand(s, e, "year", "year", *year_iv(y), prio=f.prio) for s, e, y in f.years]


def _fill_range(y1, m1, d1, y2, m2, d2, a, used, side=None):
    """A day range whose left side may lack month and year: (iv, used_anchor)."""
    if m1 is None:
        m1 = m2
    if y2 is None:
        if a is None:
            return None, True
        e_iv = nearest(a, lambda yy: (dt.date(yy, m2, d2), dt.date(yy, m2, d2)), side)
        if e_iv is None:
            return None, True
        y2, used = e_iv[0].year, True
    if y1 is None:
        y1 = y2 if (m1, d1) <= (m2, d2) else y2 - 1
    try:
        return (dt.date(y1, m1, d1), dt.date(y2, m2, d2)), used
    except ValueError:
        return None, used


def range_d(f, a):
    y2, used = year_of(f, a)
    if _rel(f) and y2 is None:
        return _cand(f, "range", "day")
    iv, used2 = _fill_range(f.year1, f.month1, f.day1, y2, f.month2, f.day2, a, used, f.side)
    if iv is None and not used2:
        return None
    if iv is not None and iv[0] > iv[1]:
        return None
    return _cand(f, "range", "day", iv, anchored=used2 and a is not None, extra=YEARLY if y2 is None else None)


def range_n(f, a):
    """A numeric day range; the left side may lack its month and year ("14. - 15.10.2018")."""
    if not (1 <= f.month2 <= 12 and 1 <= (f.month1 or 1) <= 12):
        return None
    y1 = two_digit_year(f.year1, a) if f.short1 else f.year1
    y2 = two_digit_year(f.year2, a) if f.short2 else f.year2
    if y2 is None and y1 is not None:
        y2 = y1
    used = f.short1 or f.short2
    iv, used2 = _fill_range(y1, f.month1, f.day1, y2, f.month2, f.day2, a, used, f.side)
    if iv is None and not used2 or iv is not None and iv[0] > iv[1]:
        return None
    return _cand(f, "range", "day", iv, anchored=used2 and a is not None, extra=YEARLY if y2 is None else None)


def range_m(f, a):
    m1, m2, y1 = f.month1, f.month2, f.year1
    y2, used = year_of(f, a)
    if y2 is None and y1 is not None and not _rel(f):
        y2 = y1 if m2 >= m1 else y1 + 1
    if y2 is None:
        if a is None or _rel(f):
            return _cand(f, "range", "month")
        y2, used = nearest(a, lambda yy: month_iv(yy, m2), f.side)[0].year, True
    if y1 is None:
        y1 = y2 if m1 <= m2 else y2 - 1
    s, e = month_iv(y1, m1)[0], month_iv(y2, m2)[1]
    if s > e:
        return None
    return _cand(f, "range", "month", (s, e), anchored=used and a is not None, extra=YEARLY if used else None)


def range_y(f, a):
    if not (ok_year(f.year1) and ok_year(f.year2)) or f.year1 >= f.year2:
        return None
    return _cand(f, "range", "year", (dt.date(f.year1, 1, 1), dt.date(f.year2, 12, 31)))


def clock(f, a):
    """A time or time range: the day comes later, from a neighbouring date or the anchor."""
    return _cand(f, f.kind, "minute", extra=("time", f.t1, f.t2))


def my(f, a):
    y, used = year_of(f, a)
    kind = "relative" if _rel(f) else "month"
    if y is None:
        return _cand(f, kind, "month") if _rel(f) else None
    if not ok_year(y):
        return None
    return _cand(f, kind, "month", month_iv(y, f.month), anchored=used)


def month(f, a):
    if a is None:
        return _cand(f, "month", "month")
    return _cand(f, "month", "month", nearest(a, lambda yy: month_iv(yy, f.month), f.side), anchored=True,
                 extra=YEARLY)


def rel_month(f, a):
    """"в следующем мае": the first such month after the anchor's; "в прошлом марте" the last before."""
    c = _cand(f, "relative", "month")
    if a is None:
        return c
    k = a.year * 12 + a.month - 1
    for _ in range(12):
        k += 1 if f.off > 0 else -1
        if k % 12 + 1 == f.month:
            break
    if f.off == 0:  # "в этом мае": the anchor's year
        k = a.year * 12 + f.month - 1
    c.v0, c.v1 = month_iv(k // 12, k % 12 + 1)
    c.anchored = True
    return c


def year(f, a):
    return _cand(f, "year", "year", year_iv(f.year)) if ok_year(f.year) else None


def part(f, a):
    """A quarter or half of the named year, else of the anchor's year."""
    interval = quarter_iv if f.unit == "quarter" else half_iv
    y, used = year_of(f, a)
    kind = "relative" if _rel(f) else f.unit
    if y is None:
        if a is None:
            return _cand(f, kind, f.unit)
        y, used = a.year, True
    return _cand(f, kind, f.unit, interval(y, f.n), anchored=used)


def season(f, a):
    s = f.season
    y, used = year_of(f, a)
    kind = "relative" if (f.adj or _rel(f)) else "season"
    if y is not None:
        return _cand(f, kind, "season", season_iv(y, s), anchored=used)
    if a is None:
        return _cand(f, kind, "season")
    off = f.adjoff
    if off is None or off == 0:
        iv = nearest(a, lambda yy: season_iv(yy, s), f.side)
        return _cand(f, kind, "season", iv, anchored=True, extra=None if off == 0 else YEARLY)
    elif off < 0:
        past = [iv for iv in (season_iv(yy, s) for yy in range(a.year - 2, a.year + 2)) if iv[1] < a]
        iv = past[off] if len(past) >= -off else None
    else:
        ivs = [season_iv(yy, s) for yy in range(a.year - 1, a.year + 3)]
        iv = [iv for iv in ivs if iv[0] > a][off - 1]
    return _cand(f, kind, "season", iv, anchored=True)


def _decade_start(f, a):
    return two_digit_year(f.dec, a) if f.short else f.dec


def decade(f, a):
    y0 = _decade_start(f, a)
    if not ok_year(y0):
        return None
    return _cand(f, "decade", "decade", (dt.date(y0, 1, 1), dt.date(y0 + 9, 12, 31)),
                 anchored=f.short and a is not None)


def mod(f, a):
    """Beginning, middle or end of a month, a year or a decade."""
    p = f.part
    if f.of == "month":
        y, used = year_of(f, a)
        if y is None and not _rel(f):
            if a is None:
                return _cand(f, "month", "day")
            y, used = nearest(a, lambda yy: month_iv(yy, f.month), f.side)[0].year, True
            return _cand(f, "month", "day", month_part(y, f.month, p), anchored=used, extra=YEARLY)
        if y is None:
            return _cand(f, "relative", "day")
        return _cand(f, "relative" if _rel(f) else "month", "day", month_part(y, f.month, p), anchored=used)
    if f.of == "this_month":
        if a is None:
            return _cand(f, "relative", "day")
        return _cand(f, "relative", "day", month_part(a.year, a.month, p), anchored=True)
    if f.of == "year":
        if f.year is not None:
            if not ok_year(f.year):
                return None
            y, used, kind = f.year, False, "year"
        else:
            if a is None:
                return _cand(f, "relative", "quarter")
            y, used, kind = a.year + f.ryoff, True, "relative"
        q0, q1 = ((1, 1), (2, 3), (4, 4))[p]
        return _cand(f, kind, "quarter", (quarter_iv(y, q0)[0], quarter_iv(y, q1)[1]), anchored=used)
    y0 = _decade_start(f, a)
    if not ok_year(y0):
        return None
    lo, hi = ((0, 3), (4, 6), (7, 9))[p]
    return _cand(f, "decade", "year", (dt.date(y0 + lo, 1, 1), dt.date(y0 + hi, 12, 31)), anchored=f.short)


def rel_day(f, a):
    c = _cand(f, "relative", "day")
    if a is not None:
        c.v0 = c.v1 = a + dt.timedelta(days=f.days)
        c.anchored = True
    return with_time(c, f.time)


def rel_unit(f, a):
    """This/last/next year, month, week, quarter or half."""
    c = _cand(f, "relative", f.unit)
    if a is None:
        return c
    c.anchored, off = True, f.off
    if f.unit == "year":
        c.v0, c.v1 = year_iv(a.year + off)
    elif f.unit == "month":
        x = add_months(a.replace(day=1), off)
        c.v0, c.v1 = month_iv(x.year, x.month)
    elif f.unit == "week":
        c.v0, c.v1 = week_iv(a + dt.timedelta(days=7 * off))
    elif f.unit == "quarter":
        q = (a.month - 1) // 3 + off
        c.v0, c.v1 = quarter_iv(a.year + q // 4, q % 4 + 1)
    else:
        h = (a.month - 1) // 6 + off
        c.v0, c.v1 = half_iv(a.year + h // 2, h % 2 + 1)
    return c


_CLOCK_MINUTES = {"minute": 1, "halfhour": 30, "hour": 60}
_MONTHS = {"month": 1, "halfyear": 6, "year": 12}


def _fmt_gran(parts) -> str:
    units = {u for u, _ in parts}
    for u, g in (("minute", "minute"), ("halfhour", "minute"), ("hour", "hour"), ("day", "day"),
                 ("week", "day"), ("month", "month"), ("halfyear", "month")):
        if u in units:
            return g
    return "year" if all(float(n).is_integer() for _, n in parts) else "month"  # "полтора года"


def shift(f, a, now=None):
    """"через две недели", "2 часа назад": the publication day (or time) moved by the amount."""
    gran = _fmt_gran(f.parts)
    c = _cand(f, "relative", gran)
    minutes = sum(_CLOCK_MINUTES[u] * n for u, n in f.parts if u in _CLOCK_MINUTES)
    if minutes:  # a clock offset needs the publication time, not just its day
        if now is None:
            return c
        x = now + dt.timedelta(minutes=f.sign * minutes)
        c.v0 = c.v1 = x.replace(second=0, microsecond=0)
        c.anchored = True
        return c
    if a is None:
        return c
    c.anchored = True
    days = sum(n * (7 if u == "week" else 1) for u, n in f.parts if u in ("day", "week"))
    months = round(sum(n * _MONTHS[u] for u, n in f.parts if u in _MONTHS))
    x = add_months(a, f.sign * months) + dt.timedelta(days=f.sign * days)
    if gran == "day":
        c.v0 = c.v1 = x
    else:
        c.v0, c.v1 = month_iv(x.year, x.month) if gran == "month" else year_iv(x.year)
    return c


# letter, and the smaller unit a half or a fraction is counted in ("полгода" = 6 months)
_ISO_UNITS = {"year": ("Y", 12, "M"), "halfyear": ("M", 6, "M"), "month": ("M", 30, "D"), "week": ("W", 7, "D"),
              "day": ("D", 24, "H"), "hour": ("H", 60, "M"), "halfhour": ("M", 30, "M"), "minute": ("M", 1, "M")}


def iso_duration(parts) -> str:
    """ISO 8601 duration of an amount: [("week", 2)] -> "P2W", [("hour", 2), ("minute", 21)] -> "PT2H21M"."""
    date, clock = {}, {}
    for u, n in parts:
        letter, per, sub = _ISO_UNITS[u]
        if u.startswith("half") or not float(n).is_integer():  # "полгода", "полтора года": in months
            n, letter = n * per, sub
        bucket = clock if u in _CLOCK_MINUTES or letter == "H" else date
        bucket[letter] = bucket.get(letter, 0) + round(n)
    out = "P" + "".join(f"{date[k]}{k}" for k in "YMWD" if k in date)
    if clock:
        out += "T" + "".join(f"{clock[k]}{k}" for k in "HM" if k in clock)
    return out


def duration(f, a):
    """A length of time ("в течение двух недель"): no interval, its ISO 8601 duration."""
    c = _cand(f, "duration", _fmt_gran(f.parts))
    c.duration = iso_duration(f.parts)
    return c


def recurrence(f, a):
    """A repetition ("ежегодно", "каждый понедельник"): kind set, its period as the duration."""
    if f.parts:
        c = _cand(f, "set", _fmt_gran(f.parts))
        c.duration = iso_duration(f.parts)
    else:
        c = _cand(f, "set", f.gran)
        c.duration = f.period
    return c


def span(f, a, now=None):
    """"последние 2 недели", "следующие 3 часа": whole units before or after the current one."""
    n, sign, u = f.n, f.sign, f.unit
    c = _cand(f, "relative", "day" if u == "week" else u)
    if u in ("hour", "minute"):
        if now is None:
            return c
        step = dt.timedelta(hours=1) if u == "hour" else dt.timedelta(minutes=1)
        cur = now.replace(minute=0 if u == "hour" else now.minute, second=0, microsecond=0)
        lo, hi = (cur - n * step, cur - dt.timedelta(minutes=1)) if sign < 0 else \
            (cur + step, cur + (n + 1) * step - dt.timedelta(minutes=1))
    elif a is None:
        return c
    elif u == "day":
        lo, hi = (a - dt.timedelta(days=n), a - dt.timedelta(days=1)) if sign < 0 else \
            (a + dt.timedelta(days=1), a + dt.timedelta(days=n))
    elif u == "week":
        mon, sun = week_iv(a)
        lo, hi = (mon - dt.timedelta(days=7 * n), mon - dt.timedelta(days=1)) if sign < 0 else \
            (sun + dt.timedelta(days=1), sun + dt.timedelta(days=7 * n))
    elif u == "month":
        a1 = a.replace(day=1)
        first, last = (add_months(a1, -n), add_months(a1, -1)) if sign < 0 else (add_months(a1, 1), add_months(a1, n))
        lo, hi = first, month_iv(last.year, last.month)[1]
    else:
        y0, y1 = (a.year - n, a.year - 1) if sign < 0 else (a.year + 1, a.year + n)
        lo, hi = dt.date(y0, 1, 1), dt.date(y1, 12, 31)
    c.v0, c.v1, c.anchored = lo, hi, True
    return c


def holiday(f, a):
    """A fixed-date holiday: in its year, else the next one (the last one in a past-tense sentence)."""
    if f.year is not None:
        if not ok_year(f.year):
            return None
        x = dt.date(f.year, f.month, f.day)
        return _cand(f, "date", "day", (x, x))
    if a is None:
        return _cand(f, "date", "day")
    iv, _ = day_date(None, f.month, f.day, a, f.side or "fut")
    return _cand(f, "date", "day", iv, anchored=True, extra=YEARLY)


def weekday(f, a):
    """A weekday: its date needs the tense of the sentence, so the driver fills it in."""
    c = _cand(f, "weekday", "day", anchored=a is not None, extra=("weekday", f.weekday, f.mode))
    if f.weekend:  # "в выходные": Saturday and the Sunday after it
        c.extra = ("weekend", f.weekday, f.mode)
    if f.time is not None:
        c.gran = "minute"
        c.extra = ("weekday", f.weekday, f.mode, f.time)
    return c


def weekday_date(wd, mode, tense, a: dt.date) -> dt.date:
    """The weekday ``wd`` before, after or nearest ``a``; ``tense`` decides when ``mode`` does not."""
    if mode == "before" or (mode is None and tense == "past"):
        back = (a.weekday() - wd) % 7
        if mode == "before" and back == 0:
            back = 7
        return a - dt.timedelta(days=back)
    if mode == "after" or (mode is None and tense == "fut"):
        fwd = (wd - a.weekday()) % 7 or 7
        return a + dt.timedelta(days=fwd)
    back = (a.weekday() - wd) % 7
    fwd = (wd - a.weekday()) % 7
    return a - dt.timedelta(days=back) if back <= fwd else a + dt.timedelta(days=fwd)


def vague(f, a):
    """A vague phrase ("в последние годы"): found, its value left unresolved."""
    return _cand(f, "vague", f.gran)


RESOLVERS = {
    "numdate": numdate, "iso": iso, "dm": dm, "enum_d": enum_d, "enum_y": enum_y,
    "range_d": range_d, "range_n": range_n, "range_m": range_m, "range_y": range_y, "clock": clock,
    "my": my, "month": month, "year": year, "part": part, "season": season, "decade": decade,
    "mod": mod, "rel_day": rel_day, "rel_month": rel_month, "rel_unit": rel_unit, "shift": shift, "span": span, "holiday": holiday,
    "duration": duration, "set": recurrence,
    "weekday": weekday, "vague": vague,
}
_CLOCKED = {"shift", "span"}  # resolvers that read the publication time


def resolve(f, a, now=None):
    """The candidate row(s) for a fact against anchor date ``a`` and time ``now`` (or None)."""
    c = RESOLVERS[f.type](f, a, now) if f.type in _CLOCKED else RESOLVERS[f.type](f, a)
    if isinstance(c, Cand):
        c.fact = f
    return c
