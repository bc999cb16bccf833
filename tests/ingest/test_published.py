"""Publication dates: ``normalize_date`` for records and pages, ``parse_iso`` for anchors."""
from __future__ import annotations

import datetime as dt

import pytest

from pipeline.ingest.published import normalize_date, parse_iso, parse_iso_date


def test_normalize_date_forms():
    assert normalize_date("Fri, 12 Mar 2021 10:00:00 +0300") == "2021-03-12T10:00:00+03:00"
    assert normalize_date("12 марта 2021 года") == "2021-03-12"
    assert normalize_date("5 мая 2020 г.") == "2020-05-05"
    assert normalize_date("12.03.2021 10:05") == "2021-03-12T10:05:00"
    assert normalize_date("") is None and normalize_date(None) is None and normalize_date("1.1.0001") is None


@pytest.mark.parametrize("raw, expected", [
    ("1 января 2021", "2021-01-01"),
    ("1 Января 2021", "2021-01-01"),
    ("3 сентября 2020 года, 14:30", "2020-09-03T14:30:00"),
    ("31 декабря 2019 г", "2019-12-31"),
    ("12 май 2021", "2021-05-12"),
    ("12 мае 2021", None),  # May's stem is too short: only "мая" and "май" count
    ("12 янв 2021", None),  # abbreviations are not publication dates
    ("30 февраля 2021", None),
])
def test_normalize_date_russian_months(raw, expected):
    assert normalize_date(raw) == expected


def test_parse_iso():
    assert parse_iso("2021-03-12") == dt.date(2021, 3, 12)
    assert parse_iso(" 2021-03-12T10:05:00Z ") == dt.datetime(2021, 3, 12, 10, 5)
    assert parse_iso("2021-03-12T10:05:00+03:00") == dt.datetime(2021, 3, 12, 10, 5)
    assert parse_iso(None) is None and parse_iso("") is None and parse_iso("12.03.2021") is None


def test_parse_iso_date_takes_dates_only():
    assert parse_iso_date("2021-03-12") == dt.date(2021, 3, 12)
    assert parse_iso_date("yesterday") is None and parse_iso_date("2021-03-12T10:00") is None
