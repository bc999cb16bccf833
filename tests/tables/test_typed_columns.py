"""Datetime columns parsed from the ISO strings (which stay), categorical labels and types."""
import pandas as pd
import pytest

from pipeline.tables import FORMATS, Tables, load, write_tables
from pipeline.tables.core import iso_datetime


@pytest.mark.parametrize("text, want", [
    ("2021-03-12", "2021-03-12 00:00:00"), ("2021-03", "2021-03-01 00:00:00"), ("2021", "2021-01-01 00:00:00"),
    ("2021-03-12T10:05", "2021-03-12 10:05:00"), ("2022-04-14T11:00:00+03:00", "2022-04-14 11:00:00"),
])
def test_iso_strings_parse_to_their_first_instant(text, want):
    assert str(iso_datetime(text)) == want


@pytest.mark.parametrize("text", ["2021-W10", "2021-02-30", "вчера", "", None, "1021-01-01"])
def test_what_is_not_a_full_iso_date_is_nat(text):
    assert iso_datetime(text) is pd.NaT


@pytest.mark.parametrize("fmt", FORMATS)
def test_typed_columns_survive_every_format(tmp_path, fmt):
    t = Tables.from_rows({
        "documents": [{"doc_id": "a", "published_at": "2023-02-01T09:30"}, {"doc_id": "b", "published_at": "2023"}],
        "events": [{"doc_id": "a", "event_id": "a#v1", "type": "MEETING", "date_value": "2023-01-30",
                    "location_entity_id": "a#e2"}],
        "mentions": [{"doc_id": "a", "mention_id": "a#m1", "label": "ORG"}],
    })
    write_tables(t, tmp_path, fmt)
    back = load(tmp_path)
    docs = back["documents"]
    assert list(docs["published_at"]) == ["2023-02-01T09:30", "2023"]  # the ISO string stays as written
    assert docs["published_at_dt"].dt.year.tolist() == [2023, 2023]
    ev = back["events"].iloc[0]
    assert ev["date_value_dt"] == pd.Timestamp("2023-01-30") and ev["location_entity_id"] == "a#e2"
    assert back["mentions"]["label"].dtype == "category"
    assert list(back["mentions"]["label"].cat.categories[:3]) == ["PER", "ORG", "LOC"]
    assert back["events"]["type"].dtype == "category"


def test_concat_keeps_categories_and_an_unknown_value_is_kept():
    a = Tables.from_rows({"dates": [{"doc_id": "a", "kind": "date"}]})
    b = Tables.from_rows({"dates": [{"doc_id": "b", "kind": "range"}],
                          "events": [{"doc_id": "b", "type": "NEW_TYPE"}]})
    t = Tables.concat([a, b])
    assert t["dates"]["kind"].dtype == "category" and list(t["dates"]["kind"]) == ["date", "range"]
    assert list(t["events"]["type"]) == ["NEW_TYPE"]
