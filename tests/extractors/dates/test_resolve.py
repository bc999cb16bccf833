"""The resolvers alone: a fact and an anchor in, an interval out (no text, no patterns)."""
import datetime as dt

import pytest

from pipeline.extractors.dates.grammar import Fact
from pipeline.extractors.dates.resolve import resolve, weekday_date

A = dt.date(2021, 3, 17)  # a Wednesday


def _f(type, **fields):
    return Fact(type, 0, 1, 3, **fields)


@pytest.mark.parametrize("fact,anchor,kind,v0,v1", [
    (_f("dm", day=3, month=1), A, "date", dt.date(2021, 1, 3), dt.date(2021, 1, 3)),  # the nearest
    (_f("dm", day=28, month=12), dt.date(2021, 1, 5), "date", dt.date(2020, 12, 28), dt.date(2020, 12, 28)),
    (_f("dm", day=27, month=12, ryoff=-1), A, "relative", dt.date(2020, 12, 27), dt.date(2020, 12, 27)),
    (_f("dm", day=3, month=1), None, "date", None, None),
    (_f("numdate", day=17, month=9, year=15, short=True), dt.date(2004, 6, 1), "date",
     dt.date(1915, 9, 17), dt.date(1915, 9, 17)),
    (_f("range_d", day1=28, day2=5, month1=12, month2=1), dt.date(2021, 1, 2), "range",
     dt.date(2020, 12, 28), dt.date(2021, 1, 5)),
    (_f("part", unit="quarter", n=3), A, "quarter", dt.date(2021, 7, 1), dt.date(2021, 9, 30)),
    (_f("season", season=0, adj=True, adjoff=-1), A, "relative", dt.date(2020, 12, 1), dt.date(2021, 2, 28)),
    (_f("rel_unit", unit="week", off=1), A, "relative", dt.date(2021, 3, 22), dt.date(2021, 3, 28)),
    (_f("shift", parts=[("halfyear", 1)], sign=-1), A, "relative", dt.date(2020, 9, 1), dt.date(2020, 9, 30)),
    (_f("mod", of="year", part=2, year=2017), A, "year", dt.date(2017, 10, 1), dt.date(2017, 12, 31)),
    (_f("decade", dec=90, short=True), A, "decade", dt.date(1990, 1, 1), dt.date(1999, 12, 31)),
])
def test_resolver_table(fact, anchor, kind, v0, v1):
    c = resolve(fact, anchor)
    assert (c.kind, c.v0, c.v1) == (kind, v0, v1)


def test_impossible_dates_are_rejected():
    assert resolve(_f("dm", day=31, month=4, year=2020), A) is None
    assert resolve(_f("year", year=3000), A) is None


@pytest.mark.parametrize("wd,mode,tense,expected", [
    (0, None, "past", dt.date(2021, 3, 15)), (0, None, "fut", dt.date(2021, 3, 22)),
    (2, "before", None, dt.date(2021, 3, 10)), (2, "after", None, dt.date(2021, 3, 24)),
    (4, None, None, dt.date(2021, 3, 19)),
])
def test_weekday_date(wd, mode, tense, expected):
    assert weekday_date(wd, mode, tense, A) == expected
