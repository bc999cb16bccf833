"""Issue 25, case 8: a publication date outside the years 1600-2199 (a dateline's or a record's) is set
aside with a ``documents.warnings`` entry, never an error; dates outside what pandas' ``datetime64[ns]``
holds keep their ISO string with a null ``*_dt``; a signed year is no year."""
from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from pipeline import Options, process
from pipeline.extractors.dates import extract_dates
from pipeline.ingest.published import normalize_date
from pipeline.link.corpus import link_corpus
from pipeline.types import Document

BODY = ("Завтра министр обороны Иван Петров встретится с губернатором Олегом Сидоровым в Туле. "
        "В следующем году они подпишут соглашение о сотрудничестве.\n")


def _run(*docs: Document):
    return process(list(docs), Options())


@pytest.mark.parametrize("line", ["Москва, 31 декабря 9999 года.", "Москва, 1 января 1000 года."])
def test_an_implausible_dateline_is_set_aside_with_a_warning(line):
    t = _run(Document(doc_id="a", text=f"{line}\n\n{BODY}", source="a.txt"),
             Document(doc_id="b", text=BODY, source="b.txt"))
    assert t["errors"].empty, t["errors"].to_dict("records")
    docs = t["documents"].set_index("doc_id")
    assert pd.isna(docs.loc["a", "published_at"]) and pd.isna(docs.loc["a", "published_at_source"])
    year = line.split()[-2]
    assert "set aside" in docs.loc["a", "warnings"] and year in docs.loc["a", "warnings"], docs.loc["a", "warnings"]
    assert list(docs["status"]) == ["ok", "ok"]
    ev = t["events"]
    # the document's events are those of the same text with no dateline at all
    assert (ev["doc_id"] == "a").sum() == (ev["doc_id"] == "b").sum() > 0


@pytest.mark.parametrize("raw, kept, held", [("1677-09-21", "1677-09-21", False), ("1600-01-01", "1600-01-01", False),
                                             ("2199-12-31T10:00:00", "2199-12-31T10:00:00", True)])
def test_a_record_date_pandas_cannot_hold_keeps_its_iso_string(raw, kept, held):
    # datetime64[ns] holds 1677-09-21 00:12:43 to 2262-04-11: outside, the *_dt column is null, the ISO stays
    assert normalize_date(raw) == kept
    t = _run(Document(doc_id="r", text=BODY, source="r.jsonl", published_at=normalize_date(raw)))
    d = t["documents"].iloc[0]
    assert d["published_at"] == kept and d["published_at_source"] == "record"
    assert pd.isna(d["published_at_dt"]) != held
    assert t["errors"].empty


@pytest.mark.parametrize("raw", ["-2021-01-01", "+2021-01-01", "−2021-01-01", "9999-12-31", "1599-12-31",
                                 "31.12.9999", "1 января 1000 года", "2200-01-01T00:00:00"])
def test_no_signed_or_implausible_publication_date(raw):
    assert normalize_date(raw) is None


def test_a_record_date_out_of_the_window_is_set_aside_by_process():
    # the API takes ISO strings and dates as they are: the window holds there too
    for value in ("9999-12-31", dt.date(1000, 1, 1)):
        t = _run(Document(doc_id="r", text=BODY, source="r", published_at=value))
        d = t["documents"].iloc[0]
        assert pd.isna(d["published_at"]) and "set aside" in d["warnings"], d.to_dict()
        assert t["errors"].empty


def test_implausible_dates_do_not_feed_first_and_last_seen():
    t = _run(Document(doc_id="a", text=f"Москва, 31 декабря 9999 года.\n\n{BODY}", source="a"),
             Document(doc_id="b", text=f"Москва, 1 января 1000 года.\n\n{BODY}", source="b"),
             Document(doc_id="c", text=BODY, source="c", published_at="2021-03-12"))
    ce = link_corpus(t)["corpus_entities"]
    petrov = ce[ce["name"].astype(str).str.contains("Петров")]
    assert len(petrov) == 1
    assert petrov["first_seen"].iloc[0] == petrov["last_seen"].iloc[0] == "2021-03-12"


def test_dates_resolved_against_the_calendar_edge_do_not_raise():
    got = extract_dates("Завтра и через год, в следующем месяце.", anchor=dt.date(9999, 12, 31))
    assert all(m.value is None or m.value <= "9999-12-31" for m in got)
