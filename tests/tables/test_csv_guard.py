"""Issue 25, case 6: CSV cells a spreadsheet would run as a formula (= + - @, tab, CR first) get a
leading apostrophe (OWASP); pipeline.load takes it off again; --raw-csv writes them as they are."""
import csv
import json
import os
import subprocess
import sys
from pathlib import Path

import pandas as pd

import pipeline
from pipeline.tables.csvguard import guard, guard_cell, unguard, unguard_cell

TEXT = "=HYPERLINK(\"http://x\") Мэр Москвы Сергей Собянин открыл парк 5 октября 2020 года."


def _cells(path):
    with open(path, encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def test_cells_are_neutralised_and_read_back_exactly():
    for v in ["=1+1", "+7 495", "-2", "@SUM(A1)", "\tx", "\rx", "'=x", "''@y", "plain", "'quoted", ""]:
        g = guard_cell(v)
        assert unguard_cell(g) == v
        assert not g[:1] in ("=", "+", "-", "@", "\t", "\r"), g
    df = pd.DataFrame({"a": ["=x", None, "ok"], "n": [1, -2, 3]})
    g = guard(df)
    assert g["a"][0] == "'=x" and pd.isna(g["a"][1]) and g["a"][2] == "ok" and g["n"].tolist() == [1, -2, 3]
    pd.testing.assert_frame_equal(unguard(g), df)


def test_extract_to_csv_guards_every_text_cell(tmp_path):
    t = pipeline.extract(texts={"=1+1": TEXT}, out=tmp_path, format="csv")
    docs = _cells(tmp_path / "documents.csv")
    assert docs[0]["doc_id"] == "'=1+1" and docs[0]["text"].startswith("'=HYPERLINK")
    for name in ("mentions", "entities", "dates", "errors"):
        for row in _cells(tmp_path / f"{name}.csv"):
            assert not any(v[:1] in ("=", "+", "-", "@", "\t", "\r") for v in row.values()), (name, row)
    assert json.loads((tmp_path / "manifest.json").read_text())["csv_guard"] is True
    back = pipeline.load(tmp_path)
    assert back["documents"]["text"].tolist() == [TEXT] and back["documents"]["doc_id"].tolist() == ["=1+1"]
    m = back["mentions"]
    assert all(TEXT[s:e] == x for s, e, x in zip(m["start"], m["end"], m["text"]))  # offsets hold
    assert len(t["mentions"]) == len(m)


def test_raw_csv_flag_writes_cells_as_they_are(tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    (src / "a.txt").write_text(TEXT, encoding="utf-8")
    out = tmp_path / "out"
    r = subprocess.run([sys.executable, "-m", "pipeline", "extract", str(src), "--out", str(out), "-f", "csv", "-q",
                        "--raw-csv"], capture_output=True, text=True,
                       env={**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[2])})
    assert r.returncode == 0, r.stderr
    assert _cells(out / "documents.csv")[0]["text"] == TEXT
    assert json.loads((out / "manifest.json").read_text())["csv_guard"] is False
    assert pipeline.load(out)["documents"]["text"].tolist() == [TEXT]
