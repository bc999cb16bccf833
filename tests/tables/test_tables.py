import json

import pandas as pd
import pytest

from pipeline.tables import FORMATS, SCHEMAS, Tables, empty_frame, frame, load, write_tables


def sample_tables():
    return Tables.from_rows({
        "documents": [{"doc_id": "a", "source": "a.txt", "status": "ok", "n_chars": 10, "sha256": "x",
                       "published_at": "2021-03-12", "title": "Заголовок, с запятой"}],
        "mentions": [{"doc_id": "a", "mention_id": "a#m1", "start": 0, "end": 4, "text": "Мэр\n",
                      "label": "PER", "normal": "Мэр", "entity_id": "a#e1", "sentence_id": 0, "source": "ner"}],
        "roles": [{"doc_id": "a", "role_id": "a#r1", "appointment": True, "position": "мэр"}],
    })


def test_every_table_has_its_schema_even_when_empty():
    t = Tables()
    assert set(t) == set(SCHEMAS)
    for name, df in t.items():
        assert list(df.columns) == [c for c, _ in SCHEMAS[name]]
        assert [str(d) for d in df.dtypes] == [d for _, d in SCHEMAS[name]]


@pytest.mark.parametrize("fmt", FORMATS)
def test_write_and_load_round_trip_keeps_dtypes(tmp_path, fmt):
    t = sample_tables()
    write_tables(t, tmp_path, fmt)
    for name in SCHEMAS:
        assert (tmp_path / f"{name}.{fmt}").exists()
    back = load(tmp_path)
    for name, cols in SCHEMAS.items():
        assert [str(d) for d in back[name].dtypes] == [d for _, d in cols], name
        pd.testing.assert_frame_equal(back[name], t[name], check_dtype=True)
    manifest = json.loads((tmp_path / "manifest.json").read_text())
    assert manifest["format"] == fmt and manifest["tables"]["mentions"] == 1


def test_write_leaves_no_temporary_files(tmp_path):
    write_tables(sample_tables(), tmp_path, "parquet")
    write_tables(sample_tables(), tmp_path, "parquet")
    hidden = sorted(p.name for p in tmp_path.iterdir() if p.name.startswith("."))
    assert hidden == [".rupress-current", ".rupress-sets"]
    assert len(list((tmp_path / ".rupress-sets").iterdir())) == 1  # the older set is gone


def test_failed_write_keeps_previous_tables(tmp_path, monkeypatch):
    write_tables(sample_tables(), tmp_path, "csv")
    before = (tmp_path / "mentions.csv").read_bytes()
    import pipeline.tables.core as T

    calls = {"n": 0}
    real = T._write_one

    def boom(name, df, path, fmt):
        calls["n"] += 1
        if name == "entities":
            raise RuntimeError("disk full")
        return real(name, df, path, fmt)

    monkeypatch.setattr(T, "_write_one", boom)
    empty = Tables()
    with pytest.raises(RuntimeError):
        write_tables(empty, tmp_path, "csv")
    assert (tmp_path / "mentions.csv").read_bytes() == before
    assert not [p for p in tmp_path.rglob(".rupress-write*")]
    assert load(tmp_path)["mentions"]["text"].tolist() == ["Мэр\n"]


def test_frame_coerces_missing_columns_to_null():
    df = frame("events", [{"doc_id": "d", "event_id": "d#v1", "type": "VISIT"}])
    assert df.loc[0, "type"] == "VISIT"
    assert pd.isna(df.loc[0, "trigger_start"])
    assert str(df["trigger_start"].dtype) == "Int64"


def test_unknown_format_is_refused(tmp_path):
    with pytest.raises(ValueError):
        write_tables(Tables(), tmp_path, "xlsx")


@pytest.mark.parametrize("fmt", FORMATS)
def test_score_columns_round_trip_as_float64_with_nulls(tmp_path, fmt):
    # a learned row carries a probability, a rule row none: both must come back as written
    t = Tables.from_rows({
        "events": [{"doc_id": "a", "event_id": "a#v1", "type": "OTHER", "lemma": "визит",
                    "score": 0.123456789012345},
                   {"doc_id": "a", "event_id": "a#v2", "type": "MEETING", "lemma": "встреча", "score": None}],
        "event_arguments": [{"doc_id": "a", "event_id": "a#v1", "role": "AGENT", "start": 0, "end": 4,
                             "score": 1.0},
                            {"doc_id": "a", "event_id": "a#v2", "role": "TIME", "start": 5, "end": 9,
                             "score": None}],
    })
    write_tables(t, tmp_path, fmt)
    back = load(tmp_path)
    for name in ("events", "event_arguments"):
        assert str(back[name]["score"].dtype) == "Float64", (name, fmt)
        pd.testing.assert_series_equal(back[name]["score"], t[name]["score"], check_dtype=True)
        assert back[name]["score"].isna().tolist() == [False, True]
    assert back["events"]["score"][0] == pytest.approx(0.123456789012345, abs=1e-12)
    assert back["events"]["lemma"].tolist() == ["визит", "встреча"]
